"""The collected indicators as open data: per round, each ORP's and each kraj's aggregate of the approved forms, as CSV
files with a Frictionless ``datapackage.json`` (table schemas, keys, licence CC BY 4.0, sources).

Only approved forms count (``ReportValue.objects.restrict(None, PUBLIC)``), and never one form as such: an ORP's value
is the sum of its OSPOD's approved forms (one, except in Praha), a kraj's the sum of its ORP's. A count under the
indicator's threshold (the round's version of it) is not written: its ``value`` is empty, ``suppressed`` is true and
``suppression`` says why, "small" (under the threshold) or "complement" (hidden so that a small count cannot be worked
out from the kraj's total and the other ORP; evaluation.suppression.suppress over the kraj's ORP and its total, per
round and indicator). An empty value with ``suppressed`` false was not reported. Zero is written: it singles nobody out.
The rate per 1 000 children is written where the ORP (or every ORP counted in a kraj) has a population of the round's
year or earlier, never beside a hidden value; ``population_demo`` says it is divided by the demo's made-up children.
Shares and days are not counts: an ORP's is the median of its forms, a kraj's the median of its ORP, shown as they are.
"""

import csv
import json
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

from core.opendata import replaced_folder
from evaluation.computed import Period
from evaluation.models import Indicator, ReportValue, RoundIndicator, Unit
from evaluation.population import populations, rate_per_1000
from evaluation.suppression import Hidden, number_text, suppress
from evaluation.trends import median
from permissions.scoping import PUBLIC
from territory.models import District, Region

LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0",
}
# How a reuser credits the data (CC BY 4.0 asks for it).
ATTRIBUTION = "Zdroj: Síťař – ukazatele sítě služeb pro ohrožené děti, schválená hlášení OSPOD; licence CC BY 4.0"

PERIOD = {"type": "string", "constraints": {"required": True, "pattern": r"20\d\d(/[12])?"}}
CODE = {"type": "string", "constraints": {"required": True}}
SHOWN = (
    ("value", {"type": "number", "description": "Empty where suppressed or not reported."}),
    ("suppressed", {"type": "boolean", "constraints": {"required": True}}),
    (
        "suppression",
        {
            "type": "string",
            "constraints": {"enum": ["small", "complement"]},
            "description": "small: a count under the threshold; complement: hidden so that a small count cannot be "
            "worked out from a total. Empty where the value is shown.",
        },
    ),
    ("threshold", {"type": "integer", "description": "Counts under it are suppressed (for counts only)."}),
)
RATE = (
    ("children", {"type": "integer", "description": "Children aged 0-17 (the population the rate is divided by)."}),
    (
        "population_year",
        {"type": "integer", "description": "The year of the population (of a kraj: the oldest of its ORP's)."},
    ),
    ("rate_per_1000", {"type": "number", "description": "The value per 1 000 children aged 0-17."}),
    ("population_demo", {"type": "boolean", "description": "True: the demo's made-up population, not ČSÚ's."}),
)


@dataclass(frozen=True)
class Resource:
    name: str
    path: str
    title: str
    fields: tuple[tuple[str, dict], ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[tuple[str, str, str], ...] = ()  # (field, resource, its field)

    @property
    def columns(self) -> list[str]:
        return [name for name, _ in self.fields]

    def described(self) -> dict:
        schema = {
            "fields": [{"name": name, **spec} for name, spec in self.fields],
            "primaryKey": list(self.primary_key),
            "missingValues": [""],
        }
        if self.foreign_keys:
            schema["foreignKeys"] = [
                {"fields": field, "reference": {"resource": resource, "fields": key}}
                for field, resource, key in self.foreign_keys
            ]
        return {
            "name": self.name,
            "path": self.path,
            "title": self.title,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": schema,
        }


RESOURCES = (
    Resource(
        "rounds",
        "rounds.csv",
        "Kola sběru",
        (("period", PERIOD), ("start", {"type": "date"}), ("end", {"type": "date"}), ("deadline", {"type": "date"})),
        ("period",),
    ),
    Resource(
        "indicators",
        "indicators.csv",
        "Ukazatele",
        (
            ("code", CODE),
            ("name", {"type": "string"}),
            ("name_en", {"type": "string"}),
            ("definition", {"type": "string"}),
            ("unit", {"type": "string", "constraints": {"enum": list(Unit.values)}}),
            ("aggregation", {"type": "string", "constraints": {"enum": ["sum", "median"]}}),
        ),
        ("code",),
    ),
    Resource(
        "regions",
        "regions.csv",
        "Kraje (číselník ČSÚ 100)",
        (("code", CODE), ("name", {"type": "string"}), ("nuts3", {"type": "string"})),
        ("code",),
    ),
    Resource(
        "districts",
        "districts.csv",
        "Správní obvody ORP (číselník ČSÚ 65)",
        (("code", CODE), ("name", {"type": "string"}), ("region_code", CODE)),
        ("code",),
        (("region_code", "regions", "code"),),
    ),
    Resource(
        "district_values",
        "district_values.csv",
        "Hodnoty ukazatelů za ORP ze schválených hlášení OSPOD",
        (
            ("period", PERIOD),
            ("indicator", CODE),
            ("district_code", CODE),
            *SHOWN,
            ("forms", {"type": "integer", "description": "The approved forms counted."}),
            *RATE,
        ),
        ("period", "indicator", "district_code"),
        (("period", "rounds", "period"), ("indicator", "indicators", "code"), ("district_code", "districts", "code")),
    ),
    Resource(
        "region_values",
        "region_values.csv",
        "Hodnoty ukazatelů za kraje (součet ORP, u podílů a dnů medián ORP)",
        (
            ("period", PERIOD),
            ("indicator", CODE),
            ("region_code", CODE),
            *SHOWN,
            ("districts", {"type": "integer", "description": "The ORP counted."}),
            *RATE,
        ),
        ("period", "indicator", "region_code"),
        (("period", "rounds", "period"), ("indicator", "indicators", "code"), ("region_code", "regions", "code")),
    ),
)
FILES = frozenset({"datapackage.json"} | {resource.path for resource in RESOURCES})


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return number_text(value)
    return str(value)


def _median(values) -> Decimal | None:
    """The open data's medians keep two decimal places."""
    return median(values, places=Decimal("0.01"))


def _rate(value, shown: bool, counted: list[int], found: dict) -> dict:
    """The population columns of a row: the children of the ORP counted (all of them must have a population)."""
    chosen = [found[pk] for pk in counted if pk in found]
    if not counted or len(chosen) != len(counted):
        return {}
    children = sum(population.children for population in chosen)
    return {
        "children": children,
        "population_year": min(population.year for population in chosen),
        "rate_per_1000": rate_per_1000(value, children) if shown else None,
        "population_demo": any(population.demo for population in chosen),
    }


@dataclass(frozen=True)
class Plain:
    """A share or days, shown as it is: not a count, nobody is singled out by it."""

    value: Decimal | None
    hidden: Hidden = Hidden.NO


def _shown(entry, threshold: int | None) -> dict:
    return {
        "value": entry.value,
        "suppressed": entry.hidden is not Hidden.NO,
        "suppression": entry.hidden.value or None,
        "threshold": threshold,
    }


def rows() -> dict[str, list[dict]]:
    """Every resource's rows: the rounds and indicators with an approved value, the territory, and the aggregates."""
    values = (
        ReportValue.objects.restrict(None, PUBLIC)
        .filter(value__isnull=False)
        .values_list("report__round_id", "indicator_id", "report__district_id", "value")
        .order_by()
    )
    # (round, indicator) → district → its approved forms' values
    collected: dict[tuple[int, int], dict[int, list[Decimal]]] = defaultdict(lambda: defaultdict(list))
    for round_id, indicator_id, district_id, value in values:
        collected[(round_id, indicator_id)][district_id].append(value)
    items = {
        (item.round_id, item.indicator_id): item
        for item in RoundIndicator.objects.filter(round_id__in={key[0] for key in collected}).select_related("round")
    }
    indicators = Indicator.objects.in_bulk({key[1] for key in collected})
    districts = {district.pk: district for district in District.objects.select_related("region")}
    regions = list(Region.objects.order_by("code"))
    result: dict[str, list[dict]] = {resource.name: [] for resource in RESOURCES}
    result["regions"] = [{"code": r.code, "name": r.name, "nuts3": r.nuts3} for r in regions]
    result["districts"] = [
        {"code": d.code, "name": d.name, "region_code": d.region.code}
        for d in sorted(districts.values(), key=lambda d: d.code)
    ]
    rounds = {}
    # The populations of a year, read once for every ORP with a value (not once per round and indicator).
    reporting = {district_id for by_district in collected.values() for district_id in by_district}
    populations_of: dict[int, dict] = {}
    for (round_id, indicator_id), by_district in sorted(
        collected.items(), key=lambda entry: (items[entry[0]].round.period, indicators[entry[0][1]].code)
    ):
        item, indicator = items[(round_id, indicator_id)], indicators[indicator_id]
        round_ = item.round
        span = Period.of_label(round_.period)
        rounds[round_.period] = {
            "period": round_.period,
            "start": span.start,
            "end": span.end,
            "deadline": round_.deadline,
        }
        if span.end.year not in populations_of:
            populations_of[span.end.year] = populations(reporting, span.end.year)
        found = populations_of[span.end.year]
        count = indicator.unit == Unit.COUNT
        by_region: dict[int, list[int]] = defaultdict(list)
        for district_id in sorted(by_district, key=lambda pk: districts[pk].code):
            by_region[districts[district_id].region_id].append(district_id)
        for region in regions:
            members = by_region.get(region.pk)
            if not members:
                continue
            base = {"period": round_.period, "indicator": indicator.code}
            if count:
                table = suppress([[int(sum(by_district[pk]))] for pk in members], threshold=item.threshold)
                entries = list(zip(members, table.cells, strict=True))
                total, threshold = table.column_totals[0], item.threshold
            else:
                medians = {pk: _median(by_district[pk]) for pk in members}
                entries = [(pk, Plain(medians[pk])) for pk in members]
                total, threshold = Plain(_median(medians.values())), None
            for district_id, shown in entries:
                entry = shown[0] if count else shown
                result["district_values"].append(
                    {
                        **base,
                        "district_code": districts[district_id].code,
                        **_shown(entry, threshold),
                        "forms": len(by_district[district_id]),
                        **(_rate(entry.value, entry.hidden is Hidden.NO, [district_id], found) if count else {}),
                    }
                )
            result["region_values"].append(
                {
                    **base,
                    "region_code": region.code,
                    **_shown(total, threshold),
                    "districts": len(members),
                    **(_rate(total.value, total.hidden is Hidden.NO, members, found) if count else {}),
                }
            )
        result["indicators"].append(indicator)
    result["rounds"] = [rounds[period] for period in sorted(rounds)]
    unique = {indicator.pk: indicator for indicator in result["indicators"]}
    result["indicators"] = [
        {
            "code": indicator.code,
            "name": indicator.name,
            "name_en": indicator.name_en,
            "definition": indicator.definition,
            "unit": indicator.unit,
            "aggregation": "sum" if indicator.unit == Unit.COUNT else "median",
        }
        for indicator in sorted(unique.values(), key=lambda indicator: indicator.code)
    ]
    return result


def package(created) -> dict:
    """The Frictionless data package describing the CSV files."""
    return {
        "profile": "tabular-data-package",
        "name": "sitar-evaluation",
        "title": "Síťař: ukazatele sítě služeb pro ohrožené děti podle ORP a krajů",
        "description": __doc__.split("\n\n", 1)[1].replace("\n", " ") + " " + ATTRIBUTION,
        "created": created.isoformat(timespec="seconds"),
        "licenses": [LICENSE],
        "sources": [
            {"title": "Schválená hlášení OSPOD v Síťaři (kola sběru ukazatelů)"},
            {
                "title": "ČSÚ: obyvatelstvo podle věku v ORP (děti 0-17; v demu vymyšlená čísla)",
                "path": "https://www.czso.cz/",
            },
        ],
        "resources": [resource.described() for resource in RESOURCES],
    }


def export_evaluation(target: Path) -> dict[str, int]:
    """Write the package into the folder ``target`` (replaced as a whole); the number of rows of each resource."""
    tables = rows()
    with replaced_folder(target) as work:
        for resource in RESOURCES:
            with (work / resource.path).open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle, lineterminator="\n")
                writer.writerow(resource.columns)
                for row in tables[resource.name]:
                    writer.writerow([cell(row.get(column)) for column in resource.columns])
        described = package(timezone.now())
        (work / "datapackage.json").write_text(json.dumps(described, ensure_ascii=False, indent=2), encoding="utf-8")
    return {resource.name: len(tables[resource.name]) for resource in RESOURCES}
