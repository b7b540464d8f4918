"""What serves ORP Jihlava (issue 16, item 1) on a tablet: ospod.jihlava filters the directory to ORP Jihlava and §65
SAS and finds "SAS Studnice" of Diakonie ČCE Pelhřimov, which serves every ORP of Vysočina, next to the SAS seated
in Jihlava, the seat shown so the two can be told apart; the export of the same filter lists it too."""

import pytest
from playwright.sync_api import expect

from tests.ui.browser.conftest import TABLET_VIEWPORTS
from tests.ui.browser.layout import scrolls_sideways, too_small

pytestmark = pytest.mark.django_db


@pytest.fixture
def sas_for_jihlava(settings, make_organization, make_service, jihlava_town, vysocina):
    settings.MAP_TILES_URL = "http://127.0.0.1:9/{z}/{x}/{y}.png"
    diakonie = make_organization(name="Diakonie ČCE Pelhřimov")
    make_service(diakonie, name="SAS Studnice", served_districts=list(vysocina.districts.all()))
    seated = make_organization(name="Rodinné centrum Jihlava", municipality=jihlava_town)
    make_service(seated, name="SAS Jihlava")
    make_organization(name="Poradna bez SAS Jihlava", municipality=jihlava_town)
    return {"diakonie": diakonie, "seated": seated}


@pytest.mark.parametrize("viewport", TABLET_VIEWPORTS)
def test_orp_jihlava_and_sas_find_sas_studnice_of_pelhrimov_with_its_seat(
    page, live_url, login, browser_user, ospod_jihlava, jihlava, sas_for_jihlava, viewport, shot
):
    page.set_viewport_size(viewport)
    login(browser_user("ospod.jihlava", "ospod", organization=ospod_jihlava))
    page.goto(f"{live_url}/organizations/?district={jihlava.code}&service_kind=sas_families")

    diakonie, seated = sas_for_jihlava["diakonie"], sas_for_jihlava["seated"]
    rows = page.locator("table.list tbody tr")
    expect(rows).to_have_count(2)
    serving = rows.filter(has=page.locator(f"a[href='/organizations/{diakonie.pk}/']"))
    expect(serving.locator(".seat")).to_contain_text("ORP Pelhřimov")
    expect(serving.locator(".badge.serves")).to_be_visible()
    # The SAS seated in Jihlava is not marked as serving from elsewhere.
    expect(
        rows.filter(has=page.locator(f"a[href='/organizations/{seated.pk}/']")).locator(".badge.serves")
    ).to_have_count(0)
    assert too_small(page) == [] and not scrolls_sideways(page)
    shot("directory-sas-serving-jihlava")

    with page.expect_download() as download:
        page.locator("a", has_text="CSV").first.click()
    exported = download.value.path().read_text(encoding="utf-8-sig")
    assert "Diakonie ČCE Pelhřimov" in exported and "Rodinné centrum Jihlava" in exported
    assert "Poradna bez SAS Jihlava" not in exported
