"""The network compared: the computed indicators of each ORP of a kraj against the kraj, or of each kraj against the
country, for a half-year, from the rows the user may see. An ORP where nothing is mapped yet is told apart from a
value that is missing (no need resolved, no OSPOD: nothing to take a median or a share of)."""

import statistics
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from evaluation.computed import COMPUTED, Period, compute
from evaluation.models import Indicator
from organizations.models import Organization
from permissions.rules import Level, level
from permissions.scoping import get_scope
from territory.models import District, Region


@dataclass(frozen=True)
class Row:
    name: str
    code: str
    values: list[Decimal | int | None]
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
    regions = [region] if region else visible_regions(user)
    districts = list(District.objects.filter(region__in=regions).select_related("region").order_by("name"))
    values = compute(user, codes, districts, period)
    mapped = {district.pk for district in districts if any(district.pk in values[code] for code in codes)}

    def row_of(district: District) -> Row:
        if district.pk not in mapped:
            return Row(district.name, district.code, [None] * len(codes), mapped=False)
        return Row(district.name, district.code, [values[code].get(district.pk) for code in codes])

    def summary(name: str, code: str, among: list[District]) -> Row:
        chosen = [district.pk for district in among if district.pk in mapped]
        medians = [median(values[code_].get(pk) for pk in chosen) for code_ in codes]
        return Row(name, code, medians, mapped=bool(chosen), summary=True)

    if region is not None:
        rows = [row_of(district) for district in districts]
        rows.append(summary(str(_("%(kraj)s (the median ORP)") % {"kraj": region.name}), region.code, districts))
    else:
        rows = [
            summary(kraj.name, kraj.code, [district for district in districts if district.region_id == kraj.pk])
            for kraj in regions
        ]
        rows.append(summary(str(_("All the kraje seen (the median ORP)")), "", districts))
    return Comparison(indicators, rows, period, region)
