"""Sign-in lockout on a tablet: the Czech message after too many wrong passwords, and a lead's "Unlock"."""

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory

from tests.ui.browser.conftest import PASSWORD, TABLET_VIEWPORTS
from tests.ui.browser.layout import scrolls_sideways, too_small

pytestmark = pytest.mark.django_db


def test_five_wrong_passwords_show_the_czech_lockout_message(page, live_url, browser_user, pelhrimov, shot):
    user = browser_user("sitar.zamek", "sitar", district=pelhrimov)
    for attempt in range(5):
        page.goto(f"{live_url}/accounts/login/")
        page.fill("input[name=username]", user.username)
        page.fill("input[name=password]", f"spatne-{attempt}")
        page.click("main button[type=submit]")
    message = page.text_content("#lockout-message")
    assert "Příliš mnoho neúspěšných pokusů o přihlášení" in message
    shot("lockout-message")


@pytest.mark.parametrize("viewport", TABLET_VIEWPORTS)
def test_a_lead_unlocks_a_networker_of_the_kraj_from_the_role_page(
    page, live_url, login, browser_user, pelhrimov, vysocina, shot, viewport
):
    page.set_viewport_size(viewport)
    networker = browser_user("sitar.zamek", "sitar", district=pelhrimov)
    # The wrong guesses come from another address, so that the browser's own address stays free for the lead (and
    # not through the test client, whose request signals would close the live server's shared connection).
    for _ in range(5):
        request = RequestFactory().post("/accounts/login/", REMOTE_ADDR="10.20.30.40")
        assert authenticate(request, username=networker.username, password="spatne") is None
    login(browser_user("vedouci.zamek", "vedouci", region=vysocina))
    page.goto(f"{live_url}/roles/")
    page.click("a[href='/roles/lockouts/']")
    page.wait_for_url(f"{live_url}/roles/lockouts/")
    assert page.locator(f"form[action='/roles/lockouts/{networker.pk}/unlock/']").count() == 1
    assert too_small(page) == [] and not scrolls_sideways(page)
    shot("lockouts")

    page.click(f"form[action='/roles/lockouts/{networker.pk}/unlock/'] button")
    page.wait_for_url(f"{live_url}/roles/lockouts/")
    assert page.locator(f"form[action='/roles/lockouts/{networker.pk}/unlock/']").count() == 0

    page.click(".topnav form[action='/accounts/logout/'] button")
    page.wait_for_url(f"{live_url}/accounts/login/")  # sent once the offline copy is wiped
    login(networker, PASSWORD)
