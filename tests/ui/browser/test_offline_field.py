"""Issue 20 in a real browser: the tablet works without signal and loses nothing.

- sitar.pelhrimov opens Síťař (the copy of the ORP comes onto the tablet), goes offline, finds an organisation without
  diacritics, logs a meeting with two organisations, a follow-up and a need, closes the tab, opens Síťař again offline
  (the change still waits), goes online: exactly one meeting, one follow-up and one need on the server — also when
  the connection drops after the server wrote the meeting and before the tablet heard.
- The same meeting changed on the tablet offline and by a colleague online: the merge screen shows both, the user keeps
  one field from each; the result is a new version and both edits are in the history.
- Signing out leaves no IndexedDB database, no cache and no service worker.
At 768×1024 and 1024×768; the context is set offline and back online (Playwright), no CSP violation.
"""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from meetings.models import FollowUp, Meeting, Need
from meetings.services import meeting_update
from organizations.models import Organization
from tests.ui.browser.conftest import TABLET_VIEWPORTS
from tests.ui.browser.layout import scrolls_sideways
from tests.ui.browser.offline import eventually, open_with_copy, waiting

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser_context_args(browser_context_args):
    """With the service worker (the browser tests' conftest blocks it elsewhere)."""
    return {**browser_context_args, "service_workers": "allow"}


TITLE = "Návštěva v terénu bez signálu"
TASK = "Domluvit společnou schůzku s rodinou"
NEED = "Chybí odlehčovací služba"


@pytest.mark.parametrize("viewport", TABLET_VIEWPORTS)
@pytest.mark.parametrize("interrupted", [False, True], ids=["steady", "dropped"])
def test_a_visit_logged_without_signal_reaches_the_server_exactly_once(
    page, context, live_url, login, browser_user, pelhrimov, pelhrimov_directory, viewport, interrupted
):
    spirala = pelhrimov_directory
    school = Organization.objects.get(name="ZŠ Komenského Pelhřimov")
    page.set_viewport_size(viewport)
    login(browser_user("sitar.pelhrimov", "sitar", district=pelhrimov))
    open_with_copy(page, live_url)

    context.set_offline(True)
    page.goto(f"{live_url}/organizations/")
    page.fill("#offline-app input[type=search]", "spirala pelhrimov")
    page.locator("#offline-app a", has_text="Spirála Pelhřimov").click()
    page.wait_for_url(f"{live_url}/organizations/{spirala.pk}/")
    page.locator("#offline-app a", has_text="Zapsat setkání s touto organizací").click()
    page.wait_for_url(re.compile(r"/meetings/new/\?organization="))

    page.fill("#offline-app input[name=title]", TITLE)
    page.fill("#offline-app .picker input[type=search]", "komenskeho")
    page.locator(f"#offline-app [data-add='{school.pk}']").click()
    expect(page.locator("#offline-app .picked li")).to_have_count(2)
    page.locator("#offline-app [data-add-row=followups]").click()
    page.fill("#offline-app [data-row=followup] input[name=description]", TASK)
    page.locator("#offline-app [data-add-row=needs]").click()
    page.fill("#offline-app [data-row=need] input[name=title]", NEED)
    page.select_option("#offline-app [data-row=need] select[name=category]", "missing_service")
    assert not scrolls_sideways(page)
    page.locator("#offline-app button[type=submit]").click()
    page.wait_for_url(f"{live_url}/")
    expect(waiting(page)).to_have_attribute("data-waiting", "1")
    expect(waiting(page)).to_contain_text("Offline")

    # The tab closed and opened again without signal: the visit still waits.
    page.close()
    page = context.new_page()
    page.set_viewport_size(viewport)
    page.goto(f"{live_url}/")
    expect(waiting(page)).to_have_attribute("data-waiting", "1")
    assert Meeting.objects.filter(title=TITLE).count() == 0

    dropped = []
    if interrupted:

        def drop_the_answer(route):
            # The server writes the meeting; the answer never reaches the tablet.
            if route.request.method == "POST" and not dropped:
                route.fetch()
                dropped.append(route.request.post_data_json["uuid"])
                route.abort("internetdisconnected")
            else:
                route.continue_()

        page.route("**/api/v1/meetings/", drop_the_answer)

    context.set_offline(False)
    if interrupted:
        eventually(page, lambda: bool(dropped), timeout_ms=10_000)  # the route's handler runs while the test waits
        assert dropped, "the meeting was sent once and its answer dropped"
        assert Meeting.objects.filter(title=TITLE).count() == 1
        page.unroute("**/api/v1/meetings/")
        page.goto(f"{live_url}/offline/")
        page.locator("#offline-app [data-sync]").click()
    eventually(page, lambda: Need.objects.filter(title=NEED).exists())
    expect(page.locator("#offline-bar")).to_be_hidden(timeout=20_000)

    meeting = Meeting.objects.get(title=TITLE)
    assert set(meeting.organizations.values_list("pk", flat=True)) == {spirala.pk, school.pk}
    assert list(FollowUp.objects.filter(description=TASK).values_list("meeting", flat=True)) == [meeting.pk]
    assert list(Need.objects.filter(title=NEED).values_list("raised_in", flat=True)) == [meeting.pk]
    if interrupted:
        assert str(meeting.uuid) == dropped[0]


@pytest.mark.parametrize("viewport", TABLET_VIEWPORTS)
def test_a_meeting_changed_on_the_tablet_and_by_a_colleague_is_merged_field_by_field(
    page, context, live_url, login, browser_user, make_user, pelhrimov, make_meeting, organization, viewport
):
    page.set_viewport_size(viewport)
    user = browser_user("sitar.pelhrimov", "sitar", district=pelhrimov)
    colleague = browser_user("poradce.vysocina", "poradce", region=pelhrimov.region)
    meeting = make_meeting(title="Pracovní setkání", summary="Původní zápis", held_on=timezone.localdate(), actor=user)
    meeting.organizations.add(organization)
    login(user)
    open_with_copy(page, live_url)

    context.set_offline(True)
    page.goto(f"{live_url}/meetings/{meeting.pk}/edit/")
    page.fill("#offline-app input[name=title]", "Setkání z tabletu")
    page.fill("#offline-app textarea[name=summary]", "Zápis z tabletu")
    page.locator("#offline-app button[type=submit]").click()
    page.wait_for_url(f"{live_url}/meetings/{meeting.pk}/")

    # Meanwhile a colleague changes the same two fields online.
    meeting_update(
        actor=colleague, meeting=meeting, data={"title": "Setkání od kolegyně", "summary": "Zápis od kolegyně"}
    )
    version_before = Meeting.objects.get(pk=meeting.pk).version

    context.set_offline(False)
    page.goto(f"{live_url}/offline/")
    change = page.locator("#offline-app li[data-state=conflict]")
    expect(change).to_have_count(1, timeout=20_000)
    change.locator("a", has_text="Porovnat a vybrat").click()
    page.wait_for_url(re.compile(r"/offline/\?conflict="))
    expect(page.locator("#offline-app tr[data-field]")).to_have_count(2, timeout=20_000)
    title_row = page.locator("#offline-app tr[data-field=title]")
    expect(title_row).to_contain_text("Setkání z tabletu")
    expect(title_row).to_contain_text("Setkání od kolegyně")
    title_row.locator("input[value=tablet]").check()
    page.locator("#offline-app tr[data-field=summary] input[value=server]").check()
    assert not scrolls_sideways(page)
    page.locator("#offline-app button[type=submit]").click()
    page.wait_for_url(f"{live_url}/offline/")
    expect(page.locator("#offline-bar")).to_be_hidden(timeout=20_000)

    meeting.refresh_from_db()
    assert (meeting.title, meeting.summary) == ("Setkání z tabletu", "Zápis od kolegyně")
    assert meeting.version > version_before
    editors = list(meeting.history.order_by("history_date").values_list("history_user", "title", "summary"))
    assert (colleague.pk, "Setkání od kolegyně", "Zápis od kolegyně") in editors
    assert editors[-1] == (user.pk, "Setkání z tabletu", "Zápis od kolegyně")


STORAGE = """async () => ({
  databases: (await indexedDB.databases()).map((db) => db.name),
  caches: await caches.keys(),
  workers: (await navigator.serviceWorker.getRegistrations()).length,
})"""


def test_signing_out_wipes_the_tablet(page, live_url, login, browser_user, pelhrimov, organization):
    login(browser_user("sitar.pelhrimov", "sitar", district=pelhrimov))
    open_with_copy(page, live_url)
    before = page.evaluate(STORAGE)
    assert before["databases"] and before["caches"] and before["workers"]

    page.locator("header form[action$='/accounts/logout/'] button").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))
    assert page.evaluate(STORAGE) == {"databases": [], "caches": [], "workers": 0}
