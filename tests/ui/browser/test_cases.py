"""Case networks in the browser on a tablet: an OSPOD worker sees only their own OSPOD's cases, and a case of another
kraj answers 404 as if it did not exist."""

import re

import pytest

from tests.ui.browser.conftest import TABLET_VIEWPORTS

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("viewport", TABLET_VIEWPORTS)
def test_an_ospod_worker_sees_own_cases_only_and_adds_an_organisation(
    page, live_url, login, browser_user, ospod_jihlava, organization, make_case, viewport, shot
):
    page.set_viewport_size(viewport)
    own = make_case(owner=ospod_jihlava, reference="OSPOD-JI-2026-001")
    make_case(reference="OSPOD-PE-2026-001")
    login(browser_user("ospod.jihlava", "ospod", organization=ospod_jihlava))
    assert "OSPOD-JI-2026-001" in page.inner_text("#cases")
    shot("home")

    page.click(".topnav >> text=Případy")
    assert "OSPOD-JI-2026-001" in page.inner_text("main")
    assert "OSPOD-PE-2026-001" not in page.inner_text("main")
    shot("cases")

    page.click(f"a[href='/cases/{own.pk}/']")
    page.click(f"a[href='/cases/{own.pk}/involvements/new/']")
    page.select_option("select[name=organization]", str(organization.pk))
    page.select_option("select[name=role]", "social_service")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_url}/cases/{own.pk}/")
    assert "Spirála Pelhřimov" in page.inner_text("main")


def test_a_networker_of_liberec_opening_a_vysocina_case_gets_404(
    page, live_url, login, browser_user, liberec, make_case
):
    case = make_case()
    login(browser_user("sitar.liberec", "sitar", district=liberec))
    response = page.goto(f"{live_url}/cases/{case.pk}/")
    assert response.status == 404
    assert case.reference not in page.content()


@pytest.mark.parametrize("viewport", TABLET_VIEWPORTS)
def test_the_link_form_fits_the_tablet(
    page, live_url, login, browser_user, pelhrimov, organization, partner, viewport, shot
):
    page.set_viewport_size(viewport)
    login(browser_user("sitar.pelhrimov", "sitar", district=pelhrimov))
    page.goto(f"{live_url}/links/new/?organization={organization.pk}")
    page.select_option("select[name=target]", str(partner.pk))
    page.select_option("select[name=kind]", "referral")
    page.fill("textarea[name=note]", "Vzájemně si posílají rodiny.")
    shot("link-form")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1")
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r".*/links/\d+/$"))
    assert "Vzájemně si posílají rodiny." in page.inner_text("main")
