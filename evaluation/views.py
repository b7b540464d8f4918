"""The indicator catalogue's screens (every signed-in user reads it, who may change it edits; else 404), the network
compared, and the open data of the indicators."""

from functools import cached_property

from django import forms
from django.conf import settings
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from core.exports import FORMATS, export_response
from core.opendata import served_file
from core.views import RecordFormView, ScopedViewMixin
from evaluation.comparison import evaluated, home_region_code, visible_regions
from evaluation.computed import Period
from evaluation.models import Indicator
from evaluation.opendata import FILES as OPEN_DATA_FILES
from evaluation.services import INDICATOR_FIELDS, indicator_update
from permissions.views import NationalTableListView


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
        home = home_region_code(self.request.user, regions)
        if "kraj" not in data and home:
            data["kraj"] = home
        form = ComparisonForm(data, regions=regions)
        comparison = needs = computed = None
        if form.is_valid():
            region = form.regions.get(form.cleaned_data["kraj"])
            computed = evaluated(self.request.user, form.period(), region)
            comparison, needs = computed.comparison, computed.needs
        query = self.request.GET.copy()
        query.pop("export", None)
        return super().get_context_data(
            form=form, comparison=comparison, needs=needs, computed=computed, query=query.urlencode(), **kwargs
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


@require_safe
def export_file(request, name: str = "datapackage.json"):
    """A file of the last nightly open-data package of the indicators (evaluation.tasks), to anyone: its
    datapackage.json or a CSV file it lists, made of approved forms only, suppressed (evaluation.opendata)."""
    return served_file(request, settings.EVALUATION_EXPORT_DIR, name, OPEN_DATA_FILES)
