"""The network compared: the computed indicators of each ORP of a kraj against the kraj, or of each kraj against the
country, for a half-year, from the rows the user may see. An ORP where nothing is mapped yet is told apart from a
value that is missing (no need resolved, no OSPOD: nothing to take a median or a share of)."""

import dataclasses
import datetime
import hashlib
from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from evaluation.computed import COMPUTED, Period, compute
from evaluation.models import Indicator
from evaluation.suppression import Hidden, number_text
from evaluation.trends import Collected, median
from organizations.models import Organization
from permissions.scoping import get_scope
from permissions.selectors import sees_the_country
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


def visible_regions(user) -> list[Region]:
    """The kraje in which the user sees anything of the network; every kraj for who sees the country (one where
    nothing is mapped yet is then shown as such)."""
    if sees_the_country(user):
        return list(Region.objects.order_by("name"))
    ids = Organization.objects.restrict(user, "view").order_by().values("region").distinct()
    return list(Region.objects.filter(pk__in=ids).order_by("name"))


def home_region_code(user, regions: list[Region]) -> str | None:
    """The kraj the comparison opens on when none is asked for: a kraj's lead starts in its only kraj, the country's
    roles (and who sees several kraje) in the country (None)."""
    if len(regions) == 1 and not sees_the_country(user):
        return regions[0].code
    return None


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


@dataclass(frozen=True)
class NeedsRow:
    name: str
    code: str
    open: list[int]  # per category, open at the period's end
    resolved: list[int]  # per category, resolved in the period
    mapped: bool = True

    @property
    def cells(self) -> list[tuple[int, int]]:
        return list(zip(self.open, self.resolved, strict=True))


@dataclass(frozen=True)
class NeedsTable:
    categories: list[tuple[str, str]]
    rows: list[NeedsRow]


def needs_by_category(user, period: Period, region: Region | None) -> NeedsTable:
    """The needs the user may see by category: open at the period's end and resolved in it, for each ORP of the
    kraj, or for each kraj of the country. A place where nothing is mapped yet is told apart from one with no
    need."""
    from meetings.models import Need, NeedCategory, NeedStatus

    regions = [region] if region else visible_regions(user)
    needs = Need.objects.restrict(user, "view").filter(region__in=regions)
    by = "district" if region else "region"
    open_ = needs.filter(created_at__date__lte=period.end).filter(
        Q(resolved_at__isnull=True) | Q(resolved_at__date__gt=period.end)
    )
    resolved = needs.filter(status=NeedStatus.RESOLVED, resolved_at__date__range=(period.start, period.end))

    def counted(rows) -> dict[tuple[int, str], int]:
        grouped = rows.values(by, "category").annotate(n=Count("pk")).order_by()
        return {(row[by], row["category"]): row["n"] for row in grouped}

    opened, closed = counted(open_), counted(resolved)
    categories = list(NeedCategory.choices)
    if region is not None:
        places = list(District.objects.filter(region=region).order_by("name"))
    else:
        places = regions
    seen = set(
        Organization.objects.restrict(user, "view")
        .filter(region__in=regions)
        .order_by()
        .values_list(by, flat=True)
        .distinct()
    )
    rows = [
        NeedsRow(
            place.name,
            place.code,
            [opened.get((place.pk, code), 0) for code, _label in categories],
            [closed.get((place.pk, code), 0) for code, _label in categories],
            mapped=place.pk in seen,
        )
        for place in places
    ]
    return NeedsTable(categories, rows)


# The country's comparison is kept this long per user and half-year: it sums the whole network (every ORP's seven
# indicators, its collected values and needs), about 200 ms on the national data, for a screen that is read again and
# again in a sitting and changes by the day, not the minute. The page says when it was computed.
COUNTRY_KEEP_SECONDS = 600


@dataclass(frozen=True)
class Computed:
    comparison: Comparison
    needs: NeedsTable
    at: datetime.datetime
    kept: bool = False


def evaluated(user, period: Period, region: Region | None) -> Computed:
    """The comparison and the needs by category of a kraj (computed on every view), or of the country (kept for
    COUNTRY_KEEP_SECONDS per user, their roles and the half-year: a changed role is a new key)."""
    if region is not None:
        return Computed(compare(user, period, region), needs_by_category(user, period, region), timezone.now())
    scope = get_scope(user)
    roles = sorted((a.role, a.region_id or 0, a.district_id or 0, a.organization_id or 0) for a in scope.assignments)
    digest = hashlib.sha256(repr((user.pk, scope.superuser, roles)).encode()).hexdigest()[:24]
    key = f"evaluation-country:{digest}:{period.label}:{get_language()}"
    found = cache.get(key)
    if found is not None:
        return dataclasses.replace(found, kept=True)
    found = Computed(compare(user, period, None), needs_by_category(user, period, None), timezone.now())
    cache.set(key, found, COUNTRY_KEEP_SECONDS)
    return found
