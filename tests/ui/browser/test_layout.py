"""Every screen of each role's menu fits a tablet: no sideways scrolling and touch targets of at least 44 px, in
portrait and landscape, with rows on every list (an empty list would hide a table too wide)."""

import pytest

from meetings.services import followup_create
from tests.ui.browser.conftest import TABLET_VIEWPORTS
from tests.ui.browser.layout import scrolls_sideways, too_small

pytestmark = pytest.mark.django_db


@pytest.fixture
def pelhrimov_network(
    actor, organization, partner, ospod, make_contact, make_service, make_meeting, make_need, make_link, make_case
):
    """A little of everything in ORP Pelhřimov, so that every list of the menu has rows."""
    make_contact(organization, name="Petra Nováková", position="vedoucí klubu")
    make_service(organization, name="Sociálně aktivizační služba pro rodiny s dětmi")
    meeting = make_meeting(title="Pracovní skupina Rodina", organizations=[organization, partner, ospod])
    followup_create(actor=actor, meeting=meeting, description="Rozeslat zápis účastníkům")
    make_need(title="Chybí nízkoprahové zařízení pro děti a mládež", raised_by=organization)
    make_link(organization, partner, evidence=[meeting])
    make_case(reference="OSPOD-PE-2026-001")
    return ospod


ROLES = {
    "sitar": lambda places: {"district": places["pelhrimov"]},
    "ospod": lambda places: {"organization": places["ospod"]},
    "vedouci_ospod": lambda places: {"organization": places["ospod"]},
    "vedouci": lambda places: {"region": places["vysocina"]},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("viewport", TABLET_VIEWPORTS)
def test_every_menu_screen_fits_the_tablet(
    page, live_url, login, browser_user, pelhrimov, vysocina, pelhrimov_network, role, viewport
):
    page.set_viewport_size(viewport)
    places = {"pelhrimov": pelhrimov, "vysocina": vysocina, "ospod": pelhrimov_network}
    login(browser_user(f"layout.{role}", role, **ROLES[role](places)))
    menu = page.eval_on_selector_all(".topnav a", "els => els.map(e => e.getAttribute('href'))")
    assert len(menu) >= 5, menu
    problems = {}
    for href in ["/", *menu]:
        response = page.goto(f"{live_url}{href}")
        assert response.status == 200, href
        found = too_small(page) + (["scrolls sideways"] if scrolls_sideways(page) else [])
        if found:
            problems[href] = found
    assert problems == {}
