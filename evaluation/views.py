"""The indicator catalogue's screens: every signed-in user reads it, who may change it (restrict, else 404) edits."""

from decimal import Decimal
from functools import cached_property

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.forms.models import model_to_dict
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from core.errors import OutOfScope, add_service_errors
from core.exports import FORMATS, export_response
from core.opendata import served_file
from core.views import RecordFormView, ScopedViewMixin, history_of
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
from evaluation.comparison import compare, needs_by_category, sees_the_country, visible_regions
from evaluation.computed import Period
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
from evaluation.opendata import FILES as OPEN_DATA_FILES
from evaluation.services import INDICATOR_FIELDS, indicator_update
from evaluation.suppression import single, suppress
from evaluation.trends import Collected, charts, warnings
from permissions.scoping import get_scope, may
from permissions.selectors import districts_where
from permissions.views import NationalTableListView
from territory.models import District, Region


class IndicatorForm(forms.ModelForm):
    reason = forms.CharField(label=_("Reason for the change"), required=False, max_length=200)

    class Meta:
        model = Indicator
        fields = list(INDICATOR_FIELDS)

    def __init__(self, *args, indicator: Indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["at_most"].queryset = Indicator.objects.exclude(pk=indicator.pk)


class IndicatorListView(NationalTableListView):
    model = Indicator
    template_name = "evaluation/indicator_list.html"
    context_object_name = "indicators"

    def get_queryset(self):
        return super().get_queryset().select_related("at_most")


class IndicatorEditView(RecordFormView):
    model = Indicator
    action = "change"
    form_class = IndicatorForm
    success_message = _("The indicator %(object)s has been saved.")

    @cached_property
    def indicator(self) -> Indicator:
        return self.get_scoped_object(pk=self.kwargs["pk"])

    @property
    def title(self):
        return str(self.indicator)

    def back_url(self) -> str:
        return reverse("indicator-list")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "indicator": self.indicator}

    def get_initial(self):
        return model_to_dict(self.indicator, fields=INDICATOR_FIELDS)

    def save(self, form):
        return indicator_update(
            actor=self.request.user,
            indicator=self.indicator,
            data=self.changes(form),
            reason=form.cleaned_data["reason"],
        )


class ComparisonForm(forms.Form):
    obdobi = forms.RegexField(
        label=_("Half-year"),
        regex=r"^(20\d\d)/([12])$",
        required=False,
        error_messages={"invalid": _("Give a half-year as 2026/1 or 2026/2.")},
    )
    kraj = forms.ChoiceField(label=_("Kraj"), required=False)

    def __init__(self, data, *, regions):
        super().__init__(data)
        self.regions = {region.code: region for region in regions}
        self.fields["kraj"].choices = [("", _("— every kraj —"))] + [(r.code, r.name) for r in regions]

    def period(self) -> Period:
        chosen = self.cleaned_data.get("obdobi")
        if chosen:
            year, half = chosen.split("/")
            return Period.half_year(int(year), int(half))
        return Period.containing(timezone.localdate())


class ComparisonView(ScopedViewMixin, TemplateView):
    """The computed indicators of the ORP of a kraj against the kraj, or of the kraje against each other."""

    model = Indicator
    template_name = "evaluation/comparison.html"

    def get_context_data(self, **kwargs):
        regions = visible_regions(self.request.user)
        data = self.request.GET.copy()
        if "kraj" not in data and len(regions) == 1 and not sees_the_country(self.request.user):
            data["kraj"] = regions[0].code  # a kraj's lead starts in the kraj, the country's roles in the country
        form = ComparisonForm(data, regions=regions)
        comparison = needs = None
        if form.is_valid():
            region = form.regions.get(form.cleaned_data["kraj"])
            comparison = compare(self.request.user, form.period(), region)
            needs = needs_by_category(self.request.user, form.period(), region)
        query = self.request.GET.copy()
        query.pop("export", None)
        return super().get_context_data(
            form=form, comparison=comparison, needs=needs, query=query.urlencode(), **kwargs
        )

    def render_to_response(self, context, **kwargs):
        fmt = self.request.GET.get("export")
        comparison = context["comparison"]
        if fmt not in FORMATS or comparison is None:
            return super().render_to_response(context, **kwargs)
        columns = [
            (_("Kraj") if comparison.region is None else "ORP", lambda row: row.name),
            (_("Code"), lambda row: row.code),
            (_("State"), lambda row: "" if row.mapped else _("Not mapped yet")),
        ]
        columns += [
            (f"{indicator} ({indicator.get_unit_display()})", lambda row, index=index: row.values[index])
            for index, indicator in enumerate(comparison.indicators)
        ]
        name = f"vyhodnoceni-{comparison.region.code if comparison.region else 'kraje'}-{comparison.period.label}"
        return export_response(
            comparison.rows, columns, fmt=fmt, filename=name.replace("/", "-"), title=str(_("The network compared"))
        )


# ------------------------------------------------------------------------------------------ collection rounds --


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


class RoundCreateView(RecordFormView):
    model = CollectionRound
    action = "add"
    form_class = RoundForm
    title = _("Open a collection round")
    success_message = _("The round %(object)s is open; every OSPOD has its form.")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may(request.user, "collectionround", "add"):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

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

    def may(self, action: str) -> bool:
        return Report.objects.restrict(self.request.user, action).filter(pk=self.report.pk).exists()

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


# ------------------------------------------------------------------------------- the rounds over time, warnings --


def report_places(user) -> tuple[list[District], list[Region]]:
    """The ORP whose forms the user may see and their kraje (the places the trends and warnings offer)."""
    districts = list(districts_where(user, "report", "view").select_related("region"))
    regions = sorted({district.region_id: district.region for district in districts}.values(), key=lambda r: r.name)
    return districts, regions


class PlaceForm(forms.Form):
    kraj = forms.ChoiceField(label=_("Kraj"), required=False)
    orp = forms.ChoiceField(label="ORP", required=False)

    def __init__(self, data, *, districts, regions):
        super().__init__(data)
        self.districts = {district.code: district for district in districts}
        self.regions = {region.code: region for region in regions}
        self.fields["kraj"].choices = [("", _("— the country —"))] + [(r.code, r.name) for r in regions]
        self.fields["orp"].choices = [("", _("— no ORP —"))] + [(d.code, d.name) for d in districts]

    def place(self) -> tuple[District | None, Region | None]:
        district = self.districts.get(self.cleaned_data.get("orp") or "")
        region = self.regions.get(self.cleaned_data.get("kraj") or "")
        if district is not None:
            region = district.region
        return district, region


class ReportViewsMixin(ScopedViewMixin):
    """A screen of the collected values: for whoever may see some OSPOD's forms (404 for anybody else)."""

    model = Report

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may(request.user, "report", "view"):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def place_form(self):
        districts, regions = report_places(self.request.user)
        data = self.request.GET.copy()
        if "kraj" not in data and "orp" not in data:
            # Where the user works: an OSPOD's ORP, a kraj role's kraj; the country for the methodologist.
            if len(districts) == 1:
                data["orp"] = districts[0].code
            elif len(regions) == 1:
                data["kraj"] = regions[0].code
        form = PlaceForm(data, districts=districts, regions=regions)
        return form, (form.place() if form.is_valid() else (None, None))


class TrendsView(ReportViewsMixin, TemplateView):
    """Each collected indicator over the rounds: the ORP, its kraj's median ORP and the country's, as charts and
    tables, as counts or per 1 000 children (where populations are loaded); for a kraj, its ORP in the latest round
    with the kraj's total (small counts and what would give them away hidden)."""

    template_name = "evaluation/trends.html"

    def get_context_data(self, **kwargs):
        form, (district, region) = self.place_form()
        per_children = self.request.GET.get("na") == "1000"
        collected = Collected.load(self.request.user, per_children=per_children)
        table = None
        if region is not None and district is None and collected.periods:
            counts = collected if not per_children else Collected.load(self.request.user)
            table = kraj_table(counts, region, collected.periods[-1])
        query = self.request.GET.copy()
        query.pop("na", None)
        return super().get_context_data(
            form=form,
            district=district,
            region=region,
            charts=charts(collected, district=district, region=region),
            periods=collected.periods,
            table=table,
            per_children=per_children,
            demo_population=collected.demo_population,
            query=query.urlencode(),
            **kwargs,
        )


def kraj_table(collected: Collected, region: Region, period: str) -> dict:
    """The kraj's ORP × the collected indicators in a round, with the kraj's totals, suppressed for the viewer (a
    count under the threshold and whatever would let it be worked out from a total)."""
    districts = [
        district
        for district in District.objects.filter(region=region).order_by("name")
        if any(collected.value(indicator, period, district.pk) is not None for indicator in collected.indicators)
    ]
    counts = [indicator for indicator in collected.indicators if indicator.unit == Unit.COUNT]
    values = [[collected.value(indicator, period, district.pk) for indicator in counts] for district in districts]
    threshold = max((indicator.threshold for indicator in counts), default=5)
    own = {
        (row, column)
        for row, district in enumerate(districts)
        for column, indicator in enumerate(counts)
        if (indicator.pk, period, district.pk) in collected.own
    }
    table = suppress(
        [[None if value is None else int(value) for value in row] for row in values],
        threshold=threshold,
        own=lambda row, column: (row, column) in own,
    )
    return {
        "period": period,
        "indicators": counts,
        "rows": list(zip(districts, table.cells)),
        "totals": table.column_totals,
        "total": table.total,
    }


class WarningsView(ReportViewsMixin, TemplateView):
    """The early warnings of the ORP the user follows (a kraj's lead: the kraj; the methodologist: the country)."""

    template_name = "evaluation/warnings.html"

    def get_context_data(self, **kwargs):
        collected = Collected.load(self.request.user)
        rates = Collected.load(self.request.user, per_children=True)
        return super().get_context_data(
            warnings=warnings(collected, rates=rates),
            period=collected.periods[-1] if collected.periods else None,
            demo_population=rates.demo_population,
            **kwargs,
        )

    def render_to_response(self, context, **kwargs):
        fmt = self.request.GET.get("export")
        if fmt not in FORMATS:
            return super().render_to_response(context, **kwargs)
        columns = [
            (_("Kraj"), lambda w: w.district.region.name),
            ("ORP", lambda w: w.district.name),
            (_("Indicator"), lambda w: str(w.indicator)),
            (_("Round"), lambda w: w.period),
            (_("Value"), lambda w: w.shown.text),
            (_("Compared with"), lambda w: w.reference.text),
            (_("per 1 000 children"), lambda w: _("yes") if w.per_children else ""),
            (_("Warning"), lambda w: _("above the band") if w.above else _("below the band")),
        ]
        return export_response(
            context["warnings"], columns, fmt=fmt, filename="vcasna-varovani", title=str(_("Early warnings"))
        )


@require_safe
def export_file(request, name: str = "datapackage.json"):
    """A file of the last nightly open-data package of the indicators (evaluation.tasks), to anyone: its
    datapackage.json or a CSV file it lists, made of approved forms only, suppressed (evaluation.opendata)."""
    return served_file(request, settings.EVALUATION_EXPORT_DIR, name, OPEN_DATA_FILES)
