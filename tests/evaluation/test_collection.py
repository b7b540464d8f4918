"""Collection rounds and the OSPOD's forms: opening a round, filling with field errors and plausibility warnings,
submitting, returning and approving, who sees which form, the values' history and the reminders."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from core.errors import OutOfScope
from evaluation.collection import report_review, report_save, round_close, round_open, round_remind
from evaluation.models import CollectionRound, Indicator, Report, ReportStatus, ReportValue

TODAY = datetime.date(2026, 12, 4)
CODES = ("children_in_records", "new_cases", "case_conferences")


def indicators(*codes):
    return list(Indicator.objects.filter(code__in=codes or CODES))


def open_round(role_people, period="2026/2", deadline=datetime.date(2027, 1, 31), codes=CODES):
    return round_open(
        actor=role_people["narodni"], period=period, deadline=deadline, indicators=indicators(*codes), today=TODAY
    )


def ids(*codes):
    return {code: Indicator.objects.get(code=code).pk for code in codes}


def values(**by_code):
    found = ids(*by_code)
    return {found[code]: None if value is None else Decimal(value) for code, value in by_code.items()}


@pytest.mark.django_db
def test_the_methodologist_opens_a_round_and_every_open_ospod_gets_its_form(role_people, ospod, ospod_jihlava):
    round_ = open_round(role_people)
    assert set(round_.reports.values_list("ospod_id", flat=True)) == {ospod.pk, ospod_jihlava.pk}
    assert {item.indicator.code: item.version for item in round_.items.all()} == dict.fromkeys(CODES, 1)
    report = round_.reports.get(ospod=ospod)
    assert (report.region_id, report.district_id) == (ospod.region_id, ospod.district_id)
    assert report.status == ReportStatus.DRAFT and report.values.count() == 3


@pytest.mark.django_db
def test_a_round_keeps_the_rules_of_the_version_it_asked_for(role_people, actor):
    from evaluation.services import indicator_update

    round_ = open_round(role_people)
    new_cases = Indicator.objects.get(code="new_cases")
    indicator_update(actor=actor, indicator=new_cases, data={"maximum": Decimal(10)})
    item = round_.items.get(indicator=new_cases)
    assert (item.version, item.maximum) == (1, None)
    assert Indicator.objects.get(code="new_cases").version == 2


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["vedouci", "poradce", "ospod", "sitar"])
def test_only_the_methodologist_opens_rounds(role_people, role):
    with pytest.raises(OutOfScope):
        round_open(actor=role_people[role], period="2026/2", deadline=TODAY, indicators=indicators(*CODES), today=TODAY)
    assert not CollectionRound.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change,field",
    [
        ({"indicators": []}, "indicators"),
        ({"indicators": ["meetings"]}, "indicators"),  # computed by Síťař, not asked of the OSPOD
        ({"deadline": datetime.date(2026, 12, 3)}, "deadline"),
        ({"period": "2026/3"}, "period"),
    ],
)
def test_a_round_is_refused_by_field_and_nothing_is_saved(role_people, change, field):
    arguments = {"period": "2026/2", "deadline": datetime.date(2027, 1, 31), "indicators": indicators(*CODES)}
    if "indicators" in change:
        change = {"indicators": indicators(*change["indicators"]) if change["indicators"] else []}
    with pytest.raises(ValidationError) as refused:
        round_open(actor=role_people["narodni"], today=TODAY, **{**arguments, **change})
    assert field in refused.value.message_dict
    assert not CollectionRound.objects.exists() and not Report.objects.exists()


@pytest.mark.django_db
def test_a_second_round_of_the_same_period_is_refused_on_the_period(role_people):
    open_round(role_people)
    with pytest.raises(ValidationError) as refused:
        open_round(role_people)
    assert "period" in refused.value.message_dict


@pytest.mark.django_db
def test_a_negative_number_is_a_field_error_and_nothing_is_saved(role_people, ospod):
    report = open_round(role_people).reports.get(ospod=ospod)
    report_save(actor=role_people["ospod"], report=report, values=values(children_in_records="120"), comments={})
    with pytest.raises(ValidationError) as refused:
        report_save(
            actor=role_people["ospod"],
            report=report,
            values=values(children_in_records="130", new_cases="-2"),
            comments={},
        )
    assert set(refused.value.message_dict) == {"value-new_cases"}
    stored = {row.indicator.code: row.value for row in report.values.select_related("indicator")}
    assert stored == {"children_in_records": Decimal(120), "new_cases": None, "case_conferences": None}


@pytest.mark.django_db
def test_a_part_cannot_exceed_its_whole(role_people, ospod):
    report = open_round(role_people).reports.get(ospod=ospod)
    with pytest.raises(ValidationError) as refused:
        report_save(
            actor=role_people["ospod"],
            report=report,
            values=values(children_in_records="10", new_cases="12"),
            comments={},
        )
    assert set(refused.value.message_dict) == {"value-new_cases"}


@pytest.mark.django_db
def test_a_count_is_a_whole_number(role_people, ospod):
    report = open_round(role_people).reports.get(ospod=ospod)
    with pytest.raises(ValidationError) as refused:
        report_save(actor=role_people["ospod"], report=report, values=values(case_conferences="2.5"), comments={})
    assert set(refused.value.message_dict) == {"value-case_conferences"}


def approve_first_round(role_people, ospod, **by_code):
    first = open_round(role_people, period="2026/1")
    report = first.reports.get(ospod=ospod)
    report_save(actor=role_people["ospod"], report=report, values=values(**by_code), comments={}, submit=True)
    report_review(actor=role_people["vedouci"], report=report, approve=True)
    return first


@pytest.mark.django_db
def test_a_value_five_times_the_last_rounds_asks_for_a_comment_and_stands_with_one(role_people, ospod):
    approve_first_round(role_people, ospod, children_in_records="100", new_cases="10", case_conferences="4")
    report = open_round(role_people).reports.get(ospod=ospod)
    typed = values(children_in_records="110", new_cases="60", case_conferences="4")
    with pytest.raises(ValidationError) as refused:
        report_save(actor=role_people["ospod"], report=report, values=typed, comments={})
    assert set(refused.value.message_dict) == {"comment-new_cases"}
    assert "10" in refused.value.message_dict["comment-new_cases"][0]
    comment = {ids("new_cases")["new_cases"]: "Nová ubytovna v obci, přistěhovalo se 12 rodin."}
    warnings = report_save(actor=role_people["ospod"], report=report, values=typed, comments=comment, submit=True)
    assert set(warnings) == {"value-new_cases"}
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.submitted_by == role_people["ospod"]


@pytest.mark.django_db
def test_a_value_a_fifth_of_the_last_rounds_warns_too(role_people, ospod):
    approve_first_round(role_people, ospod, children_in_records="100", new_cases="50", case_conferences="4")
    report = open_round(role_people).reports.get(ospod=ospod)
    with pytest.raises(ValidationError) as refused:
        report_save(actor=role_people["ospod"], report=report, values=values(new_cases="10"), comments={})
    assert set(refused.value.message_dict) == {"comment-new_cases"}


@pytest.mark.django_db
def test_submitting_needs_every_value(role_people, ospod):
    report = open_round(role_people).reports.get(ospod=ospod)
    with pytest.raises(ValidationError) as refused:
        report_save(actor=role_people["ospod"], report=report, values=values(new_cases="3"), comments={}, submit=True)
    assert set(refused.value.message_dict) == {"value-children_in_records", "value-case_conferences"}
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


@pytest.mark.django_db
def test_the_kraj_returns_once_and_approves_and_a_decided_form_is_closed_to_changes(role_people, ospod):
    report = open_round(role_people).reports.get(ospod=ospod)
    full = values(children_in_records="100", new_cases="3", case_conferences="4")
    report_save(actor=role_people["ospod"], report=report, values=full, comments={}, submit=True)
    with pytest.raises(ValidationError):
        report_save(actor=role_people["ospod"], report=report, values=full, comments={})  # submitted: waiting
    with pytest.raises(ValidationError) as refused:
        report_review(actor=role_people["vedouci"], report=report, approve=False, note="  ")
    assert "review_note" in refused.value.message_dict
    report_review(actor=role_people["poradce"], report=report, approve=False, note="Zkontrolujte počet konferencí.")
    report.refresh_from_db()
    assert (report.status, report.review_note) == (ReportStatus.RETURNED, "Zkontrolujte počet konferencí.")
    report_save(actor=role_people["ospod"], report=report, values={**full, **values(case_conferences="5")}, comments={})
    report_save(
        actor=role_people["ospod"],
        report=report,
        values={**full, **values(case_conferences="5")},
        comments={},
        submit=True,
    )
    report_review(actor=role_people["vedouci"], report=report, approve=True)
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED and report.decided_by == role_people["vedouci"]
    with pytest.raises(ValidationError):
        report_save(actor=role_people["ospod"], report=report, values=full, comments={})
    with pytest.raises(ValidationError):
        report_review(actor=role_people["vedouci"], report=report, approve=False, note="znovu")
    statuses = list(report.history.order_by("history_date", "history_id").values_list("status", flat=True))
    assert statuses == ["draft", "submitted", "returned", "submitted", "approved"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["vedouci_li", "ospod", "ospod_ji", "sitar", "narodni"])
def test_only_the_kraj_reviews(role_people, ospod, role):
    report = open_round(role_people).reports.get(ospod=ospod)
    full = values(children_in_records="100", new_cases="3", case_conferences="4")
    report_save(actor=role_people["ospod"], report=report, values=full, comments={}, submit=True)
    with pytest.raises(OutOfScope):
        report_review(actor=role_people[role], report=report, approve=True)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["ospod_ji", "vedouci", "poradce", "narodni", "sitar"])
def test_only_the_ospods_own_workers_fill_its_form(role_people, ospod, role):
    report = open_round(role_people).reports.get(ospod=ospod)
    with pytest.raises(OutOfScope):
        report_save(actor=role_people[role], report=report, values=values(new_cases="3"), comments={})


@pytest.mark.django_db
def test_who_sees_which_form(role_people, ospod, ospod_jihlava):
    round_ = open_round(role_people)
    pelhrimov_form, jihlava_form = round_.reports.get(ospod=ospod), round_.reports.get(ospod=ospod_jihlava)
    full = values(children_in_records="100", new_cases="3", case_conferences="4")
    report_save(actor=role_people["ospod"], report=pelhrimov_form, values=full, comments={}, submit=True)
    report_review(actor=role_people["vedouci"], report=pelhrimov_form, approve=True)

    def seen(role):
        return set(Report.objects.restrict(role_people[role], "view").values_list("pk", flat=True))

    assert seen("ospod") == {pelhrimov_form.pk}
    assert seen("ospod_ji") == {jihlava_form.pk}
    assert seen("vedouci") == seen("poradce") == {pelhrimov_form.pk, jihlava_form.pk}
    assert seen("narodni") == {pelhrimov_form.pk}  # approved only
    assert seen("vedouci_li") == seen("sitar") == set()
    assert set(ReportValue.objects.restrict(role_people["narodni"], "view").values_list("report", flat=True)) == {
        pelhrimov_form.pk
    }


@pytest.mark.django_db
def test_every_value_keeps_its_history(role_people, ospod):
    report = open_round(role_people).reports.get(ospod=ospod)
    for count in ("3", "4", "7"):
        report_save(actor=role_people["ospod"], report=report, values=values(new_cases=count), comments={})
    row = report.values.get(indicator__code="new_cases")
    assert [entry.value for entry in row.history.order_by("history_date", "history_id")] == [3, 4, 7]
    assert {entry.history_user_id for entry in row.history.all()} == {role_people["ospod"].pk}


@pytest.mark.django_db
def test_a_closed_round_takes_no_more_values(role_people, ospod):
    round_ = open_round(role_people)
    round_close(actor=role_people["narodni"], round_=round_)
    with pytest.raises(ValidationError):
        report_save(actor=role_people["ospod"], report=round_.reports.get(ospod=ospod), values={}, comments={})
    with pytest.raises(OutOfScope):
        round_close(actor=role_people["vedouci"], round_=round_)


@pytest.mark.django_db
def test_reminders_go_to_the_ospods_who_have_not_submitted_seven_days_and_one_day_before(role_people, ospod, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    for user in role_people.values():
        user.email = f"{user.username}@example.cz"
        user.save()
    round_ = open_round(role_people, deadline=datetime.date(2026, 12, 20))
    full = values(children_in_records="100", new_cases="3", case_conferences="4")
    report_save(
        actor=role_people["ospod_ji"],
        report=round_.reports.get(ospod__name="OSPOD Jihlava"),
        values=full,
        comments={},
        submit=True,
    )
    assert round_remind(today=datetime.date(2026, 12, 12)) == 0  # 8 days left
    assert round_remind(today=datetime.date(2026, 12, 13)) == 1
    assert [message.to for message in mail.outbox] == [[role_people["ospod"].email]]
    assert "2026/2" in mail.outbox[0].subject and "OSPOD Pelhřimov" in mail.outbox[0].body
    assert "Jihlava" not in mail.outbox[0].body
    assert f"{settings.SITAR_BASE_URL}/evaluation/forms/" in mail.outbox[0].body
    assert round_remind(today=datetime.date(2026, 12, 13)) == 0  # not twice
    assert round_remind(today=datetime.date(2026, 12, 16)) == 0
    assert round_remind(today=datetime.date(2026, 12, 19)) == 1  # the last day before
    assert round_remind(today=datetime.date(2026, 12, 21)) == 0  # past the deadline: late, for the kraj to see


@pytest.mark.django_db
def test_the_reminder_task_is_scheduled_daily(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["collection-remind-daily"]
    assert entry["task"] == "evaluation.tasks.round_remind_task"
