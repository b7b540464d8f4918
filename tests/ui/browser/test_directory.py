"""The directory and the organisation card in a real browser on a tablet: search without diacritics, markers on the map
although no map tile can load (as in the field), and nothing too small or wider than the screen."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.ui.browser.conftest import TABLET_VIEWPORTS
from tests.ui.browser.layout import scrolls_sideways, too_small

pytestmark = pytest.mark.django_db

# A port nothing listens on: every tile request fails, as it does on a tablet without a connection.
DEAD_TILES = "http://127.0.0.1:9/{z}/{x}/{y}.png"


@pytest.fixture
def directory(settings, make_organization, make_service, make_contact, jihlava_town):
    settings.MAP_TILES_URL = DEAD_TILES
    spirala = make_organization(name="Spirála Pelhřimov", latitude=Decimal("49.4313"), longitude=Decimal("15.2233"))
    make_service(spirala, name="Rodinná SAS")
    make_contact(spirala, name="Jana Nováková", position="vedoucí")
    make_organization(name="ZŠ Komenského Pelhřimov", kind="school")
    make_organization(name="Nový Start Jihlava", municipality=jihlava_town)
    return spirala


@pytest.mark.parametrize("viewport", TABLET_VIEWPORTS)
def test_the_directory_finds_spirala_and_maps_it_without_tiles(
    page, live_url, login, browser_user, pelhrimov, directory, viewport, shot
):
    page.set_viewport_size(viewport)
    login(browser_user("sitar.pelhrimov", "sitar", district=pelhrimov))
    page.goto(f"{live_url}/organizations/?district=")
    page.get_by_role("tab", name=re.compile("Mapa")).click()
    # Spirála by its coordinates, the school and Nový Start at the centres of their ORPs.
    expect(page.locator("#directory-map .directory-marker")).to_have_count(3)

    asked = []
    page.on("request", lambda request: request.headers.get("hx-request") and asked.append(request.url))
    page.fill("input[name=q]", "spirala")
    page.click("form.directory-search button[type=submit]")
    expect(page).to_have_url(re.compile(r"q=spirala"))
    # Typing would ask 300 ms after the key; Enter asked at once, and the late ask of the same search is dropped (its
    # answer would redraw the map and close the popup opened below).
    page.wait_for_timeout(600)
    assert len(asked) == 1 and "q=spirala" in asked[0]
    page.get_by_role("tab", name=re.compile("Seznam")).click()
    rows = page.locator("table.list tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Spirála Pelhřimov")
    page.get_by_role("tab", name=re.compile("Mapa")).click()
    expect(page.locator("#directory-map")).to_be_visible()
    expect(page.locator("#directory-map .directory-marker")).to_have_count(1)
    assert page.locator("#directory-map").get_attribute("data-markers") == "1"
    assert too_small(page) == []
    assert not scrolls_sideways(page)
    shot("directory")

    page.locator("#directory-map .directory-marker").click()
    page.locator(".leaflet-popup a", has_text="Spirála Pelhřimov").click()
    page.wait_for_url(f"{live_url}/organizations/{directory.pk}/")
    expect(page.locator("h1")).to_have_text("Spirála Pelhřimov")
    expect(page.locator("#services")).to_contain_text("Rodinná SAS")
    expect(page.locator("#contacts")).to_contain_text("Jana Nováková")
    assert too_small(page) == []
    assert not scrolls_sideways(page)
    shot("organization-card")


def test_the_list_still_works_when_the_map_library_does_not_load(
    page, live_url, login, browser_user, pelhrimov, directory
):
    page.route("**/static/leaflet/leaflet.js", lambda route: route.abort())
    login(browser_user("sitar.pelhrimov", "sitar", district=pelhrimov))
    page.goto(f"{live_url}/organizations/?q=spirala")
    expect(page.locator("table.list tbody tr")).to_have_count(1)
    page.get_by_role("tab", name=re.compile("Mapa")).click()
    expect(page.locator("#directory-map")).to_be_hidden()
