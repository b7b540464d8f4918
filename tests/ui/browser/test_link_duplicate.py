"""Recording a cooperation the pair already has, from a meeting, on a tablet: the form shows the existing link and
confirms it with the meeting in one tap; the strength is chosen in words (item 4 of issue 16)."""

import datetime

import pytest
from playwright.sync_api import expect

from network.models import CooperationLink
from tests.ui.browser.conftest import TABLET_VIEWPORTS
from tests.ui.browser.layout import too_small

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("viewport", TABLET_VIEWPORTS)
def test_a_duplicate_link_is_confirmed_with_the_meeting_in_one_tap(
    page, live_url, login, browser_user, pelhrimov, make_organization, make_link, make_meeting, viewport, shot
):
    spirala = make_organization(name="Spirála Pelhřimov")
    school = make_organization(name="ZŠ Komenského Pelhřimov", kind="school")
    link = make_link(spirala, school, kind="referral", strength=2)
    meeting = make_meeting(held_on=datetime.date(2026, 3, 10), organizations=[spirala, school])
    page.set_viewport_size(viewport)
    login(browser_user("sitar.pelhrimov", "sitar", district=pelhrimov))

    page.goto(f"{live_url}/links/new/?meeting={meeting.pk}")
    page.select_option("select[name=source]", str(school.pk))
    page.select_option("select[name=target]", str(spirala.pk))
    page.select_option("select[name=kind]", "referral")
    strength = page.locator(".choice-scale label", has=page.locator("input[value='4']"))
    # A labelled choice in words, not a number box.
    expect(strength).to_contain_text("4 – častá spolupráce")
    expect(page.locator("input[name=strength]")).to_have_count(5)
    expect(page.get_by_role("radio", name="4 – častá spolupráce")).to_be_visible()
    assert strength.bounding_box()["height"] >= 44
    strength.click()
    shot("link-form-strength")
    page.click("form.card button[type=submit]")

    existing = page.locator("#existing-link")
    expect(existing).to_be_visible()
    expect(existing.locator(f"a[href='/links/{link.pk}/']").first).to_be_visible()
    assert too_small(page) == []
    shot("link-form-duplicate")
    existing.get_by_role("button").click()
    page.wait_for_url(f"{live_url}/links/{link.pk}/")
    link.refresh_from_db()
    assert link.confirmed_on == datetime.date(2026, 3, 10)
    assert CooperationLink.objects.count() == 1
