"""Collection rounds and the OSPOD's forms (issue 19): the national methodologist opens a round, each OSPOD fills and
submits its form, the kraj's lead or advisor returns or approves it; reminders before the deadline.

Every write checks the actor's reach through restrict() (OutOfScope → 404 in views); bad values are refused by field
(``value-<code>``, ``comment-<code>``) and nothing of a refused save is written. A value far from the OSPOD's value of
the previous round is a plausibility warning: it stands once the OSPOD explains it in the value's comment.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.bulk_history import write_history
from core.errors import OutOfScope
from core.services import ensure_allowed, save_validated
from evaluation.models import CollectionRound, Indicator, Report, ReportStatus, ReportValue, RoundIndicator, Supplier
from evaluation.suppression import number_text
from organizations.models import Organization, OrganizationKind, OrganizationStatus
from permissions.roles import Role
from permissions.scoping import may

# Reminders go out when this many days are left, and again on the last day before the deadline.
REMIND_BEFORE = (7, 1)


def value_field(indicator: Indicator | RoundIndicator) -> str:
    return f"value-{getattr(indicator, 'indicator', indicator).code}"


def comment_field(indicator: Indicator | RoundIndicator) -> str:
    return f"comment-{getattr(indicator, 'indicator', indicator).code}"


@transaction.atomic
def round_open(
    *, actor, period: str, deadline: datetime.date, indicators, note: str = "", today: datetime.date | None = None
) -> CollectionRound:
    """Open a round of the indicators an OSPOD supplies, each kept in its current version and rules, and give every
    open OSPOD of the country its empty form."""
    if not may(actor, "collectionround", "add"):
        raise OutOfScope("collectionround: add not allowed")
    today = today or timezone.localdate()
    indicators = sorted(indicators, key=lambda indicator: (indicator.sort_order, indicator.code))
    errors = {}
    if not indicators:
        errors["indicators"] = _("Choose at least one indicator.")
    elif any(indicator.supplier != Supplier.OSPOD or not indicator.active for indicator in indicators):
        errors["indicators"] = _("A round asks only for indicators in use that the OSPOD supply.")
    if deadline is not None and deadline < today:
        errors["deadline"] = _("The deadline cannot be in the past.")
    if errors:
        raise ValidationError(errors)
    round_ = save_validated(
        CollectionRound(period=period, deadline=deadline, note=note, opened_by=actor), actor=actor, reason="created"
    )
    RoundIndicator.objects.bulk_create(
        RoundIndicator(
            round=round_,
            indicator=indicator,
            version=indicator.version,
            minimum=indicator.minimum,
            maximum=indicator.maximum,
            at_most=indicator.at_most,
            change_factor=indicator.change_factor,
            threshold=indicator.threshold,
            sort_order=index,
        )
        for index, indicator in enumerate(indicators)
    )
    # The system gives the forms: every open OSPOD, whoever opens the round.
    ospods = Organization.objects.filter(kind=OrganizationKind.OSPOD, status=OrganizationStatus.ACTIVE).order_by("pk")
    reports = Report.objects.bulk_create(
        Report(round=round_, ospod_id=pk, region_id=region, district_id=district)
        for pk, region, district in ospods.values_list("pk", "region_id", "district_id")
    )
    write_history(Report, reports, update=False, actor=actor, reason="round opened")
    ReportValue.objects.bulk_create(
        ReportValue(report=report, indicator=indicator) for report in reports for indicator in indicators
    )
    return round_


def round_items(round_: CollectionRound) -> list[RoundIndicator]:
    return list(round_.items.select_related("indicator").order_by("sort_order", "indicator__code"))


@dataclass(frozen=True)
class Previous:
    """The OSPOD's approved value of an indicator in the latest earlier round."""

    period: str
    value: Decimal


def previous_values(report: Report) -> dict[int, Previous]:
    """{indicator id: the same OSPOD's approved value in the latest earlier round that asked for it}."""
    rows = (
        ReportValue.objects.filter(
            report__ospod_id=report.ospod_id,
            report__status=ReportStatus.APPROVED,
            report__round__period__lt=report.round.period,
            value__isnull=False,
        )
        .order_by("indicator_id", "-report__round__period")
        .values_list("indicator_id", "report__round__period", "value")
    )
    found = {}
    for indicator, period, value in rows:
        found.setdefault(indicator, Previous(period, value))
    return found


def plausibility(item: RoundIndicator, value: Decimal | None, previous: Previous | None) -> str | None:
    """The warning for a value far from the previous round's (``change_factor`` times it, or that part of it)."""
    if value is None or previous is None or not item.change_factor:
        return None
    factor, before = item.change_factor, previous.value
    if before == 0:
        far = value >= factor
    else:
        far = value >= before * factor or value * factor <= before
    if not far:
        return None
    return gettext(
        "This is far from %(before)s of %(period)s (more than %(factor)s× apart). Explain it in the comment."
    ) % {"before": number_text(before), "period": previous.period, "factor": number_text(item.change_factor)}


def check_values(
    items: list[RoundIndicator], values: dict[int, Decimal | None], comments: dict[int, str], previous, *, complete
) -> tuple[dict[str, list[str]], dict[str, str]]:
    """The errors by field and the warnings by field of the values of a form (by indicator id)."""
    errors: dict[str, list[str]] = {}
    warnings: dict[str, str] = {}
    by_indicator = {item.indicator_id: item for item in items}
    for item in items:
        field, value = value_field(item), values.get(item.indicator_id)
        if value is None:
            if complete:
                errors[field] = [gettext("Fill in the value before submitting the form.")]
            continue
        if item.minimum is not None and value < item.minimum:
            errors[field] = [
                gettext("The value cannot be negative.")
                if item.minimum == 0
                else gettext("The value cannot be below %(minimum)s.") % {"minimum": number_text(item.minimum)}
            ]
            continue
        if item.maximum is not None and value > item.maximum:
            errors[field] = [gettext("The value cannot be above %(maximum)s.") % {"maximum": number_text(item.maximum)}]
            continue
        if item.indicator.unit == "count" and value != value.to_integral():
            errors[field] = [gettext("A count is a whole number.")]
            continue
        bound = by_indicator.get(item.at_most_id)
        if bound is not None and values.get(bound.indicator_id) is not None and value > values[bound.indicator_id]:
            errors[field] = [
                gettext("The value cannot be more than “%(other)s” (%(bound)s).")
                % {"other": bound.indicator, "bound": number_text(values[bound.indicator_id])}
            ]
            continue
        warning = plausibility(item, value, previous.get(item.indicator_id))
        if warning:
            warnings[field] = warning
            if not comments.get(item.indicator_id, "").strip():
                errors[comment_field(item)] = [warning]
    return errors, warnings


@transaction.atomic
def report_save(
    *, actor, report: Report, values: dict[int, Decimal | None], comments: dict[int, str], submit: bool = False
) -> dict[str, str]:
    """Save the OSPOD's values and comments (by indicator id) of a form it may change, and submit it if asked; the
    plausibility warnings that stand explained are returned by field. Refused as a whole by field."""
    report = Report.objects.select_for_update().select_related("round").get(pk=report.pk)
    ensure_allowed(actor, report, "change")
    if not report.editable:
        raise ValidationError(
            _("The form is %(status)s: it cannot be changed.") % {"status": report.get_status_display()}
        )
    items = round_items(report.round)
    known = {item.indicator_id for item in items}
    values = {pk: None if value is None else Decimal(str(value)) for pk, value in values.items() if pk in known}
    comments = {pk: (comment or "").strip() for pk, comment in comments.items() if pk in known}
    errors, warnings = check_values(items, values, comments, previous_values(report), complete=submit)
    if errors:
        raise ValidationError(errors)
    stored = {row.indicator_id: row for row in report.values.all()}
    for item in items:
        row = stored.get(item.indicator_id) or ReportValue(report=report, indicator=item.indicator)
        value, comment = values.get(item.indicator_id), comments.get(item.indicator_id, row.comment)
        if row.pk is None or row.value != value or row.comment != comment:
            row.value, row.comment = value, comment
            save_validated(row, actor=actor)
    if submit:
        report.status = ReportStatus.SUBMITTED
        report.submitted_at, report.submitted_by = timezone.now(), actor
        save_validated(report, actor=actor, reason="submitted", action="change")
    return warnings


@transaction.atomic
def report_review(*, actor, report: Report, approve: bool, note: str = "") -> Report:
    """Approve a submitted form, or return it to the OSPOD with what to correct (the kraj's lead or advisor)."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    ensure_allowed(actor, report, "review")
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted form can be returned or approved."))
    note = note.strip()
    if not approve and not note:
        raise ValidationError({"review_note": _("Say what the OSPOD should correct.")})
    report.status = ReportStatus.APPROVED if approve else ReportStatus.RETURNED
    report.review_note = "" if approve else note
    report.decided_at, report.decided_by = timezone.now(), actor
    return save_validated(report, actor=actor, reason="approved" if approve else "returned", action="review")


@transaction.atomic
def round_close(*, actor, round_: CollectionRound) -> CollectionRound:
    """Close a round: its forms not yet submitted stay as they are, no longer editable."""
    ensure_allowed(actor, round_, "change")
    round_.closed_at = timezone.now()
    return save_validated(round_, actor=actor, reason="round closed")


def _reminder_due(round_: CollectionRound, today: datetime.date) -> datetime.date | None:
    """The day of the latest reminder due by today (None: none yet, or the deadline has passed)."""
    if today > round_.deadline:
        return None
    days = [round_.deadline - datetime.timedelta(days=before) for before in REMIND_BEFORE]
    due = [day for day in days if day <= today]
    return max(due) if due else None


def round_remind(today: datetime.date | None = None) -> int:
    """E-mail the workers of each OSPOD whose form of an open round is not submitted yet, when 7 days and 1 day are
    left (a reminder missed is sent the next day; none twice); returns the e-mails sent. Each form is locked, mailed
    and marked in one transaction."""
    today = today or timezone.localdate()
    sent = 0
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    for round_ in CollectionRound.objects.filter(closed_at__isnull=True, deadline__gte=today).order_by("pk"):
        due = _reminder_due(round_, today)
        if due is None:
            continue
        waiting = Q(status__in=(ReportStatus.DRAFT, ReportStatus.RETURNED)) & (
            Q(reminded_on__isnull=True) | Q(reminded_on__lt=due)
        )
        for report_pk in round_.reports.filter(waiting).order_by("pk").values_list("pk", flat=True):
            with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
                report = (
                    Report.objects.filter(waiting, pk=report_pk)
                    .select_for_update(skip_locked=True)
                    .select_related("round", "ospod")
                    .first()
                )
                if report is None:
                    continue
                recipients = [
                    user.email
                    for user in users.filter(
                        role_assignments__organization_id=report.ospod_id,
                        role_assignments__role__in=(Role.OSPOD, Role.VEDOUCI_OSPOD),
                    ).distinct()
                    # Re-checked by the rule of every read: only who may fill the form is told of it.
                    if Report.objects.restrict(user, "change").filter(pk=report.pk).exists()
                ]
                if recipients:
                    send_mail(
                        _reminder_subject(report), _reminder_body(report), settings.DEFAULT_FROM_EMAIL, recipients
                    )
                    sent += 1
                Report.objects.filter(pk=report.pk).update(reminded_on=today)
    return sent


def _reminder_subject(report: Report) -> str:
    return gettext("Síťař: the form of round %(period)s is due on %(deadline)s") % {
        "period": report.round.period,
        "deadline": date_format(report.round.deadline, "SHORT_DATE_FORMAT"),
    }


def _reminder_body(report: Report) -> str:
    return "\n".join(
        [
            gettext("Hello,"),
            "",
            gettext("the form of %(ospod)s for round %(period)s is not submitted yet; the deadline is %(deadline)s.")
            % {
                "ospod": report.ospod.name,
                "period": report.round.period,
                "deadline": date_format(report.round.deadline, "SHORT_DATE_FORMAT"),
            },
            gettext("Fill it in and submit it in Síťař: %(path)s")
            % {"path": settings.SITAR_BASE_URL + reverse("report", args=[report.pk])},
        ]
    )
