"""What issue 5 asks to be shown in a real browser, end to end, as the named users of the demo would do it.

- At 1024×768 and 768×1024, sitar.pelhrimov signs in, finds an organisation by typing its name without diacritics,
  logs a meeting with two organisations, one contact, one follow-up and one need, and sees all of them on the
  organisation card and on the needs board.
- sitar.liberec opening the URL of a Vysočina case or of a contact not shared with OSPOD gets 404; ospod.jihlava sees
  its own cases only.
- A form sent with a bad IČO shows the Czech error next to the field and keeps the other values.
Screenshots of the screens go to the run's folder (tests/ui/browser/conftest.py).
"""

import re

import pytest
from playwright.sync_api import expect

from tests.ui.browser.conftest import TABLET_VIEWPORTS
from tests.ui.browser.layout import scrolls_sideways

pytestmark = pytest.mark.django_db

MEETING = "Setkání k rodinám v krizi"
FOLLOWUP = "Poslat zápis všem účastníkům"
NEED = "Chybí SAS pro rodiny v Kamenici"


@pytest.mark.parametrize("viewport", TABLET_VIEWPORTS)
def test_a_networker_finds_an_organisation_logs_a_meeting_and_sees_it_on_the_card_and_the_board(
    page, live_url, login, browser_user, pelhrimov, pelhrimov_directory, viewport, shot
):
    page.set_viewport_size(viewport)
    login(browser_user("sitar.pelhrimov", "sitar", district=pelhrimov))
    shot("home")

    # Found without diacritics.
    page.goto(f"{live_url}/organizations/")
    page.fill("#directory-search input[name=q]", "spirala pelhrimov")
    page.click("#directory-search button[type=submit]")
    page.wait_for_url(re.compile(r"q=spirala"))
    rows = page.locator("table.list tbody tr")
    expect(rows).to_have_count(1)
    rows.first.locator("a", has_text="Spirála Pelhřimov").click()
    page.wait_for_url(f"{live_url}/organizations/{pelhrimov_directory.pk}/")

    # A meeting from the card: Spirála is already a participant.
    page.locator("main a", has_text="Zapsat schůzku").first.click()
    page.wait_for_url(re.compile(r"/meetings/new/\?organization="))
    expect(page.locator("#chips .chip-label")).to_have_text(["Spirála Pelhřimov"])
    page.select_option("select[name=kind]", "working_meeting")
    page.fill("input[name=title]", MEETING)
    page.fill("#participant-q", "komenskeho")
    page.locator("#participant-results button[data-kind=organizations]", has_text="ZŠ Komenského").tap()
    page.fill("#participant-q", "spirala")
    page.locator("#participant-results button[data-kind=contacts]", has_text="Petra Nováková").tap()
    expect(page.locator("#chips .chip-label")).to_have_text(
        ["Spirála Pelhřimov", "ZŠ Komenského Pelhřimov", "Petra Nováková (Spirála Pelhřimov)"]
    )
    page.tap("[data-add-row=followups]")
    page.fill("input[name=followups-0-description]", FOLLOWUP)
    page.fill("input[name=followups-0-due_on]", "2026-12-20")
    page.tap("[data-add-row=needs]")
    page.fill("input[name=needs-0-title]", NEED)
    page.select_option("select[name=needs-0-category]", "missing_service")
    assert not scrolls_sideways(page)
    shot("log-a-meeting")
    page.click("#meeting-form button[type=submit]")
    page.wait_for_url(re.compile(r"/meetings/\d+/$"))
    shot("meeting")

    # All of it on the organisation card ...
    page.goto(f"{live_url}/organizations/{pelhrimov_directory.pk}/")
    expect(page.locator("#meetings")).to_contain_text(MEETING)
    expect(page.locator("#contacts")).to_contain_text("Petra Nováková")
    expect(page.locator("#followups")).to_contain_text(FOLLOWUP)
    expect(page.locator("#needs")).to_contain_text(NEED)
    assert not scrolls_sideways(page)
    shot("organization-card")
    # ... and on the needs board, among the open ones.
    page.goto(f"{live_url}/meetings/needs/")
    expect(page.locator(".status-open")).to_contain_text(NEED)
    assert not scrolls_sideways(page)
    shot("needs-board")


@pytest.fixture
def vysocina_private(make_organization, make_contact, make_case, jihlava_town):
    """A case of the Pelhřimov OSPOD and one of the Jihlava OSPOD, and a contact not shared with OSPOD."""
    jihlava_ospod = make_organization(name="Magistrát města Jihlavy – OSPOD", kind="ospod", municipality=jihlava_town)
    contact = make_contact(
        make_organization(name="Spirála Pelhřimov"), name="Jana Dvořáková", shareable_with_ospod=False
    )
    return {
        "jihlava_ospod": jihlava_ospod,
        "pelhrimov_case": make_case(reference="PE-2026-014"),
        "jihlava_case": make_case(reference="JI-2026-003", owner=jihlava_ospod),
        "contact": contact,
    }


def test_out_of_scope_urls_are_not_found_and_an_ospod_worker_sees_only_its_cases(
    page, live_url, login, browser_user, liberec, vysocina_private, shot
):
    login(browser_user("sitar.liberec", "sitar", district=liberec))
    for url in (
        f"/cases/{vysocina_private['jihlava_case'].pk}/",
        f"/cases/{vysocina_private['pelhrimov_case'].pk}/",
        f"/organizations/contacts/{vysocina_private['contact'].pk}/edit/",
    ):
        assert page.goto(f"{live_url}{url}").status == 404, url
    page.context.clear_cookies()

    login(browser_user("ospod.jihlava", "ospod", organization=vysocina_private["jihlava_ospod"]))
    page.goto(f"{live_url}/cases/")
    expect(page.locator("main")).to_contain_text("JI-2026-003")
    expect(page.locator("main")).not_to_contain_text("PE-2026-014")
    assert page.goto(f"{live_url}/cases/{vysocina_private['pelhrimov_case'].pk}/").status == 404
    shot("cases")


def test_a_bad_ico_is_explained_in_czech_next_to_the_field_and_the_rest_is_kept(
    page, live_url, login, browser_user, pelhrimov, pelhrimov_town, shot
):
    login(browser_user("sitar.pelhrimov", "sitar", district=pelhrimov))
    page.goto(f"{live_url}/organizations/new/")
    page.fill("input[name=name]", "Poradna Nový začátek")
    page.select_option("select[name=kind]", "ngo")
    page.fill("input[name=ico]", "12345678")
    page.fill("input[name=street]", "Masarykovo náměstí 1")
    page.fill("input[name=postcode]", "393 01")
    page.select_option("select[name=municipality]", str(pelhrimov_town.pk))
    page.click("main form button[type=submit]")

    ico = page.locator("input[name=ico]")
    expect(ico).to_have_attribute("aria-invalid", "true")
    # Django's field group: the field's errors right before its input, inside the same group.
    group = page.locator("div.field", has=ico)
    expect(group.locator(".errorlist")).to_have_text("Toto IČO není platné: nesouhlasí kontrolní číslice.")
    expect(page.locator("input[name=name]")).to_have_value("Poradna Nový začátek")
    expect(page.locator("input[name=street]")).to_have_value("Masarykovo náměstí 1")
    expect(page.locator("input[name=postcode]")).to_have_value("393 01")
    expect(ico).to_have_value("12345678")
    shot("organization-form-error")
