"""The directory in the field (issue 16, items 1, 6 and 8) at both tablet sizes: an OSPOD worker of Jihlava opens it
on ORP Jihlava and finds the SAS of a Pelhřimov provider serving Jihlava, marked with its seat; the results start
within the first screen, the other filters folded, the map a tab; typing searches without loading the page."""

import re

import pytest
from playwright.sync_api import expect

from tests.ui.browser.conftest import TABLET_VIEWPORTS
from tests.ui.browser.layout import scrolls_sideways, too_small

pytestmark = pytest.mark.django_db

DEAD_TILES = "http://127.0.0.1:9/{z}/{x}/{y}.png"


@pytest.fixture
def jihlava_world(settings, make_organization, make_service, jihlava_town, jihlava, pelhrimov, ospod_jihlava):
    settings.MAP_TILES_URL = DEAD_TILES
    diakonie = make_organization(name="Diakonie ČCE Pelhřimov")
    make_service(diakonie, name="SAS Studnice", served_districts=[pelhrimov, jihlava])
    make_organization(name="Škola Pelhřimov", kind="school")
    for number in range(12):
        make_organization(name=f"Spolek Jihlava {number:02d}", municipality=jihlava_town)
    return diakonie


@pytest.mark.parametrize("viewport", TABLET_VIEWPORTS)
def test_an_ospod_worker_finds_the_sas_serving_jihlava_from_pelhrimov(
    page, live_url, login, browser_user, ospod_jihlava, jihlava, jihlava_world, viewport, shot
):
    page.set_viewport_size(viewport)
    login(browser_user("ospod.jihlava", "ospod", organization=ospod_jihlava))
    page.goto(f"{live_url}/organizations/")
    # It opens on the OSPOD's ORP.
    expect(page.locator("select[name=district]")).to_have_value(jihlava.code)
    page.locator("details.more-filters > summary").click()
    page.select_option("select[name=service_kind]", "sas_families")
    expect(page).to_have_url(re.compile(r"service_kind=sas_families"))
    row = page.locator(f"tr[data-id='{jihlava_world.pk}']")
    expect(row).to_contain_text("Diakonie ČCE Pelhřimov")
    expect(row).to_contain_text("působí zde")
    expect(row).to_contain_text("sídlo:")
    expect(row).to_contain_text("ORP Pelhřimov")
    assert too_small(page) == []
    assert not scrolls_sideways(page)
    shot("directory-serving-orp")


@pytest.mark.parametrize("viewport", TABLET_VIEWPORTS)
def test_the_results_come_first_and_the_search_runs_as_one_types(
    page, live_url, login, browser_user, ospod_jihlava, jihlava_world, viewport, shot
):
    page.set_viewport_size(viewport)
    login(browser_user("ospod.jihlava", "ospod", organization=ospod_jihlava))
    page.goto(f"{live_url}/organizations/")
    first = page.locator("table.list tbody tr").first
    expect(first).to_be_visible()
    assert first.bounding_box()["y"] < 500
    expect(page.locator("details.more-filters")).not_to_have_attribute("open", "")
    expect(page.locator("#directory-map")).to_be_hidden()
    shot("directory-results-first")

    # A mark on the window: a page load would drop it.
    page.evaluate("window.__stillHere = true")
    page.locator("input[name=q]").press_sequentially("spolek 03", delay=30)
    expect(page.locator("table.list tbody tr")).to_have_count(1)
    expect(page.locator("table.list tbody tr").first).to_contain_text("Spolek Jihlava 03")
    assert page.evaluate("window.__stillHere") is True
    expect(page).to_have_url(re.compile(r"q=spolek"))

    page.get_by_role("tab", name=re.compile("Mapa")).click()
    expect(page.locator("#directory-map .directory-marker")).to_have_count(1)
    expect(page.locator("table.list")).to_be_hidden()
    assert too_small(page) == []
    assert not scrolls_sideways(page)
    shot("directory-map-tab")


@pytest.mark.parametrize("viewport", TABLET_VIEWPORTS)
def test_an_active_folded_filter_opens_the_fold_and_is_counted(
    page, live_url, login, browser_user, ospod_jihlava, jihlava_world, viewport, shot
):
    page.set_viewport_size(viewport)
    login(browser_user("ospod.jihlava", "ospod", organization=ospod_jihlava))
    page.goto(f"{live_url}/organizations/?kind=school&region=&district=")
    expect(page.locator("details.more-filters")).to_have_attribute("open", "")
    expect(page.locator("details.more-filters > summary")).to_contain_text("1")
    expect(page.locator("table.list tbody tr")).to_have_count(1)
    page.get_by_role("link", name="Moje ORP").click()
    expect(page.locator("select[name=district]")).not_to_have_value("")
    shot("directory-folded-filters")


@pytest.mark.parametrize("viewport", TABLET_VIEWPORTS)
def test_typing_a_name_without_diacritics_finds_the_contact_person(
    page, live_url, login, browser_user, pelhrimov, make_contact, ospod, viewport, shot
):
    page.set_viewport_size(viewport)
    benesova = make_contact(ospod, name="Klára Benešová", position="vedoucí OSPOD")
    login(browser_user("sitar.pelhrimov", "sitar", district=pelhrimov))
    page.goto(f"{live_url}/organizations/")
    page.locator("input[name=q]").press_sequentially("benesova", delay=30)
    person = page.locator(f"li[data-contact='{benesova.pk}']")
    expect(person).to_contain_text("Klára Benešová")
    expect(person.get_by_role("link")).to_have_attribute("href", f"/organizations/{ospod.pk}/#contacts")
    assert too_small(page) == []
    shot("directory-people")
