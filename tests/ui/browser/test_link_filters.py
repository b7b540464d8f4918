"""The Spolupráce list's filters on a tablet (issue 16, item 5): the ORP picked by name and preselected on the
networker's own, the kinds of cooperation as boxes to tick in Czech, labels that name no code; every filter works by
tapping, and everything the user can see is one tap away."""

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
