"""The collected indicators over the rounds and the early warnings: for whoever may see some OSPOD's forms."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from core.exports import FORMATS, export_response
from core.views import OfferedMixin, ScopedViewMixin
from evaluation.models import Report, Unit
from evaluation.suppression import suppress
from evaluation.trends import Collected, charts, warnings
from permissions.scoping import may
from permissions.selectors import districts_where
from territory.models import District, Region


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


class ReportViewsMixin(OfferedMixin, ScopedViewMixin):
    """A screen of the collected values: for whoever may see some OSPOD's forms (404 for anybody else)."""

    model = Report

    def offered(self) -> bool:
        return may(self.request.user, "report", "view")

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
        counts = Collected.load(self.request.user)
        collected = counts.rated() if per_children else counts
        table = None
        if region is not None and district is None and collected.periods:
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
        rates = collected.rated()
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
