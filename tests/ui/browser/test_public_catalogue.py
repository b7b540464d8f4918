"""The families' public catalogue in a real browser, as an anonymous visitor.

- On a phone (375×812) the visitor types "pelhrimov", picks the obec from the suggestions, picks *Dluhy a exekuce*,
  sees the debt-counselling services serving ORP Pelhřimov on the list and the map (and not one withdrawn from the
  catalogue), opens one, and the crisis line is on the screen.
- The same search by keyboard alone.
- Every public page at 375×812, 768×1024 and 1280×800 has no WCAG 2.1 A/AA violation found by axe-core (the npm
  package pinned in package-lock.json, run in the page as an init script, outside the page's CSP), and none scrolls
  sideways.
"""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from organizations.models import ServiceKind
from tests.ui.browser.layout import scrolls_sideways, too_small

pytestmark = pytest.mark.django_db

AXE = Path(__file__).resolve().parents[3] / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 375, "height": 812}
TABLET = {"width": 768, "height": 1024}
DESKTOP = {"width": 1280, "height": 800}
VIEWPORTS = [pytest.param(PHONE, id="phone"), pytest.param(TABLET, id="tablet"), pytest.param(DESKTOP, id="desktop")]
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture
def catalogue(make_organization, make_service, pelhrimov_town, kamenice_nad_lipou, jihlava_town):
    """Debt counselling in ORP Pelhřimov (two services, one withdrawn from the catalogue), one in ORP Jihlava, and a
    crisis centre of Vysočina."""
    debts = ServiceKind.objects.get(code="debt_counselling")
    here = {"latitude": Decimal("49.4314"), "longitude": Decimal("15.2234")}
    poradna = make_organization(name="Poradna Rovnováha", municipality=pelhrimov_town, ico="26548941", **here)
    kamenice = make_organization(
        name="Rodinné centrum Kamenice",
        municipality=kamenice_nad_lipou,
        latitude=Decimal("49.3040"),
        longitude=Decimal("15.0757"),
    )
    jihlava = make_organization(name="Poradna Jihlava", municipality=jihlava_town)
    crisis = make_organization(name="Krizové centrum Vysočina", municipality=jihlava_town)
    return {
        "shown": [
            make_service(
                poradna, name="Dluhová poradna Rovnováha", kind=debts, phone="+420 565 111 222", published=True
            ),
            make_service(kamenice, name="Dluhové poradenství Kamenice", kind=debts, published=True),
        ],
        "withdrawn": make_service(
            poradna, name="Dluhová poradna – pobočka", kind=debts, published=False, withdrawal_reason="Zavřeno."
        ),
        "elsewhere": make_service(jihlava, name="Dluhová poradna Jihlava", kind=debts, published=True),
        "crisis": make_service(
            crisis,
            name="Intervenční centrum Vysočina",
            kind=ServiceKind.objects.get(code="intervention_centres"),
            published=True,
        ),
    }


def tab_to(page, selector: str, limit: int = 40) -> None:
    """Tab on until the focus is on an element matching the selector."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(selector) => document.activeElement.matches(selector)", selector):
            return
    pytest.fail(f"{selector} cannot be reached by Tab")


def results(page) -> list[str]:
    return page.locator("ol.services h3 a").all_inner_texts()


def test_a_visitor_on_a_phone_finds_debt_counselling_near_pelhrimov(page, live_url, catalogue, shot):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_url}/katalog/")
    expect(page.locator(".crisis")).to_contain_text("116 111")
    page.fill("#id_misto", "pelhrimov")
    suggestion = page.locator("#suggestions a", has_text="Pelhřimov (ORP Pelhřimov)")
    expect(suggestion).to_be_visible()
    suggestion.click()
    page.wait_for_url(re.compile(r"obec=\d{6}"))
    expect(page.locator(".chosen")).to_contain_text("Pelhřimov")
    page.locator("label.chip", has_text="Dluhy a exekuce").click()
    page.click("button.primary")
    page.wait_for_url(re.compile(r"situace=debts"))
    expect(page.locator("ol.services h3 a")).to_have_count(2)
    assert sorted(results(page)) == sorted(service.name for service in catalogue["shown"])
    expect(page.locator("#map .leaflet-marker-icon")).to_have_count(2)
    expect(page.locator(".crisis")).to_contain_text("116 111")
    expect(page.locator(".crisis-services")).to_contain_text("Intervenční centrum Vysočina")
    assert not scrolls_sideways(page)
    shot("catalogue-results")

    page.locator("ol.services a", has_text="Dluhová poradna Rovnováha").click()
    page.wait_for_url(re.compile(rf"/katalog/sluzba/{catalogue['shown'][0].pk}/"))
    expect(page.locator("h1")).to_have_text("Dluhová poradna Rovnováha")
    expect(page.locator("a[href='tel:+420565111222']")).to_be_visible()
    expect(page.locator(".crisis .line").first).to_be_in_viewport()
    assert not scrolls_sideways(page)
    shot("catalogue-service")


def test_the_search_works_by_keyboard_alone(page, live_url, catalogue):
    page.set_viewport_size(TABLET)
    page.goto(f"{live_url}/katalog/")
    tab_to(page, "#id_misto")  # from the top of the page, as a keyboard user does
    page.keyboard.type("Pelhřimov")
    tab_to(page, "input[name=situace]")  # past the suggestions to the situations: a radio group, chosen with arrows
    for _ in range(20):
        if page.locator("input[name=situace][value=debts]").is_checked():
            break
        page.keyboard.press("ArrowRight")
    tab_to(page, "button.primary")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"situace=debts"))
    assert sorted(results(page)) == sorted(service.name for service in catalogue["shown"])


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_every_public_page_passes_axe_and_fits_the_screen(page, context, live_url, catalogue, viewport):
    assert AXE.exists(), "axe-core is missing: make test installs it (npm ci)"
    context.add_init_script(path=str(AXE))
    page.set_viewport_size(viewport)
    service = catalogue["shown"][0]
    pages = [
        "/katalog/",
        "/katalog/?misto=pelhrimov&situace=debts",
        "/katalog/?misto=lhota",
        "/katalog/?misto=qqqxxx",
        f"/katalog/sluzba/{service.pk}/",
        f"/katalog/sluzba/{service.pk}/?lang=en",
        f"/katalog/sluzba/{catalogue['withdrawn'].pk}/",
        "/katalog/?lang=en&misto=pelhrimov",
        "/katalog/mista/?misto=pelh",
        "/katalog/pro-weby/",
        "/katalog/vlozit/",
    ]
    found = {}
    for url in pages:
        page.goto(f"{live_url}{url}")
        violations = page.evaluate(
            """async (tags) => (await axe.run(document, {runOnly: {type: "tag", values: tags}})).violations
                 .map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`)""",
            WCAG,
        )
        if violations:
            found[url] = violations
        if scrolls_sideways(page):
            found.setdefault(url, []).append("scrolls sideways")
        if too_small(page):
            found.setdefault(url, []).extend(too_small(page))
    assert not found
