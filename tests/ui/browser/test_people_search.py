"""People found by name on a tablet (issue 16, item 2): "benesova" typed into the meeting form's type-ahead ("Najít
organizaci nebo kontaktní osobu") finds Klára Benešová of OSPOD Pelhřimov and adds her with her organisation; an OSPOD
worker searching the directory as they type finds only the people shared with OSPOD."""

import pytest
from playwright.sync_api import expect

from tests.ui.browser.conftest import TABLET_VIEWPORTS
from tests.ui.browser.layout import scrolls_sideways, too_small

pytestmark = pytest.mark.django_db


@pytest.fixture
def benesove(ospod, make_contact):
    """Klára, shared with OSPOD, and Petra, who is not."""
    return {
        "klara": make_contact(ospod, name="Klára Benešová", position="vedoucí OSPOD", shareable_with_ospod=True),
        "petra": make_contact(ospod, name="Petra Benešová", position="sociální pracovnice", shareable_with_ospod=False),
    }


@pytest.mark.parametrize("viewport", TABLET_VIEWPORTS)
def test_benesova_in_the_type_ahead_finds_klara_benesova_and_adds_her_with_her_ospod(
    page, live_url, login, browser_user, pelhrimov, ospod, benesove, viewport, shot
):
    page.set_viewport_size(viewport)
    login(browser_user("sitar.pelhrimov", "sitar", district=pelhrimov))
    page.goto(f"{live_url}/meetings/new/")

    # Typed as a finger does; the answer to the whole word is the one tapped (an earlier one may still be swapped in).
    with page.expect_response(lambda response: "q=benesova" in response.url):
        page.locator("#participant-q").press_sequentially("benesova", delay=30)
    klara = page.locator(f"#participant-results button[data-kind=contacts][data-id='{benesove['klara'].pk}']")
    expect(klara).to_contain_text("Klára Benešová")
    expect(klara).to_contain_text("OSPOD Pelhřimov")
    assert too_small(page) == [] and not scrolls_sideways(page)

    klara.tap()
    expect(klara).to_have_attribute("aria-pressed", "true")
    chips = page.locator("#chips")
    expect(chips.locator(f"input[name=contacts][value='{benesove['klara'].pk}']")).to_have_count(1)
    expect(chips.locator(f"input[name=organizations][value='{ospod.pk}']")).to_have_count(1)
    shot("type-ahead-people")


@pytest.mark.parametrize("viewport", TABLET_VIEWPORTS)
def test_an_ospod_worker_finds_by_name_only_the_people_shared_with_ospod(
    page, live_url, login, browser_user, ospod_jihlava, benesove, viewport, shot
):
    page.set_viewport_size(viewport)
    login(browser_user("ospod.jihlava", "ospod", organization=ospod_jihlava))
    page.goto(f"{live_url}/organizations/?district=")

    # The answer to the whole word, so that no search is still running on the test's connection when it ends.
    with page.expect_response(lambda response: "q=benesova" in response.url):
        page.locator("input[name=q]").press_sequentially("benesova", delay=30)
    expect(page.locator(f"li[data-contact='{benesove['klara'].pk}']")).to_contain_text("Klára Benešová")
    expect(page.locator(f"li[data-contact='{benesove['petra'].pk}']")).to_have_count(0)
    expect(page.locator("main")).not_to_contain_text("Petra")
    assert too_small(page) == [] and not scrolls_sideways(page)
    shot("directory-people-ospod")
