"""How the organisations of the archetypes are named, unique within the country (see demo.catalogue)."""

import random

from demo.catalogue.archetypes import Archetype
from demo.fake import SURNAMES

BRANDS = [
    "Klubko",
    "Spirála",
    "Kompas",
    "Maják",
    "Slunečnice",
    "Rovnováha",
    "Na cestě",
    "Domeček",
    "Šance",
    "Krok",
    "Otevřené dveře",
    "Pramen",
    "Archa",
    "Most",
    "Jablíčko",
    "Prostor",
    "Pohoda",
    "Zvonek",
    "Vlnka",
    "Kotva",
    "Mozaika",
    "Poutník",
    "Studnice",
    "Křižovatka",
    "Paprsek",
    "Stonožka",
    "Domino",
    "Kruh",
    "Laguna",
    "Návrat",
    "Oáza",
    "Soužití",
    "Vzlet",
    "Zahrada",
    "Petrklíč",
    "Hnízdo",
    "Světluška",
    "Lávka",
    "Skřivánek",
    "Rozcestí",
]


def organization_name(
    archetype: Archetype,
    rng: random.Random,
    *,
    town: str,
    municipality_kind: str = "Obec",
    street: str = "",
    locative: str = "",
) -> tuple[str, str]:
    """A name for an organisation of this archetype in this town, and the brand it uses (for its services)."""

    brand = rng.choice(BRANDS)
    pattern = rng.choice(archetype.names)
    name = pattern.format(
        brand=brand,
        town=town,
        street=street.rsplit(" ", 1)[0] if street else "Školní",
        surname=rng.choice(SURNAMES)[rng.randrange(2)],
        town_locative=locative or f"– pracoviště {town}",
        municipality_kind={"Statutární město": "Statutární město", "Město": "Město", "Městys": "Městys"}.get(
            municipality_kind, "Obec"
        ),
    )
    return name, brand


def unique_name(name: str, taken: set[str], *, town: str, street: str = "") -> str:
    """The name, made unique within the country by the town, then the street, then a number (no random draw, so the
    rest of the demo stays the same); the chosen name is added to ``taken``.

    Tests of scope compare ids, but a demo where two kraje share an organisation's name reads like a leak to a person
    trying the rules across regions.
    """
    candidates = [name]
    if town and town not in name:
        candidates.append(f"{name} – {town}")
    if street:
        candidates.append(f"{candidates[-1]}, {street.rsplit(' ', 1)[0]}")
    candidates += [f"{candidates[-1]} ({number})" for number in range(2, 10_000)]
    chosen = next(candidate for candidate in candidates if candidate not in taken)
    taken.add(chosen)
    return chosen
