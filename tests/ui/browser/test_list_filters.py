"""List filters on a tablet (issue 16, item 5). Spolupráce: the ORP picked by name and preselected on the networker's
own, the kinds of cooperation as boxes to tick in Czech, labels that name no code; every filter works by tapping, and
everything the user can see is one tap away. The needs board: ORP and target group picked by name, dates with the
tablet's date picker, categories as boxes to tick."""

import re

import pytest
from playwright.sync_api import expect

from tests.ui.browser.conftest import TABLET_VIEWPORTS
from tests.ui.browser.layout import scrolls_sideways, too_small

pytestmark = pytest.mark.django_db


@pytest.fixture
def links(make_organization, make_link, organization, partner, jihlava_town):
    """A referral in ORP Pelhřimov, a joint activity and a referral in ORP Jihlava."""
    agentura = make_organization(name="Agentura Jihlava", municipality=jihlava_town)
    skola = make_organization(name="ZŠ Jihlava", kind="school", municipality=jihlava_town)
    poradna = make_organization(name="Poradna Jihlava", municipality=jihlava_town)
    return {
        "pelhrimov": make_link(organization, partner),
        "jihlava_joint": make_link(agentura, skola, kind="joint_activity"),
        "jihlava_referral": make_link(agentura, poradna),
    }


def listed(page) -> set[int]:
    hrefs = page.locator("#results table.list tbody tr td a").evaluate_all("links => links.map(a => a.pathname)")
    return {int(href.strip("/").split("/")[-1]) for href in hrefs}


@pytest.mark.parametrize("viewport", TABLET_VIEWPORTS)
def test_the_cooperation_filters_are_czech_pickers_opening_on_my_orp(
    page, live_url, login, browser_user, pelhrimov, jihlava, links, viewport, shot
):
    page.set_viewport_size(viewport)
    login(browser_user("sitar.pelhrimov", "sitar", district=pelhrimov))
    page.goto(f"{live_url}/links/")

    filters = page.locator("form.filters")
    district = filters.locator("select[name=district]")
    expect(district).to_have_value(pelhrimov.code)
    expect(district.locator("option:checked")).to_have_text(pelhrimov.name)
    expect(filters.locator("label[for=id_district]")).to_contain_text("ORP")
    expect(filters).to_contain_text("Druh spolupráce")
    expect(filters).to_contain_text("Stav")
    for api_word in ("ČSÚ", "(kód", "Kind", "Status", "code"):
        expect(filters).not_to_contain_text(api_word)
    joint = filters.locator("label", has=page.locator("input[type=checkbox][name=kind][value=joint_activity]"))
    expect(joint).to_contain_text("společná činnost")
    assert listed(page) == {links["pelhrimov"].pk}
    assert too_small(page) == [] and not scrolls_sideways(page)
    shot("links-filters-own-orp")

    # Another ORP by its name, then a kind ticked: each applies at once.
    district.select_option(label=jihlava.name)
    expect(page).to_have_url(re.compile(rf"district={jihlava.code}"))
    expect(page.locator("#results table.list tbody tr")).to_have_count(2)
    joint.click()
    expect(page.locator("#results table.list tbody tr")).to_have_count(1)
    assert listed(page) == {links["jihlava_joint"].pk}
    shot("links-filters-picked")

    page.locator(".place-switch a", has_text="Vše, co vidím").click()
    expect(page.locator("#results table.list tbody tr")).to_have_count(3)
    expect(page.locator("select[name=district]")).to_have_value("")


@pytest.mark.parametrize("viewport", TABLET_VIEWPORTS)
def test_the_needs_board_filters_by_names_dates_and_boxes_not_codes(
    page, live_url, login, browser_user, pelhrimov, jihlava, make_need, families_with_children, viewport, shot
):
    here = make_need(title="Chybí SAS v Pelhřimově", target_group=families_with_children)
    there = make_need(title="Chybí SAS v Jihlavě", district=jihlava, target_group=families_with_children)
    elsewhere = make_need(title="Málo pěstounů v Jihlavě", district=jihlava, category="capacity")
    page.set_viewport_size(viewport)
    login(browser_user("sitar.pelhrimov", "sitar", district=pelhrimov))
    page.goto(f"{live_url}/meetings/needs/")

    page.locator("details.filter-panel > summary").click()
    filters = page.locator("form.filters")
    for api_word in ("ČSÚ", "(kód", "code"):
        expect(filters).not_to_contain_text(api_word)
    expect(filters.locator("input[type=date]")).to_have_count(2)
    filters.locator("select[name=district]").select_option(label=jihlava.name)
    filters.locator("select[name=target_group]").select_option(label=str(families_with_children))
    filters.locator("label", has=page.locator("input[type=checkbox][name=category][value=missing_service]")).click()
    assert too_small(page) == [] and not scrolls_sideways(page)
    shot("needs-filters")
    filters.get_by_role("button", name="Filtrovat").click()

    expect(page).to_have_url(re.compile(rf"district={jihlava.code}"))
    expect(page.locator(f"#need-{there.pk}")).to_be_visible()
    expect(page.locator(f"#need-{here.pk}")).to_have_count(0)
    expect(page.locator(f"#need-{elsewhere.pk}")).to_have_count(0)
    shot("needs-filtered")
