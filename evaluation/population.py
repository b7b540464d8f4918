"""Children aged 0–17 per ORP, what a count is divided by to compare ORP of different sizes: ČSÚ's published table
loaded by ``manage.py load_population`` (evaluation.csu), or the demo's generated numbers (demo=True). Without a
population an ORP shows counts only."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.db import transaction

from evaluation.csu import TableError, read_table
from evaluation.models import Population
from territory.models import District

# The source of the demo's populations: made up, and said so wherever a rate is shown from them.
DEMO_SOURCE = "demo – vygenerováno, neskutečná čísla"
CSU = "ČSÚ"


def populations(district_ids: Iterable[int], year: int) -> dict[int, Population]:
    """Each ORP's population of the latest year up to ``year`` (a round of 2026 before ČSÚ publishes 2026 takes
    2025's); an ORP without one is left out."""
    found: dict[int, Population] = {}
    rows = Population.objects.filter(district_id__in=list(district_ids), year__lte=year).order_by(
        "district_id", "-year"
    )
    for population in rows:
        found.setdefault(population.district_id, population)
    return found


def children(district_ids: Iterable[int], year: int) -> dict[int, int]:
    """The children aged 0–17 of each ORP in the latest year up to ``year``, by district id."""
    return {district_id: population.children for district_id, population in populations(district_ids, year).items()}


def is_demo(district_ids: Iterable[int], year: int) -> bool:
    """Whether any population these ORP's rates would be divided by is the demo's made-up one (the UI then labels
    the rates "demo population")."""
    return any(population.demo for population in populations(district_ids, year).values())


def rate_per_1000(value, children: int | None) -> Decimal | None:
    """The value per 1 000 children, to one decimal place; None without a value or a population."""
    if value is None or not children:
        return None
    return (Decimal(value) * 1000 / Decimal(children)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class LoadResult:
    """What population_load did: rows created, changed and already equal; ORP codes the territory does not know."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    years: set[int] = field(default_factory=set)
    unknown: dict[str, str] = field(default_factory=dict)  # code: ČSÚ's name
    rows: int = 0
    skipped: int = 0


@transaction.atomic
def population_load(path: Path, *, source: str | None = None) -> LoadResult:
    """Load ČSÚ's table of the population by age (evaluation.csu) into Population, children 0–17 per ORP and year.
    Again with the same file changes nothing; a newer file updates the numbers (and replaces the demo's). A bad row
    stops the load as a whole (TableError names its line); an ORP code the territory does not know is reported."""
    path = Path(path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        try:
            table = read_table(handle)
        except UnicodeDecodeError:
            raise TableError(0, "the file is not UTF-8 (ČSÚ publishes its CSV in UTF-8)") from None
    source = (source or f"{CSU}, {path.name}")[:200]
    by_code = dict(District.objects.values_list("code", "pk"))
    # Some of ČSÚ's files give the ORP by their RÚIAN code; the two sets of codes do not overlap.
    by_ruian = {str(code): pk for code, pk in District.objects.values_list("ruian_code", "pk")}
    result = LoadResult(rows=table.rows, skipped=table.skipped)
    counted: dict[tuple[int, int], int] = {}
    for (code, year), value in sorted(table.children().items()):
        district_id = by_code.get(code) or by_ruian.get(code)
        if district_id is None:
            result.unknown[code] = table.names.get(code, "")
            continue
        counted[(district_id, year)] = value
        result.years.add(year)
    existing = {
        (row.district_id, row.year): row
        for row in Population.objects.filter(
            district_id__in={key[0] for key in counted}, year__in={key[1] for key in counted}
        )
    }
    for (district_id, year), value in counted.items():
        row = existing.get((district_id, year))
        if row is None:
            Population.objects.create(district_id=district_id, year=year, children=value, source=source, demo=False)
            result.created += 1
        elif (row.children, row.source, row.demo) != (value, source, False):
            row.children, row.source, row.demo = value, source, False
            row.save(update_fields=["children", "source", "demo"])
            result.updated += 1
        else:
            result.unchanged += 1
    return result
