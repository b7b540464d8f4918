"""The network compared: the computed indicators of each ORP of a kraj against the kraj, or of each kraj against the
country, for a half-year, from the rows the user may see. An ORP where nothing is mapped yet is told apart from a
value that is missing (no need resolved, no OSPOD: nothing to take a median or a share of)."""

import statistics
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from evaluation.computed import COMPUTED, Period, compute
from evaluation.models import Indicator
from evaluation.suppression import Hidden, number_text
from evaluation.trends import Collected
from organizations.models import Organization
from permissions.rules import Level, level
from permissions.scoping import get_scope
from territory.models import District, Region


@dataclass(frozen=True)
class Row:
    name: str
    code: str
    values: list[Decimal | int | str | None]  # a collected count hidden from the viewer is its text ("< 5")
    mapped: bool = True
    summary: bool = False


@dataclass(frozen=True)
class Comparison:
    indicators: list[Indicator]
    rows: list[Row]
    period: Period
    region: Region | None


def median(values) -> Decimal | None:
    known = [Decimal(value) for value in values if value is not None]
    return Decimal(statistics.median(known)).quantize(Decimal("0.1")) if known else None


def visible_regions(user) -> list[Region]:
    """The kraje in which the user sees anything of the network."""
    ids = Organization.objects.restrict(user, "view").order_by().values("region").distinct()
    return list(Region.objects.filter(pk__in=ids).order_by("name"))


def sees_the_country(user) -> bool:
    """Whether the user's roles reach the whole country's network (the comparison then starts with the kraje)."""
    scope = get_scope(user)
    return scope.superuser or any(level(a.role, "organization", "view") is Level.ALL for a in scope.assignments)


def compare(user, period: Period, region: Region | None) -> Comparison:
    """Each ORP of the kraj and the kraj's median; without a kraj each kraj's median ORP and the country's."""
    indicators = list(Indicator.objects.restrict(user, "view").filter(active=True, code__in=COMPUTED))
    codes = [indicator.code for indicator in indicators]
    collected = Collected.load(user)
    regions = [region] if region else visible_regions(user)
    districts = list(District.objects.filter(region__in=regions).select_related("region").order_by("name"))
    values = compute(user, codes, districts, period)
    mapped = {district.pk for district in districts if any(district.pk in values[code] for code in codes)}

    label = period.label

    def seen(shown) -> Decimal | str | None:
        if shown.hidden is not Hidden.NO:
            return shown.text
        return None if shown.value is None else Decimal(number_text(shown.value))

    def row_of(district: District) -> Row:
        if district.pk not in mapped:
            return Row(district.name, district.code, [None] * (len(codes) + len(collected.indicators)), mapped=False)
        own = [values[code].get(district.pk) for code in codes]
        return Row(
            district.name,
            district.code,
            own + [seen(collected.shown(indicator, label, district.pk)) for indicator in collected.indicators],
        )

    def summary(name: str, code: str, among: list[District], kraj: Region | None) -> Row:
        chosen = [district.pk for district in among if district.pk in mapped]
        medians = [median(values[code_].get(pk) for pk in chosen) for code_ in codes]
        medians += [
            seen(collected.shown_median(indicator, label, kraj.pk if kraj else None))
            for indicator in collected.indicators
        ]
        return Row(name, code, medians, mapped=bool(chosen), summary=True)

    if region is not None:
        rows = [row_of(district) for district in districts]
        name = str(_("%(kraj)s (the median ORP)") % {"kraj": region.name})
        rows.append(summary(name, region.code, districts, region))
    else:
        rows = [
            summary(kraj.name, kraj.code, [district for district in districts if district.region_id == kraj.pk], kraj)
            for kraj in regions
        ]
        rows.append(summary(str(_("All the kraje seen (the median ORP)")), "", districts, None))
    return Comparison(indicators + collected.indicators, rows, period, region)
