"""The needs board on a tablet pages each column on its own (issue 17): a column shows its newest cards and its count,
"more" adds the column's next cards in place (htmx) and is a plain link to them without JavaScript."""

import pytest
from playwright.sync_api import expect

from meetings.models import NeedStatus
from meetings.services import need_set_status
from meetings.views.needs import BOARD_COLUMN_SIZE
from tests.ui.browser.conftest import PASSWORD, TABLET_VIEWPORTS
from tests.ui.browser.layout import scrolls_sideways, too_small

pytestmark = pytest.mark.django_db

MORE = 5


@pytest.mark.parametrize("viewport", TABLET_VIEWPORTS)
def test_more_adds_the_next_cards_of_one_column_in_place(
    page, live_url, login, browser_user, pelhrimov, make_need, actor, viewport, shot
):
    opened = [make_need(title=f"Otevřená potřeba {number:02d}") for number in range(BOARD_COLUMN_SIZE + MORE)]
    for number in range(2):
        need_set_status(actor=actor, need=make_need(title=f"Rozpracovaná {number}"), status=NeedStatus.IN_PROGRESS)
    page.set_viewport_size(viewport)
    login(browser_user("sitar.pelhrimov", "sitar", district=pelhrimov))

    page.goto(f"{live_url}/meetings/needs/")
    column = page.locator("section.status-open")
    expect(page.locator("h1 .count")).to_have_text(f"({len(opened) + 2})")
    expect(column.locator("h2 .count")).to_have_text(f"({len(opened)})")
    expect(page.locator("section.status-in_progress h2 .count")).to_have_text("(2)")
    expect(column.locator(".need-card")).to_have_count(BOARD_COLUMN_SIZE)
    more = column.locator("#more-open")
    expect(more).to_contain_text(str(MORE))
    assert too_small(page) == [] and not scrolls_sideways(page)
    shot("need-board-paged")

    board_url = page.url
    more.click()
    expect(column.locator(".need-card")).to_have_count(len(opened))
    expect(column.locator("#more-open")).to_have_count(0)
    assert page.url == board_url  # in place: the board stays where it was
    expect(column.locator(".need-card").last).to_contain_text("Otevřená potřeba 00")
    expect(page.locator("section.status-in_progress .need-card")).to_have_count(2)
    expect(column.locator(".need-card").last.locator("details.move summary")).to_be_visible()
    assert too_small(page) == [] and not scrolls_sideways(page)
    shot("need-board-more")


@pytest.mark.parametrize("viewport", TABLET_VIEWPORTS)
def test_without_javascript_more_opens_the_next_page_of_the_column(
    browser, live_url, browser_user, pelhrimov, make_need, viewport
):
    for number in range(BOARD_COLUMN_SIZE + MORE):
        make_need(title=f"Otevřená potřeba {number:02d}", priority="high")
    make_need(title="Nízká priorita", priority="low")
    user = browser_user("sitar.pelhrimov", "sitar", district=pelhrimov)
    context = browser.new_context(java_script_enabled=False, viewport=viewport)
    page = context.new_page()
    page.goto(f"{live_url}/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_url}/")

    page.goto(f"{live_url}/meetings/needs/?priority=high")
    column = page.locator("section.status-open")
    expect(column.locator("h2 .count")).to_have_text(f"({BOARD_COLUMN_SIZE + MORE})")
    column.locator("#more-open").click()

    expect(page).to_have_url(f"{live_url}/meetings/needs/?priority=high&open_page=2#column-open")
    expect(column.locator(".need-card")).to_have_count(MORE)
    expect(column.locator("h2 .count")).to_have_text(f"({BOARD_COLUMN_SIZE + MORE})")
    expect(column.locator(".board-range a")).to_be_visible()
    assert too_small(page) == [] and not scrolls_sideways(page)
    context.close()
