"""The meetings, needs and follow-ups lists on a tablet (issue 16, items 5–7): Úkoly opens on my open follow-ups due
soonest first, the done ones and everything I can see a tap away; the meetings list shows its true count; the filters
show names, date pickers and boxes to tick, never codes."""

import datetime

import pytest
from playwright.sync_api import expect

from meetings.services import followup_complete, followup_create
from tests.ui.browser.conftest import TABLET_VIEWPORTS
from tests.ui.browser.layout import scrolls_sideways, too_small

pytestmark = pytest.mark.django_db


def fits(page):
    assert too_small(page) == [] and not scrolls_sideways(page)


@pytest.mark.parametrize("viewport", TABLET_VIEWPORTS)
def test_ukoly_opens_on_my_open_follow_ups_due_soonest(
    page, live_url, login, browser_user, pelhrimov, actor, make_meeting, viewport, shot
):
    sitar = browser_user("sitar.pelhrimov", "sitar", district=pelhrimov)
    colleague = browser_user("kolega.pelhrimov", "sitar", district=pelhrimov)
    meeting = make_meeting(title="Kulatý stůl Pelhřimov")

    def task(description, assignee=sitar, due_on=None):
        return followup_create(actor=actor, meeting=meeting, description=description, assignee=assignee, due_on=due_on)

    task("Poslat zápis později", due_on=datetime.date(2026, 7, 1))
    task("Zavolat škole dříve", due_on=datetime.date(2026, 6, 1))
    followup_complete(actor=actor, followup=task("Hotový úkol", due_on=datetime.date(2026, 5, 1)))
    task("Úkol kolegy", assignee=colleague, due_on=datetime.date(2026, 5, 2))
    page.set_viewport_size(viewport)
    login(sitar)

    page.goto(f"{live_url}/meetings/followups/")
    tasks = page.locator("table.followups tbody .task-text")
    expect(tasks).to_have_text(["Zavolat škole dříve", "Poslat zápis později"])
    expect(page.locator("h1 .count")).to_have_text("(2)")
    expect(page.locator(".tabs [aria-current=page]")).to_have_text("Moje")
    fits(page)
    shot("followups-mine")

    page.locator(".place-switch a", has_text="I splněné").click()
    expect(tasks).to_have_text(["Hotový úkol", "Zavolat škole dříve", "Poslat zápis později"])
    shot("followups-done-too")

    page.locator(".tabs a", has_text="Vše, co vidím").click()
    expect(tasks).to_contain_text(["Hotový úkol", "Úkol kolegy"])
    expect(tasks).to_have_count(4)
    fits(page)
    shot("followups-everything")


@pytest.mark.parametrize("viewport", TABLET_VIEWPORTS)
def test_the_meetings_list_shows_its_true_count(
    page, live_url, login, browser_user, pelhrimov, jihlava, make_meeting, viewport, shot
):
    for index in range(3):
        make_meeting(title=f"Návštěva {index + 1}", kind="visit")
    make_meeting(title="Porada v Jihlavě", district=jihlava)
    page.set_viewport_size(viewport)
    login(browser_user("sitar.pelhrimov", "sitar", district=pelhrimov))

    page.goto(f"{live_url}/meetings/")
    expect(page.locator("h1 .count")).to_have_text("(3)")
    expect(page.locator("main table.list tbody tr")).to_have_count(3)
    expect(page.locator(".place-switch [aria-current=page]")).to_have_text("ORP Pelhřimov")
    fits(page)
    shot("meetings-my-orp")

    page.locator(".place-switch a", has_text="Vše, co vidím").click()
    expect(page.locator("h1 .count")).to_have_text("(4)")
    expect(page.locator("main table.list tbody tr")).to_have_count(4)
    shot("meetings-everything")


@pytest.mark.parametrize("viewport", TABLET_VIEWPORTS)
def test_the_filters_show_names_not_codes(page, live_url, login, browser_user, pelhrimov, make_need, viewport, shot):
    make_need(title="Chybí SAS pro rodiny")
    page.set_viewport_size(viewport)
    login(browser_user("sitar.pelhrimov", "sitar", district=pelhrimov))

    page.goto(f"{live_url}/meetings/needs/")
    page.locator(".filter-panel summary").click()
    panel = page.locator(".filter-panel form")
    expect(panel).not_to_contain_text("ČSÚ")
    expect(panel).not_to_contain_text("kód")
    expect(panel.locator("select[name=district] option:checked")).to_have_text("Pelhřimov")
    expect(panel.locator("select[name=target_group] option", has_text="rodiny s dítětem/dětmi")).to_have_count(1)
    expect(panel.locator("input[type=date][name=created_after]")).to_be_visible()
    expect(panel.locator("select[multiple]")).to_have_count(0)
    panel.get_by_label("vysoká").check()
    panel.locator("button[type=submit]").click()
    page.wait_for_url("**priority=high**")
    expect(page.locator("h1 .count")).to_have_text("(0)")
    fits(page)
    shot("needs-filters")

    page.goto(f"{live_url}/meetings/")
    page.locator(".filter-panel summary").click()
    panel = page.locator(".filter-panel form")
    expect(panel).not_to_contain_text("ČSÚ")
    expect(panel.get_by_label("návštěva")).to_be_visible()
    expect(panel.locator("input[type=date][name=held_on_after]")).to_be_visible()
    fits(page)
    shot("meetings-filters")


@pytest.mark.parametrize("viewport", TABLET_VIEWPORTS)
def test_the_links_list_has_the_same_place_switch(
    page, live_url, login, browser_user, pelhrimov, make_organization, make_link, jihlava_town, viewport, shot
):
    make_link(make_organization(name="Spirála Pelhřimov"), make_organization(name="ZŠ Pelhřimov", kind="school"))
    make_link(
        make_organization(name="Agentura Jihlava", municipality=jihlava_town),
        make_organization(name="ZŠ Jihlava", kind="school", municipality=jihlava_town),
    )
    page.set_viewport_size(viewport)
    login(browser_user("sitar.pelhrimov", "sitar", district=pelhrimov))

    page.goto(f"{live_url}/links/")
    expect(page.locator(".place-switch [aria-current=page]")).to_have_text("ORP Pelhřimov")
    expect(page.locator("h1 .count")).to_have_text("(1)")
    fits(page)
    shot("links-my-orp")
    page.locator(".place-switch a", has_text="Vše, co vidím").click()
    expect(page.locator(".place-switch [aria-current=page]")).to_have_text("Vše, co vidím")
    expect(page.locator("h1 .count")).to_have_text("(2)")
