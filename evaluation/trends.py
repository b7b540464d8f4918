"""The collected indicators over the rounds: each ORP's approved values against its kraj and the country, drawn as
server-side SVG, and the early warnings where an ORP leaves the band an indicator sets.

An ORP's value is the sum of the approved forms of its OSPOD in a round. The ORP a user follows come from the forms
the user may see (``restrict(user, "view")``); the kraj's and the country's medians from the approved forms of every
ORP, which are published anyway as suppressed open data (``restrict(user, PUBLIC)``). A count under the indicator's
threshold is hidden (evaluation.suppression) unless the viewer's own OSPOD reported it, and a hidden value is not
drawn.
"""

import copy
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from evaluation import population
from evaluation.models import CollectionRound, Indicator, ReportStatus, ReportValue, Supplier, Unit, WarnAgainst
from evaluation.suppression import Hidden, Shown, single
from permissions.scoping import PUBLIC, get_scope
from territory.models import District, Region

Key = tuple[int, str, int]  # indicator id, period, district id


def _sums(rows) -> tuple[dict[Key, Decimal], dict[Key, set[int]]]:
    """The ORP's values (the sum of its OSPOD's) and the OSPOD that gave them, by (indicator, period, district)."""
    sums: dict[Key, Decimal] = defaultdict(Decimal)
    ospods: dict[Key, set[int]] = defaultdict(set)
    for indicator, period, district, ospod, value in rows.values_list(
        "indicator_id", "report__round__period", "report__district_id", "report__ospod_id", "value"
    ):
        sums[indicator, period, district] += value
        ospods[indicator, period, district].add(ospod)
    return dict(sums), dict(ospods)


def median(values, *, places: Decimal = Decimal("0.1")) -> Decimal | None:
    """The median of the values given (None ignored), to ``places`` (one decimal place unless said); None of none."""
    known = [Decimal(value) for value in values if value is not None]
    return Decimal(statistics.median(known)).quantize(places) if known else None


@dataclass
class Collected:
    """The approved values of the collected indicators a user may follow, and the country's for the medians."""

    indicators: list[Indicator]
    periods: list[str]
    seen: dict[Key, Decimal]
    country: dict[Key, Decimal]
    own: set[Key] = field(default_factory=set)
    regions: dict[int, int] = field(default_factory=dict)  # district id → region id
    # Per 1 000 children aged 0–17 (a count divided by the ORP's population of the round's year): the counts' small
    # ones stay hidden as "×" outside their OSPOD (a rate and the population would give the count back).
    per_children: bool = False
    small: set[Key] = field(default_factory=set)
    demo_population: bool = False
    _grouped: dict | None = field(default=None, repr=False)
    _medians: dict = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, user, indicators: list[Indicator] | None = None, *, per_children: bool = False) -> "Collected":
        if indicators is None:
            indicators = list(Indicator.objects.restrict(user, "view").filter(supplier=Supplier.OSPOD, active=True))
        ids = [indicator.pk for indicator in indicators]
        approved = {"report__status": ReportStatus.APPROVED, "value__isnull": False, "indicator__in": ids}
        seen, ospods = _sums(ReportValue.objects.restrict(user, "view").filter(**approved))
        country, _ = _sums(ReportValue.objects.restrict(user, PUBLIC).filter(**approved))
        mine = set(get_scope(user).own_ospods)
        own = {key for key, reported in ospods.items() if mine and reported <= mine}
        periods = sorted({period for _indicator, period, _district in country} | {p for _i, p, _d in seen})
        rounds = CollectionRound.objects.restrict(user, "view").filter(period__in=periods)
        periods = sorted(rounds.values_list("period", flat=True))
        districts = {district for _i, _p, district in country}
        regions = dict(District.objects.filter(pk__in=districts).values_list("pk", "region_id"))
        collected = cls(indicators, periods, seen, country, own, regions)
        if per_children:
            collected.to_rates()
        return collected

    def rated(self) -> "Collected":
        """A copy with the counts turned into rates per 1 000 children (to_rates); these counts stay as they are. One
        load of the values serves a page that shows both."""
        rates = copy.copy(self)
        rates.to_rates()
        return rates

    def to_rates(self) -> None:
        """Turn the counts into rates per 1 000 children where the ORP's population is loaded (else no value)."""
        counts = {indicator.pk: indicator for indicator in self.indicators if indicator.unit == Unit.COUNT}
        self.small = {
            key for key, value in self.seen.items() if key[0] in counts and 0 < value < counts[key[0]].threshold
        }
        districts = {district for _i, _p, district in self.country} | self.districts_seen()
        years = {int(period[:4]) for period in self.periods}
        children = {year: population.children(districts, year) for year in years}
        self.demo_population = any(population.is_demo(districts, year) for year in years)

        def rates(values: dict[Key, Decimal]) -> dict[Key, Decimal]:
            found = {}
            for key, value in values.items():
                pk, period, district = key
                if pk not in counts:
                    found[key] = value
                    continue
                rate = population.rate_per_1000(value, children.get(int(period[:4]), {}).get(district))
                if rate is not None:
                    found[key] = rate
            return found

        self.seen, self.country, self.per_children = rates(self.seen), rates(self.country), True
        self._grouped, self._medians = None, {}

    def value(self, indicator: Indicator, period: str, district: int) -> Decimal | None:
        return self.seen.get((indicator.pk, period, district))

    def shown(self, indicator: Indicator, period: str, district: int) -> Shown:
        key = (indicator.pk, period, district)
        if self.per_children and indicator.unit == Unit.COUNT:
            if key in self.small and key not in self.own:
                return Shown(None, Hidden.COMPLEMENT, indicator.threshold)
            return Shown(self.seen.get(key), Hidden.NO, indicator.threshold)
        return single(
            self.seen.get(key), threshold=indicator.threshold, count=indicator.unit == Unit.COUNT, own=key in self.own
        )

    def median_of(self, indicator: Indicator, period: str, region: int | None = None) -> Decimal | None:
        """The median ORP of the country, or of a kraj, in a round (each computed once: a page asks for the same
        median for every ORP it shows)."""
        key = (indicator.pk, period, region)
        if key not in self._medians:
            if self._grouped is None:
                grouped: dict[tuple, list[Decimal]] = defaultdict(list)
                for (pk, at, district), value in self.country.items():
                    grouped[pk, at, None].append(value)
                    grouped[pk, at, self.regions.get(district)].append(value)
                self._grouped = grouped
            self._medians[key] = median(self._grouped.get(key, ()))
        return self._medians[key]

    def shown_median(self, indicator: Indicator, period: str, region: int | None = None) -> Shown:
        value = self.median_of(indicator, period, region)
        counted = indicator.unit == Unit.COUNT and not self.per_children
        return single(value, threshold=indicator.threshold, count=counted)

    def districts_seen(self) -> set[int]:
        return {district for _indicator, _period, district in self.seen}


# ------------------------------------------------------------------------------------------------ the charts --

CHART_WIDTH, CHART_HEIGHT, CHART_PAD = 360, 180, 24
# Each line is told apart by its dash as well as its colour (never colour alone).
STYLES = {"orp": ("#1f5fa8", ""), "kraj": ("#b35900", "6 4"), "country": ("#3d4651", "2 3")}


@dataclass(frozen=True)
class Line:
    key: str
    label: str
    shown: list[Shown]  # one per period, as the viewer may see it
    points: str = ""
    coords: tuple = ()
    colour: str = ""
    dash: str = ""


@dataclass(frozen=True)
class Chart:
    indicator: Indicator
    periods: list[str]
    lines: list[Line]
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT
    high: Decimal | None = None
    description: str = ""

    @property
    def rows(self) -> list[tuple[str, list[Shown]]]:
        """The chart as a table: each period with its lines' values."""
        return [(period, [line.shown[index] for line in self.lines]) for index, period in enumerate(self.periods)]


def draw(indicator: Indicator, periods: list[str], lines: list[tuple[str, str, list[Shown]]]) -> Chart:
    """Lines of values over the periods scaled into the chart's box from 0 to the highest value shown; a hidden or
    missing value leaves a gap."""
    drawn = [entry.value for _key, _label, shown in lines for entry in shown if entry.value is not None]
    high = max(drawn, default=None)
    scale = float(high) if high else 1.0
    inner_w, inner_h = CHART_WIDTH - 2 * CHART_PAD, CHART_HEIGHT - 2 * CHART_PAD
    count = len(periods)
    result = []
    for key, label, shown in lines:
        coords = []
        for index, entry in enumerate(shown):
            if entry.value is None:
                continue
            x = CHART_PAD + (inner_w * index / (count - 1) if count > 1 else inner_w / 2)
            y = CHART_PAD + inner_h - inner_h * float(entry.value) / scale
            coords.append((round(x, 1), round(y, 1), periods[index], entry.text))
        colour, dash = STYLES[key]
        result.append(Line(key, label, shown, " ".join(f"{x},{y}" for x, y, *_ in coords), tuple(coords), colour, dash))
    description = "; ".join(
        f"{line.label}: " + ", ".join(f"{period} {entry.text or '—'}" for period, entry in zip(periods, line.shown))
        for line in result
    )
    return Chart(indicator, periods, result, high=high, description=description)


def charts(collected: Collected, *, district: District | None, region: Region | None) -> list[Chart]:
    """A chart per indicator: the ORP (when one is chosen), its kraj's median ORP and the country's."""
    found = []
    for indicator in collected.indicators:
        lines = []
        if district is not None:
            shown = [collected.shown(indicator, period, district.pk) for period in collected.periods]
            lines.append(("orp", district.name, shown))
        if region is not None:
            shown = [collected.shown_median(indicator, period, region.pk) for period in collected.periods]
            lines.append(("kraj", str(_("%(kraj)s (median ORP)") % {"kraj": region.name}), shown))
        shown = [collected.shown_median(indicator, period) for period in collected.periods]
        lines.append(("country", str(_("The country (median ORP)")), shown))
        found.append(draw(indicator, collected.periods, lines))
    return found


# ------------------------------------------------------------------------------------------ early warnings --


@dataclass(frozen=True)
class Warning:
    district: District
    indicator: Indicator
    period: str
    shown: Shown
    reference: Shown
    against: str  # WarnAgainst
    above: bool
    per_children: bool = False


def outside(value: Decimal, reference: Decimal, band: Decimal) -> bool | None:
    """True above the band, False below it, None within: the band spans reference / (1 + band) to reference ×
    (1 + band)."""
    if reference == 0:
        return True if value > 0 else None
    if value > reference * (1 + band):
        return True
    if value < reference / (1 + band):
        return False
    return None


def warnings(collected: Collected, *, rates: Collected | None = None, period: str | None = None) -> list[Warning]:
    """The ORP the user follows whose value of the latest round (or ``period``) leaves the indicator's band against
    its previous round or the national median ORP, by kraj, ORP and indicator. Against the median, ORP of different
    sizes are compared by their rates per 1 000 children where ``rates`` has them (populations loaded)."""
    if not collected.periods:
        return []
    period = period or collected.periods[-1]
    if period not in collected.periods:
        return []
    before = collected.periods[collected.periods.index(period) - 1] if collected.periods.index(period) else None
    districts = {d.pk: d for d in District.objects.filter(pk__in=collected.districts_seen()).select_related("region")}
    found = []
    for indicator in collected.indicators:
        if not indicator.warn_against or not indicator.warn_band:
            continue
        for pk, district in districts.items():
            source = collected
            if indicator.warn_against == WarnAgainst.MEDIAN and rates is not None:
                if rates.value(indicator, period, pk) is not None and rates.median_of(indicator, period) is not None:
                    source = rates
            value = source.value(indicator, period, pk)
            if value is None:
                continue
            if indicator.warn_against == WarnAgainst.PREVIOUS:
                reference = source.value(indicator, before, pk) if before else None
                shown_reference = source.shown(indicator, before, pk) if before else None
            else:
                reference, shown_reference = source.median_of(indicator, period), source.shown_median(indicator, period)
            if reference is None:
                continue
            above = outside(value, reference, indicator.warn_band)
            if above is not None:
                found.append(
                    Warning(
                        district,
                        indicator,
                        period,
                        source.shown(indicator, period, pk),
                        shown_reference,
                        indicator.warn_against,
                        above,
                        source.per_children,
                    )
                )
    return sorted(found, key=lambda w: (w.district.region.name, w.district.name, w.indicator.sort_order))
