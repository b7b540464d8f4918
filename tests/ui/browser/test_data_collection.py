"""Data collection in the browser on a tablet (issue 19's must-show): the national methodologist opens a round of three
indicators; the Jihlava OSPOD fills its form, gets a field error for a negative number and a plausibility warning it
answers with a comment, and submits; the kraj's lead returns it once and approves it; the kraj's comparison then shows
Jihlava against the kraj."""

import datetime
import re
from decimal import Decimal

import pytest

from evaluation.collection import report_review, report_save, round_open
from evaluation.models import CollectionRound, Indicator, ReportStatus
from tests.ui.browser.conftest import PORTRAIT
from tests.ui.browser.layout import scrolls_sideways, too_small

pytestmark = pytest.mark.django_db

CODES = ("children_in_records", "new_cases", "case_conferences")


@pytest.fixture
def earlier_round(actor, make_role_user, ospod_jihlava, vysocina):
    """The first half-year approved: Jihlava's new cases were 10."""
    indicators = {indicator.code: indicator for indicator in Indicator.objects.filter(code__in=CODES)}
    round_ = round_open(
        actor=actor,
        period="2026/1",
        deadline=datetime.date(2026, 7, 31),
        indicators=list(indicators.values()),
        today=datetime.date(2026, 7, 1),
    )
    report = round_.reports.get(ospod=ospod_jihlava)
    values = {"children_in_records": 180, "new_cases": 10, "case_conferences": 6}
    report_save(
        actor=actor,
        report=report,
        values={indicators[code].pk: Decimal(value) for code, value in values.items()},
        comments={},
        submit=True,
    )
    report_review(actor=actor, report=report, approve=True)
    return indicators


def log_out(page):
    # The form is sent once the offline copy is wiped (offline/src/register.js wireSignOut): wait for the login page.
    page.click(".topnav form[action$='/logout/'] button")
    page.wait_for_url("**/accounts/login/")


def fits_the_tablet(page):
    assert not scrolls_sideways(page)
    assert too_small(page) == []


def test_a_round_from_opening_to_approval_and_the_krajs_comparison(
    page, live_url, login, browser_user, earlier_round, ospod_jihlava, vysocina, shot
):
    page.set_viewport_size(PORTRAIT)
    narodni = browser_user("narodni", "narodni")
    worker = browser_user("ospod.jihlava", "ospod", organization=ospod_jihlava)
    lead = browser_user("vedouci.vysocina", "vedouci", region=vysocina)
    chosen = {earlier_round[code].pk for code in CODES}

    # The methodologist opens the round of three indicators.
    login(narodni)
    page.click(".topnav a[href='/evaluation/']")
    page.click("main a[href='/evaluation/rounds/']")
    page.click("a[href='/evaluation/rounds/new/']")
    page.fill("input[name=period]", "2026/2")
    page.fill("input[name=deadline]", "2099-01-31")
    for box in page.query_selector_all("input[name=indicators]"):
        box.set_checked(int(box.get_attribute("value")) in chosen)
    fits_the_tablet(page)
    shot("open-round")
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r".*/evaluation/rounds/\d+/$"))
    round_ = CollectionRound.objects.get(period="2026/2")
    assert {item.indicator_id for item in round_.items.all()} == chosen
    form = round_.reports.get(ospod=ospod_jihlava)
    log_out(page)

    # The Jihlava OSPOD fills its form: a negative number is refused at its field.
    login(worker)
    page.click(".topnav a[href='/evaluation/rounds/']")
    page.click(f"a[href='/evaluation/rounds/{round_.pk}/']")
    page.click(f"a[href='/evaluation/forms/{form.pk}/']")
    page.fill("input[name=value-children_in_records]", "200")
    page.fill("input[name=value-new_cases]", "-5")
    page.fill("input[name=value-case_conferences]", "4")
    page.click("button[name=save]")
    error = page.inner_text("#indicator-new_cases .errorlist")
    assert "záporn" in error  # "Hodnota nemůže být záporná."
    assert form.values.exclude(value=None).count() == 0
    shot("negative-number")

    # 60 new cases against 10 in 2026/1: a plausibility warning asks for a comment, then the form is submitted.
    page.fill("input[name=value-new_cases]", "60")
    page.click("button[name=submit]")
    warning = page.inner_text("#indicator-new_cases .errorlist")
    assert "10" in warning and "2026/1" in warning
    form.refresh_from_db()
    assert form.status == ReportStatus.DRAFT
    page.fill("textarea[name=comment-new_cases]", "Nová ubytovna na okraji města, přistěhovalo se 14 rodin.")
    fits_the_tablet(page)
    shot("warning-answered")
    page.click("button[name=submit]")
    page.wait_for_url(f"{live_url}/evaluation/forms/{form.pk}/")
    form.refresh_from_db()
    assert form.status == ReportStatus.SUBMITTED
    log_out(page)

    # The kraj's lead returns it once with what to correct.
    login(lead)
    page.goto(f"{live_url}/evaluation/rounds/{round_.pk}/")
    page.click(f"a[href='/evaluation/forms/{form.pk}/']")
    assert "Nová ubytovna" in page.inner_text("main")
    page.click("button[name=decision][value=return]")  # without a note: refused at the field
    assert page.inner_text(".errorlist")
    page.fill("textarea[name=review_note]", "Ověřte prosím počet případových konferencí.")
    fits_the_tablet(page)
    page.click("button[name=decision][value=return]")
    page.wait_for_url(f"{live_url}/evaluation/rounds/{round_.pk}/")
    form.refresh_from_db()
    assert form.status == ReportStatus.RETURNED
    log_out(page)

    # The OSPOD reads the note, corrects and submits again.
    login(worker)
    page.goto(f"{live_url}/evaluation/forms/{form.pk}/")
    assert "Ověřte prosím počet případových konferencí." in page.inner_text("main")
    page.fill("input[name=value-case_conferences]", "5")
    page.click("button[name=submit]")
    page.wait_for_url(f"{live_url}/evaluation/forms/{form.pk}/")
    log_out(page)

    # The lead approves it.
    login(lead)
    page.goto(f"{live_url}/evaluation/forms/{form.pk}/")
    page.click("button[name=decision][value=approve]")
    page.wait_for_url(f"{live_url}/evaluation/rounds/{round_.pk}/")
    form.refresh_from_db()
    assert form.status == ReportStatus.APPROVED
    statuses = list(form.history.order_by("history_date", "history_id").values_list("status", flat=True))
    assert statuses == ["draft", "submitted", "returned", "submitted", "approved"]

    # The kraj's comparison: Jihlava against the kraj, with the collected values of the half-year.
    page.click(".topnav a[href='/evaluation/']")
    page.fill("input[name=obdobi]", "2026/2")
    page.click("main form.filters button[type=submit]")
    page.wait_for_url(re.compile(r".*obdobi=2026%2F2.*"))
    headers = [cell.strip() for cell in page.locator("main table.list thead th").all_inner_texts()]
    column = next(index for index, text in enumerate(headers) if text.startswith("Nově založené případy"))
    jihlava = page.locator("main table.list tbody tr", has=page.locator(f"th:text-is('{ospod_jihlava.district.name}')"))
    assert jihlava.locator("td").nth(column - 1).inner_text().strip() == "60"
    kraj = page.locator("main table.list tbody tr.summary")
    assert kraj.locator("td").nth(column - 1).inner_text().strip() == "60"
    fits_the_tablet(page)
    shot("comparison")
