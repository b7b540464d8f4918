"""The demo's populations: children aged 0–17 per ORP, made up (demo=True, the source says so) so that the demo shows
rates per 1 000 children without ČSÚ's table. The same numbers on every run, for the three years before today's."""

import random

from django.db import transaction

from evaluation.models import Population
from evaluation.population import DEMO_SOURCE
from territory.models import District

SEED = 20260019
YEARS = 3
# A plausible ORP: 2 000 to 60 000 children (most between 4 000 and 15 000); Praha, one unit of 1.3 million people,
# about 230 000.
LOWEST, HIGHEST = 2_000, 60_000
PRAHA = ("1000", 230_000)


def demo_children(code: str, year: int, *, last_year: int) -> int:
    """The made-up children of an ORP in a year: drawn once per ORP from its code, drifting by under 1 % a year."""
    rng = random.Random(f"{SEED}-{code}")
    if code == PRAHA[0]:
        base = PRAHA[1] * rng.uniform(0.97, 1.03)
    else:
        base = rng.lognormvariate(9.1, 0.55)
    drift = 1 + rng.uniform(-0.008, 0.008)
    children = round(base * drift ** (year - last_year))
    return children if code == PRAHA[0] else min(HIGHEST, max(LOWEST, children))


@transaction.atomic
def seed_populations(*, today) -> int:
    """Give every ORP a demo population for each of the three years before today's, where it has none of that year
    (a loaded ČSÚ population is never replaced); the number of rows created."""
    last_year = today.year - 1
    years = range(last_year - YEARS + 1, last_year + 1)
    present = set(Population.objects.filter(year__in=years).values_list("district_id", "year"))
    rows = [
        Population(
            district=district,
            year=year,
            children=demo_children(district.code, year, last_year=last_year),
            source=DEMO_SOURCE,
            demo=True,
        )
        for district in District.objects.order_by("code")
        for year in years
        if (district.pk, year) not in present
    ]
    Population.objects.bulk_create(rows)
    return len(rows)
