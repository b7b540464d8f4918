"""The rounds of collection and the OSPOD's forms: narodni opens a round, the OSPOD fills and submits its form, the
kraj returns or approves it; everything read through restrict() (out of reach: 404)."""

from decimal import Decimal
from functools import cached_property

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from core.errors import OutOfScope, add_service_errors
from core.exports import FORMATS, export_response
from core.views import OfferedMixin, RecordFormView, ScopedViewMixin, history_of
from evaluation.collection import (
    comment_field,
    plausibility,
    previous_values,
    report_review,
    report_save,
    round_close,
    round_items,
    round_open,
    value_field,
)
from evaluation.models import (
    PERIOD_LABEL,
    CollectionRound,
    Indicator,
    Report,
    ReportStatus,
    ReportValue,
    Supplier,
    Unit,
)
from evaluation.suppression import single
from permissions.scoping import get_scope, may


class RoundForm(forms.Form):
    period = forms.RegexField(
        label=_("Period"),
        regex=PERIOD_LABEL,
        error_messages={"invalid": _("Give a half-year as 2026/1 or 2026/2, or a year as 2026.")},
        help_text=_("A half-year as 2026/1 or 2026/2, or a year as 2026."),
    )
    deadline = forms.DateField(label=_("Deadline"), widget=forms.DateInput(attrs={"type": "date"}))
    indicators = forms.ModelMultipleChoiceField(
        label=_("Indicators"), queryset=Indicator.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(label=_("Note for the OSPOD"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicators"].queryset = Indicator.objects.restrict(user, "view").filter(
            active=True, supplier=Supplier.OSPOD
        )


class RoundListView(ScopedViewMixin, TemplateView):
    """The rounds of collection, newest first, with how far the forms the user may see have got."""

    model = CollectionRound
    template_name = "evaluation/round_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        rounds = list(self.get_queryset().prefetch_related("items__indicator"))
        progress = round_progress(user, rounds)
        return super().get_context_data(
            rounds=[(round_, progress.get(round_.pk, {})) for round_ in rounds],
            can_open=may(user, "collectionround", "add"),
            **kwargs,
        )


class RoundCreateView(OfferedMixin, RecordFormView):
    model = CollectionRound
    action = "add"
    form_class = RoundForm
    title = _("Open a collection round")
    success_message = _("The round %(object)s is open; every OSPOD has its form.")

    def offered(self) -> bool:
        return may(self.request.user, "collectionround", "add")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        today = timezone.localdate()
        return {
            "period": f"{today.year}/{1 if today.month <= 6 else 2}",
            "indicators": Indicator.objects.filter(active=True, supplier=Supplier.OSPOD),
        }

    def back_url(self) -> str:
        return reverse("round-list")

    def get_success_url(self):
        return reverse("round", args=[self.object.pk])

    def save(self, form):
        data = form.cleaned_data
        return round_open(
            actor=self.request.user,
            period=data["period"],
            deadline=data["deadline"],
            indicators=list(data["indicators"]),
            note=data["note"],
        )


class RoundView(ScopedViewMixin, TemplateView):
    """A round: its indicators, and the forms the user may see with their state (late ones marked)."""

    model = CollectionRound
    template_name = "evaluation/round.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        round_ = self.get_scoped_object(pk=self.kwargs["pk"])
        reports = (
            Report.objects.restrict(user, "view")
            .filter(round=round_)
            .select_related("ospod", "district", "region")
            .order_by("region__name", "district__name", "ospod__name", "id")
        )
        today = timezone.localdate()
        return super().get_context_data(
            round=round_,
            items=round_items(round_),
            reports=[(report, report.is_late(today)) for report in reports],
            progress=round_progress(user, [round_]).get(round_.pk, {}),
            can_close=round_.is_open and may(user, "collectionround", "change"),
            **kwargs,
        )

    def render_to_response(self, context, **kwargs):
        fmt = self.request.GET.get("export")
        if fmt not in FORMATS:
            return super().render_to_response(context, **kwargs)
        columns = [
            ("OSPOD", lambda row: row[0].ospod.name),
            ("ORP", lambda row: row[0].district.name),
            (_("Kraj"), lambda row: row[0].region.name),
            (_("State"), lambda row: row[0].get_status_display()),
            (_("late"), lambda row: _("yes") if row[1] else ""),
            (_("Submitted"), lambda row: row[0].submitted_at.date() if row[0].submitted_at else None),
        ]
        name = f"kolo-{context['round'].period}".replace("/", "-")
        return export_response(context["reports"], columns, fmt=fmt, filename=name, title=str(context["round"]))

    def post(self, request, *args, **kwargs):
        round_ = get_object_or_404(CollectionRound.objects.restrict(request.user, "change"), pk=kwargs["pk"])
        if round_.is_open:
            round_close(actor=request.user, round_=round_)
            messages.success(request, _("The round is closed."))
        return redirect("round", pk=round_.pk)


def round_progress(user, rounds) -> dict[int, dict[str, int]]:
    """{round id: {status: how many forms, "late": how many not submitted after the deadline}} of the forms the user
    may see."""
    today = timezone.localdate()
    progress: dict[int, dict[str, int]] = {round_.pk: {} for round_ in rounds}
    deadlines = {round_.pk: round_.deadline for round_ in rounds}
    rows = (
        Report.objects.restrict(user, "view")
        .filter(round__in=list(deadlines))
        .values("round", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        counts = progress[row["round"]]
        counts[row["status"]] = row["n"]
        counts["all"] = counts.get("all", 0) + row["n"]
        if row["status"] in (ReportStatus.DRAFT, ReportStatus.RETURNED) and today > deadlines[row["round"]]:
            counts["late"] = counts.get("late", 0) + row["n"]
    return progress


class ReportForm(forms.Form):
    """The values of a form, a value and a comment per indicator of the round (value-<code>, comment-<code>)."""

    def __init__(self, *args, items, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        stored = {row.indicator_id: row for row in report.values.all()}
        for item in items:
            row = stored.get(item.indicator_id)
            indicator = item.indicator
            self.fields[value_field(item)] = forms.DecimalField(
                label=f"{indicator} ({indicator.get_unit_display()})",
                required=False,
                max_digits=12,
                decimal_places=2,
                initial=row.value if row else None,
                help_text=indicator.definition,
                widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
            )
            self.fields[comment_field(item)] = forms.CharField(
                label=_("Comment"),
                required=False,
                max_length=2000,
                help_text=_("Why the value is what it is; never a child's name or anything that identifies a family."),
                initial=row.comment if row else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def rows(self):
        """Each indicator's value and comment fields, in the round's order."""
        return [(item, self[value_field(item)], self[comment_field(item)]) for item in self.items]

    def values(self) -> dict[int, Decimal | None]:
        return {item.indicator_id: self.cleaned_data.get(value_field(item)) for item in self.items}

    def comments(self) -> dict[int, str]:
        return {item.indicator_id: self.cleaned_data.get(comment_field(item), "") for item in self.items}


class ReviewForm(forms.Form):
    review_note = forms.CharField(
        label=_("What to correct"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when you return the form; the OSPOD reads it."),
    )


class ReportView(ScopedViewMixin, TemplateView):
    """An OSPOD's form: the OSPOD fills and submits it; the kraj's lead or advisor returns or approves it. Outside the
    reporting OSPOD a count under its threshold shows as "< N"."""

    model = Report
    template_name = "evaluation/report.html"

    @cached_property
    def report(self) -> Report:
        return self.get_scoped_object(pk=self.kwargs["pk"])

    @cached_property
    def items(self):
        return round_items(self.report.round)

    @cached_property
    def _may(self) -> dict[str, bool]:
        return {}

    def may(self, action: str) -> bool:
        """Whether the user may ``action`` this form (asked once per action and request)."""
        if action not in self._may:
            self._may[action] = Report.objects.restrict(self.request.user, action).filter(pk=self.report.pk).exists()
        return self._may[action]

    def get_queryset(self):
        return super().get_queryset().select_related("round", "ospod", "district", "submitted_by", "decided_by")

    def get_context_data(self, form=None, review=None, warnings=None, **kwargs):
        report, user = self.report, self.request.user
        editing = report.editable and self.may("change")
        reviewing = report.status == ReportStatus.SUBMITTED and self.may("review")
        own = report.ospod_id in get_scope(user).own_ospods or get_scope(user).superuser
        previous = previous_values(report)
        stored = {row.indicator_id: row for row in report.values.all()}
        shown = []
        for item in self.items:
            row = stored.get(item.indicator_id)
            value = row.value if row else None
            before = previous.get(item.indicator_id)
            shown.append(
                {
                    "item": item,
                    "value": shown_value(item, value, own=own),
                    "comment": row.comment if row else "",
                    "previous": before and shown_value(item, before.value, own=own),
                    "previous_period": before and before.period,
                    "warning": plausibility(item, value, before),
                }
            )
        return super().get_context_data(
            report=report,
            editing=editing,
            reviewing=reviewing,
            form=form or (ReportForm(items=self.items, report=report) if editing else None),
            review=review or (ReviewForm() if reviewing else None),
            warnings=warnings or {},
            shown=shown,
            previous=previous,
            late=report.is_late(timezone.localdate()),
            changes=value_changes(report, own=own, items=self.items) if own or self.may("review") else [],
            history=history_of(report, excluded_fields=["reminded_on"]),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        report = self.report
        if "decision" in request.POST:
            review = ReviewForm(request.POST)
            review.is_valid()
            try:
                report_review(
                    actor=request.user,
                    report=report,
                    approve=request.POST["decision"] == "approve",
                    note=review.cleaned_data.get("review_note", ""),
                )
            except OutOfScope as exc:
                raise Http404 from exc
            except ValidationError as exc:
                add_service_errors(review, exc)
                return self.render_to_response(self.get_context_data(review=review))
            messages.success(
                request,
                _("The form is approved.") if request.POST["decision"] == "approve" else _("The form is returned."),
            )
            return redirect("round", pk=report.round_id)
        form = ReportForm(request.POST, items=self.items, report=report)
        if form.is_valid():
            submit = "submit" in request.POST
            try:
                warnings = report_save(
                    actor=request.user, report=report, values=form.values(), comments=form.comments(), submit=submit
                )
            except OutOfScope as exc:
                raise Http404 from exc
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                if submit:
                    messages.success(request, _("The form is submitted to the kraj."))
                    return redirect("report", pk=report.pk)
                messages.success(request, _("The form is saved; submit it when it is complete."))
                if not warnings:
                    return redirect("report", pk=report.pk)
                return self.render_to_response(
                    self.get_context_data(form=ReportForm(items=self.items, report=report), warnings=warnings)
                )
        return self.render_to_response(self.get_context_data(form=form))


def shown_value(item, value, *, own: bool) -> str:
    """A value as a user sees it: a count under the indicator's threshold as "< N" outside its OSPOD."""
    if value is None:
        return "—"
    return single(value, threshold=item.threshold, count=item.indicator.unit == Unit.COUNT, own=own).text


def value_changes(report: Report, *, own: bool, items) -> list[dict]:
    """Every change of the form's values, newest first: when, who, the indicator, the value as the user may see it
    and the comment."""
    by_indicator = {item.indicator_id: item for item in items}
    rows = (
        ReportValue.history.filter(report_id=report.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )
    return [
        {
            "entry": entry,
            "item": by_indicator.get(entry.indicator_id),
            "value": shown_value(by_indicator[entry.indicator_id], entry.value, own=own),
            "comment": entry.comment,
        }
        for entry in rows
        if entry.indicator_id in by_indicator
    ]
