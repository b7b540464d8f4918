"""Home on a tablet (item 6 of issue 16): a task of another year shows its year, and a síťař's home opens on their
ORP with everything they may see one tap away."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.ui.browser.conftest import TABLET_VIEWPORTS
from tests.ui.browser.layout import scrolls_sideways, too_small

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("viewport", TABLET_VIEWPORTS)
def test_home_shows_the_year_of_an_old_task_and_opens_on_my_orp(
    page, live_url, login, browser_user, pelhrimov, jihlava, make_meeting, monkeypatch, viewport, shot
):
    # The clock is fixed (the live server runs in this process): 20 May 2026.
    monkeypatch.setattr(timezone, "localdate", lambda *args: datetime.date(2026, 5, 20))
    make_meeting(
        title="Návštěva Pelhřimov", followups=[{"description": "Loňský úkol", "due_on": datetime.date(2025, 5, 11)}]
    )
    make_meeting(title="Návštěva Jihlava", district=jihlava)
    page.set_viewport_size(viewport)
    login(browser_user("sitar.pelhrimov", "sitar", district=pelhrimov))

    expect(page.locator("#followups li")).to_contain_text("11. 5. 2025 Loňský úkol")
    meetings = page.locator("#meetings")
    expect(meetings).to_contain_text("Návštěva Pelhřimov")
    expect(meetings).not_to_contain_text("Návštěva Jihlava")
    expect(page.locator(".place-switch [aria-current=page]")).to_have_text("Moje ORP")
    assert too_small(page) == [] and not scrolls_sideways(page)
    shot("home-mine")

    page.locator(".place-switch a", has_text="Vše, co vidím").click()
    page.wait_for_url("**/?scope=all")
    expect(meetings).to_contain_text("Návštěva Jihlava")
    expect(page.locator(".place-switch [aria-current=page]")).to_have_text("Vše, co vidím")
    shot("home-everything")
