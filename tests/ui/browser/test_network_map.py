"""The network map on a tablet: the graph of ORP Pelhřimov is drawn (vis-network) and redrawn for a link kind, a tap
on a node opens its panel, and the map view works although no map tile can load (as in the field)."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.ui.browser.conftest import TABLET_VIEWPORTS
from tests.ui.browser.layout import scrolls_sideways, too_small

pytestmark = pytest.mark.django_db

# A port nothing listens on: every tile request fails, as it does on a tablet without a connection.
DEAD_TILES = "http://127.0.0.1:9/{z}/{x}/{y}.png"


@pytest.fixture
def pelhrimov_network(settings, make_organization, make_link, kamenice_nad_lipou):
    """Four organisations in ORP Pelhřimov at four places, and four links: two referrals, one directed case
    cooperation, one information sharing."""
    settings.MAP_TILES_URL = DEAD_TILES

    def place(name, lat, lon, **fields):
        return make_organization(name=name, latitude=Decimal(lat), longitude=Decimal(lon), **fields)

    spirala = place("Spirála Pelhřimov", "49.4313", "15.2233")
    school = place("ZŠ Komenského Pelhřimov", "49.4250", "15.2100", kind="school")
    ospod = place("OSPOD Pelhřimov", "49.4340", "15.2290", kind="ospod")
    kamenice = place("Klub Kamenice", "49.3050", "15.0750", municipality=kamenice_nad_lipou)
    make_link(spirala, school, kind="referral")
    make_link(ospod, school, kind="referral", strength=2)
    make_link(ospod, spirala, kind="case_cooperation", strength=5, directed=True)
    make_link(kamenice, spirala, kind="information_sharing", strength=1)
    return {"spirala": spirala, "school": school, "ospod": ospod, "kamenice": kamenice}


def drawn_counts(page) -> tuple[str, str]:
    graph = page.locator("#network-graph")
    expect(graph).to_have_attribute("data-stabilized", "true", timeout=15000)
    return graph.get_attribute("data-nodes"), graph.get_attribute("data-edges")


def graph_answers(page) -> list:
    """(status on the wire, If-None-Match sent, ETag) of every answer to the map's data request (/network/graph/).

    page.on("response") gives the request's headers, but reports an answer revalidated from the browser's cache as
    the 200 it stored; the status that came over the wire (a 304) is Chromium's own (responseReceivedExtraInfo)."""
    answers, wire = [], {}
    session = page.context.new_cdp_session(page)
    session.send("Network.enable")
    session.on(
        "Network.responseReceivedExtraInfo", lambda event: wire.update({event["requestId"]: event["statusCode"]})
    )
    urls = {}
    session.on("Network.requestWillBeSent", lambda event: urls.update({event["requestId"]: event["request"]["url"]}))

    def seen(response):
        if "/network/graph/" in response.url:
            answers.append((response.request.header_value("if-none-match"), response.header_value("etag")))

    page.on("response", seen)

    def statuses():
        return [wire[key] for key, url in urls.items() if "/network/graph/" in url and key in wire]

    return answers, statuses


@pytest.mark.parametrize("viewport", TABLET_VIEWPORTS)
def test_the_drawing_is_fetched_after_the_page_and_a_reopened_map_costs_a_304(
    page, live_url, login, browser_user, pelhrimov, pelhrimov_network, viewport
):
    page.set_viewport_size(viewport)
    login(browser_user("sitar.pelhrimov", "sitar", district=pelhrimov))
    answers, statuses = graph_answers(page)
    page.goto(f"{live_url}/network/?district={pelhrimov.code}")
    assert drawn_counts(page) == ("4", "4")
    assert statuses() == [200]
    ((sent, etag),) = answers
    assert sent is None and etag

    page.goto(f"{live_url}/network/?district={pelhrimov.code}")
    assert drawn_counts(page) == ("4", "4")  # drawn from the browser's kept copy
    assert statuses() == [200, 304]
    assert answers[1] == (etag, etag)
    page.click(".network-toggle [data-view=map]")
    expect(page.locator("#network-map .network-marker")).to_have_count(4)


@pytest.mark.parametrize("viewport", TABLET_VIEWPORTS)
def test_the_network_of_pelhrimov_is_drawn_filtered_and_tapped(
    page, live_url, login, browser_user, pelhrimov, pelhrimov_network, viewport, shot
):
    page.set_viewport_size(viewport)
    login(browser_user("sitar.pelhrimov", "sitar", district=pelhrimov))
    page.goto(f"{live_url}/network/?district={pelhrimov.code}")
    expect(page.locator("#network-graph canvas")).to_be_visible()
    assert drawn_counts(page) == ("4", "4")
    assert too_small(page) == []
    assert not scrolls_sideways(page)

    # A tap (not a hover) on the school's dot shows its metrics and the button to its card.
    school = pelhrimov_network["school"]
    page.locator("#network-graph").scroll_into_view_if_needed()
    spot = page.evaluate(f"document.getElementById('network-graph').nodePosition({school.pk})")
    page.touchscreen.tap(spot["x"], spot["y"])
    panel = page.locator("#network-panel")
    expect(panel.locator("h3")).to_have_text("ZŠ Komenského Pelhřimov")
    expect(panel.locator("dl.panel-metrics dd").first).to_have_text("2")  # degree: Spirála and the OSPOD
    open_card = panel.locator("a.button")
    assert open_card.bounding_box()["height"] >= 48
    shot("network-map")

    open_card.click()
    page.wait_for_url(f"{live_url}/organizations/{school.pk}/")

    # Referrals only: the two referral links remain, the four organisations stay (isolates show too).
    page.goto(f"{live_url}/network/?district={pelhrimov.code}")
    page.locator(".network-kinds label", has=page.locator("input[value=referral]")).click()
    page.click("form.network-filters button[type=submit]")
    page.wait_for_url("**kinds=referral**")
    assert drawn_counts(page) == ("4", "2")
    expect(page.locator("input[value=referral]")).to_be_checked()


@pytest.mark.parametrize("viewport", TABLET_VIEWPORTS)
def test_the_map_view_draws_the_same_network_without_tiles(
    page, live_url, login, browser_user, pelhrimov, pelhrimov_network, viewport, shot
):
    page.set_viewport_size(viewport)
    login(browser_user("sitar.pelhrimov", "sitar", district=pelhrimov))
    page.goto(f"{live_url}/network/")
    drawn_counts(page)
    page.click(".network-toggle [data-view=map]")
    network_map = page.locator("#network-map")
    expect(network_map).to_be_visible()
    expect(page.locator("#network-graph")).to_be_hidden()
    expect(network_map.locator(".network-marker")).to_have_count(4)
    assert network_map.get_attribute("data-edges") == "4"
    expect(page.locator(".network-toggle [data-view=map]")).to_have_attribute("aria-pressed", "true")
    assert not scrolls_sideways(page)

    network_map.locator(".network-marker[title='Klub Kamenice']").tap()
    expect(page.locator("#network-panel h3")).to_have_text("Klub Kamenice")
    shot("network-map-geo")

    page.click(".network-toggle [data-view=graph]")
    expect(page.locator("#network-graph")).to_be_visible()
    expect(network_map).to_be_hidden()


def test_a_lead_chooses_an_orp_of_the_kraj(
    page, live_url, login, browser_user, vysocina, pelhrimov, jihlava, pelhrimov_network
):
    login(browser_user("vedouci.vysocina", "vedouci", region=vysocina))
    page.goto(f"{live_url}/network/")
    assert int(drawn_counts(page)[0]) >= 4
    page.select_option("#id_district", jihlava.code)
    page.click("form.network-filters button[type=submit]")
    page.wait_for_url(f"**district={jihlava.code}**")
    # No organisation in ORP Jihlava: nothing to draw (and nothing fetched), said in words.
    expect(page.locator("#network-graph")).to_have_count(0)
    expect(page.locator(".network-drawing p.muted")).to_be_visible()
    expect(page.locator("h1")).to_contain_text(jihlava.name)
