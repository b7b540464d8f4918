"""Coverage on a tablet (item 10 of issue 16): a kraj where síťaři worked in one ORP only says "chybí" there and
"nezmapováno" elsewhere, and says why."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.ui.browser.conftest import TABLET_VIEWPORTS
from tests.ui.browser.layout import too_small

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("viewport", TABLET_VIEWPORTS)
def test_a_kraj_tells_missing_from_not_mapped_yet(
    page, live_url, login, browser_user, vysocina, pelhrimov, jihlava, make_meeting, viewport, shot
):
    make_meeting(district=pelhrimov, held_on=timezone.localdate() - datetime.timedelta(days=2))
    page.set_viewport_size(viewport)
    login(browser_user("poradce.vysocina", "poradce", region=vysocina))
    page.goto(f"{live_url}/network/coverage/?region={vysocina.code}")
    mapped = page.locator(f"td[data-district='{pelhrimov.code}'][data-kind='sas_families']")
    unmapped = page.locator(f"td[data-district='{jihlava.code}'][data-kind='sas_families']")
    expect(mapped.locator(".badge.error")).to_have_text("chybí")
    expect(unmapped.locator(".badge.unmapped")).to_have_text("nezmapováno")
    expect(unmapped.locator(".badge.error")).to_have_count(0)
    note = page.locator("#not-mapped-note")
    expect(note).to_be_visible()
    expect(note).to_contain_text("Jihlava")
    assert too_small(page) == []
    shot("coverage-not-mapped")
