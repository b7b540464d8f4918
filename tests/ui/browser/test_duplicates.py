"""Duplicate organisations on a tablet (768×1024 and 1024×768): the candidates page lists the pair side by side, "Compare
and merge" opens both records field by field, the merge leads to the survivor's card, whose history shows the merge
and both records' past (issue 21)."""

import pytest
from playwright.sync_api import expect

from organizations.models import Organization, OrganizationMerge
from tests.ui.browser.conftest import TABLET_VIEWPORTS
from tests.ui.browser.layout import too_small

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("viewport", TABLET_VIEWPORTS)
def test_a_pair_is_found_compared_and_merged_on_a_tablet(
    page, live_url, login, browser_user, pelhrimov, make_organization, viewport, shot
):
    kept = make_organization(name="Mateřská škola Světluška Pelhřimov", kind="school", phone="+420 565 111 222")
    typed = make_organization(name="Materská škola Svetluška Pelhřimov", kind="school", phone="565111222")
    page.set_viewport_size(viewport)
    sitar = browser_user("sitar.pelhrimov", "sitar", district=pelhrimov)
    login(sitar)

    page.goto(f"{live_url}/organizations/")
    page.get_by_role("link", name="Duplicitní organizace").click()
    page.wait_for_url(f"{live_url}/organizations/duplicates/")
    pair = page.locator(f"[data-pair='{kept.pk}-{typed.pk}']")
    expect(pair).to_be_visible()
    expect(pair).to_contain_text("podobný název")
    expect(pair).to_contain_text("stejný telefon")
    assert too_small(page) == []
    shot("duplicates-list")

    pair.get_by_role("link", name="Porovnat a sloučit").click()
    page.wait_for_url(f"{live_url}/organizations/duplicates/{kept.pk}-{typed.pk}/merge/")
    # The phone of the second record, the rest of the first; the first stays.
    page.locator("label.dup-choice", has=page.locator("input[name=phone][value=second]")).click()
    page.fill("textarea[name=reason]", "Školka zadaná podruhé s překlepem")
    assert too_small(page) == []
    shot("duplicates-merge")
    page.get_by_role("button", name="Sloučit").click()

    page.wait_for_url(f"{live_url}/organizations/{kept.pk}/")
    expect(page.locator("h1")).to_have_text(kept.name)
    history = page.locator("#history")
    expect(history).to_contain_text(f"sloučený záznam #{typed.pk}")
    expect(history).to_contain_text("Školka zadaná podruhé s překlepem")
    shot("duplicates-survivor")
    assert not Organization.objects.filter(pk=typed.pk).exists()
    assert Organization.objects.get(pk=kept.pk).phone == "565111222"
    assert OrganizationMerge.objects.get(merged_id=typed.pk).merged_by == sitar
    # The old card leads to the survivor.
    page.goto(f"{live_url}/organizations/{typed.pk}/")
    page.wait_for_url(f"{live_url}/organizations/{kept.pk}/")
