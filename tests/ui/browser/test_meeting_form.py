"""A field networker logs a meeting on a tablet, in landscape and portrait: participants picked by typing part of a
name without diacritics and tapping the results, a follow-up and a need added inline, all saved in one step; the
needs board and the follow-ups fit the tablet too."""

import re

import pytest

from tests.ui.browser.conftest import TABLET_VIEWPORTS

pytestmark = pytest.mark.django_db


def scrolls_sideways(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth + 1")


@pytest.fixture
def field_data(organization, make_organization, make_contact, kamenice_nad_lipou, make_need):
    make_contact(organization, name="Petra Nováková", position="vedoucí klubu")
    make_organization(name="Spirála Kamenice", municipality=kamenice_nad_lipou)
    make_need(title="Málo terapeutů pro dospívající", priority="high")


@pytest.mark.parametrize("viewport", TABLET_VIEWPORTS)
def test_a_meeting_is_logged_with_participants_a_follow_up_and_a_need(
    page, live_url, login, browser_user, pelhrimov, field_data, viewport, shot
):
    page.set_viewport_size(viewport)
    login(browser_user("sitar.pelhrimov", "sitar", district=pelhrimov))
    page.goto(f"{live_url}/meetings/new/")

    page.select_option("select[name=kind]", "working_meeting")
    page.fill("input[name=title]", "Setkání ke klubu pro dospívající")
    page.fill("input[name=location]", "MÚ Pelhřimov")

    page.fill("#participant-q", "spir")
    results = page.locator("#participant-results")
    results.locator("button[data-kind=organizations]", has_text="Spirála Kamenice").tap()
    results.locator("button[data-kind=contacts]", has_text="Petra Nováková").tap()
    # The contact brought her organisation along.
    assert page.locator("#chips .chip-label").all_inner_texts() == [
        "Spirála Kamenice",
        "Spirála Pelhřimov",
        "Petra Nováková (Spirála Pelhřimov)",
    ]

    page.fill("input[name=followups-0-description]", "Poslat zápis všem účastníkům")
    page.fill("input[name=followups-0-due_on]", "2026-12-20")
    page.fill("input[name=needs-0-title]", "Chybí NZDM pro 12–15 let")
    page.select_option("select[name=needs-0-category]", "missing_service")
    page.select_option("select[name=needs-0-priority]", "high")
    assert not scrolls_sideways(page)
    shot("meeting-form")

    page.click("#meeting-form button[type=submit]")
    page.wait_for_url(re.compile(r"/meetings/\d+/$"))

    assert page.locator("#participants li a").all_inner_texts() == [
        "Spirála Kamenice",
        "Spirála Pelhřimov",
        "Petra Nováková (Spirála Pelhřimov)",
    ]
    assert "Poslat zápis všem účastníkům" in page.locator("#followups").inner_text()
    assert "Chybí NZDM pro 12–15 let" in page.locator("#needs").inner_text()
    assert not scrolls_sideways(page)

    page.goto(f"{live_url}/meetings/needs/")
    assert "Chybí NZDM pro 12–15 let" in page.locator(".status-open").inner_text()
    assert not scrolls_sideways(page)
    shot("needs-board")

    # Logged by the user, the follow-up is theirs (the row preselects them as its assignee).
    page.goto(f"{live_url}/meetings/followups/?mine=true&done=false")
    row = page.locator("tr.followup", has_text="Poslat zápis všem účastníkům")
    row.locator("button[type=submit]").tap()
    page.locator("tr.followup.done", has_text="Poslat zápis všem účastníkům").wait_for()
    assert not scrolls_sideways(page)
    shot("followups")


@pytest.mark.parametrize("viewport", TABLET_VIEWPORTS)
def test_a_removed_row_is_not_saved_and_a_bad_value_keeps_the_chips(
    page, live_url, login, browser_user, pelhrimov, field_data, viewport
):
    page.set_viewport_size(viewport)
    login(browser_user("sitar.pelhrimov", "sitar", district=pelhrimov))
    page.goto(f"{live_url}/meetings/new/")
    page.select_option("select[name=kind]", "visit")
    page.fill("input[name=title]", "Návštěva")
    page.fill("#participant-q", "spirala pel")
    page.locator("#participant-results button[data-kind=organizations]").first.tap()
    # A new meeting opens with one follow-up row and one need row.
    page.fill("input[name=needs-0-title]", "Odstraněný řádek")
    page.tap("#needs-0 [data-remove-row]")
    page.tap("[data-add-row=needs]")
    page.fill("input[name=needs-1-title]", "Bez kategorie")

    page.click("#meeting-form button[type=submit]")

    assert page.url.endswith("/meetings/new/")  # the need without a category is refused, nothing saved
    assert page.locator("#chips .chip-label").all_inner_texts() == ["Spirála Pelhřimov"]
    assert page.locator("input[name=needs-1-title]").input_value() == "Bez kategorie"
    assert (
        page.locator("input[name=needs-1-category], select[name=needs-1-category]").get_attribute("aria-invalid")
        == "true"
    )
    assert not page.locator("input[name=needs-0-title]").is_visible()
