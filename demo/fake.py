"""Fictional but believable Czech details for the demo: people, addresses, phones, IČO, e-mails.

Every value comes from a seeded random.Random passed in, so the demo is the same on every run. E-mail and web addresses
use the reserved top-level domain .example so that nothing the demo holds can reach a real mailbox.
"""

import random
import re
import unicodedata
from decimal import Decimal

FEMALE_FIRST = [
    "Jana",
    "Eva",
    "Hana",
    "Lenka",
    "Petra",
    "Lucie",
    "Kateřina",
    "Martina",
    "Veronika",
    "Alena",
    "Markéta",
    "Monika",
    "Zuzana",
    "Michaela",
    "Ivana",
    "Jitka",
    "Tereza",
    "Barbora",
    "Marie",
    "Pavla",
    "Simona",
    "Dana",
    "Renata",
    "Klára",
    "Andrea",
    "Radka",
    "Šárka",
    "Iveta",
    "Gabriela",
    "Blanka",
    "Magdaléna",
    "Romana",
]
MALE_FIRST = [
    "Jan",
    "Petr",
    "Pavel",
    "Martin",
    "Tomáš",
    "Jiří",
    "Josef",
    "Jaroslav",
    "Miroslav",
    "Zdeněk",
    "Michal",
    "Lukáš",
    "David",
    "Ondřej",
    "Jakub",
    "Radek",
    "Roman",
    "Karel",
    "Vladimír",
    "Aleš",
    "Milan",
    "Libor",
    "Filip",
    "Marek",
    "Vojtěch",
    "Daniel",
    "Stanislav",
    "Luboš",
]
# (male, female) forms of the surname.
SURNAMES = [
    ("Novák", "Nováková"),
    ("Svoboda", "Svobodová"),
    ("Novotný", "Novotná"),
    ("Dvořák", "Dvořáková"),
    ("Černý", "Černá"),
    ("Procházka", "Procházková"),
    ("Kučera", "Kučerová"),
    ("Veselý", "Veselá"),
    ("Horák", "Horáková"),
    ("Němec", "Němcová"),
    ("Pokorný", "Pokorná"),
    ("Marek", "Marková"),
    ("Pospíšil", "Pospíšilová"),
    ("Hájek", "Hájková"),
    ("Jelínek", "Jelínková"),
    ("Král", "Králová"),
    ("Růžička", "Růžičková"),
    ("Beneš", "Benešová"),
    ("Fiala", "Fialová"),
    ("Sedláček", "Sedláčková"),
    ("Doležal", "Doležalová"),
    ("Zeman", "Zemanová"),
    ("Kolář", "Kolářová"),
    ("Navrátil", "Navrátilová"),
    ("Čermák", "Čermáková"),
    ("Vaněk", "Vaňková"),
    ("Urban", "Urbanová"),
    ("Blažek", "Blažková"),
    ("Kříž", "Křížová"),
    ("Kovář", "Kovářová"),
    ("Bartoš", "Bartošová"),
    ("Vlček", "Vlčková"),
    ("Polák", "Poláková"),
    ("Musil", "Musilová"),
    ("Kopecký", "Kopecká"),
    ("Šimek", "Šimková"),
    ("Konečný", "Konečná"),
    ("Malý", "Malá"),
    ("Holub", "Holubová"),
    ("Štěpánek", "Štěpánková"),
    ("Kadlec", "Kadlecová"),
    ("Dušek", "Dušková"),
    ("Havlík", "Havlíková"),
    ("Šťastný", "Šťastná"),
    ("Mach", "Machová"),
    ("Tichý", "Tichá"),
    ("Skála", "Skálová"),
    ("Bureš", "Burešová"),
]
STREETS = [
    "Masarykovo náměstí",
    "Komenského",
    "Husova",
    "Nádražní",
    "Palackého",
    "Tyršova",
    "Žižkova",
    "Havlíčkova",
    "Jiráskova",
    "Smetanova",
    "Školní",
    "Zahradní",
    "Sokolská",
    "Nerudova",
    "Pražská",
    "Náměstí Míru",
    "Riegrova",
    "Dvořákova",
    "Hradební",
    "Družstevní",
    "Lesní",
    "U Nemocnice",
    "Revoluční",
    "Husovo náměstí",
    "Legionářů",
    "Poštovní",
    "Za Školou",
    "Brněnská",
    "Sadová",
    "Luční",
]
# Two-digit postcode prefixes per kraj (ČSÚ code); the rest of the PSČ is made up.
POSTCODE_PREFIXES = {
    "3018": ["11", "12", "13", "14", "15", "16", "17", "18", "19"],
    "3026": ["25", "26", "27", "28", "29"],
    "3034": ["37", "38", "39"],
    "3042": ["30", "31", "33", "34"],
    "3051": ["35", "36"],
    "3069": ["40", "41", "43", "44"],
    "3077": ["46", "47", "51"],
    "3085": ["50", "54", "55"],
    "3093": ["53", "56", "57"],
    "3107": ["39", "58", "59", "67"],
    "3115": ["60", "61", "62", "69"],
    "3123": ["77", "78", "79"],
    "3131": ["75", "76"],
    "3140": ["70", "73", "74"],
}
# Landline area codes per kraj.
AREA_CODES = {
    "3018": ["22", "23", "28"],
    "3026": ["31", "32"],
    "3034": ["38"],
    "3042": ["37"],
    "3051": ["35"],
    "3069": ["41", "47"],
    "3077": ["48"],
    "3085": ["49"],
    "3093": ["46"],
    "3107": ["56"],
    "3115": ["54"],
    "3123": ["58"],
    "3131": ["57"],
    "3140": ["55", "59"],
}
# Postcodes of the ORP seats of the two demo kraje.
SEAT_POSTCODES = {
    "6101": "593 01",
    "6102": "580 01",
    "6103": "396 01",
    "6104": "583 01",
    "6105": "586 01",
    "6106": "676 02",
    "6107": "675 71",
    "6108": "592 31",
    "6109": "395 01",
    "6110": "393 01",
    "6111": "582 91",
    "6112": "588 56",
    "6113": "674 01",
    "6114": "594 01",
    "6115": "591 01",
    "5101": "470 01",
    "5102": "464 01",
    "5103": "466 01",
    "5104": "514 01",
    "5105": "460 01",
    "5106": "473 01",
    "5107": "513 01",
    "5108": "468 41",
    "5109": "511 01",
    "5110": "468 22",
}
LEGAL_FORM = re.compile(r",? (z\. s\.|z\. ú\.|o\. p\. s\.|s\.r\.o\.|a\. s\.|příspěvková organizace)$")
MOBILE_PREFIXES = [
    "602",
    "603",
    "604",
    "605",
    "606",
    "607",
    "721",
    "724",
    "725",
    "731",
    "732",
    "736",
    "737",
    "739",
    "774",
    "776",
    "777",
    "792",
]


def slug(text: str) -> str:
    """ASCII, lower-case, words joined by dashes: "Oblastní charita Třebíč" → "oblastni-charita-trebic"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def ico(rng: random.Random, taken: set[str]) -> str:
    """A fresh IČO with a valid mod-11 check digit, never one already taken (the set is updated)."""
    while True:
        base = f"{rng.randrange(1, 10_000_000):07d}"
        total = sum(int(digit) * weight for digit, weight in zip(base, range(8, 1, -1)))
        value = base + str((11 - total % 11) % 10)
        if value not in taken:
            taken.add(value)
            return value


def registry_id(rng: random.Random, taken: set[str]) -> str:
    """A fresh seven-digit identifier of a registered social service, never one already taken."""
    while True:
        value = str(rng.randrange(1_000_000, 9_999_999))
        if value not in taken:
            taken.add(value)
            return value


def person(rng: random.Random) -> tuple[str, str, str, bool]:
    """A fictional adult: (full name, first name, surname, is a woman); women three times out of five, as in the
    field."""
    male, female = rng.choice(SURNAMES)
    woman = rng.random() < 0.6
    first, surname = (rng.choice(FEMALE_FIRST), female) if woman else (rng.choice(MALE_FIRST), male)
    return f"{first} {surname}", first, surname, woman


def position(text: str, woman: bool) -> str:
    """The masculine or feminine form of a position written as "sociální pracovník|sociální pracovnice"."""
    forms = text.split("|")
    return forms[-1] if woman else forms[0]


def domain(name: str) -> str:
    """A web domain for an organisation's name, without its legal form, under the reserved .example."""
    bare = LEGAL_FORM.sub("", name)
    words = slug(bare).split("-")
    while len("-".join(words)) > 32 and len(words) > 1:
        words.pop()
    return "-".join(words) + ".example"


def email(first: str, surname: str, domain: str) -> str:
    """A work e-mail such as jana.novakova@charita-trebic.example."""
    return f"{slug(first)}.{slug(surname)}@{domain}"


def landline(rng: random.Random, region_code: str) -> str:
    """A landline in the kraj's area code, written with spaces as people write it."""
    area = rng.choice(AREA_CODES[region_code])
    return f"+420 {area}{rng.randrange(0, 10)} {rng.randrange(100, 1000)} {rng.randrange(100, 1000)}"


def mobile(rng: random.Random) -> str:
    """A mobile number, written with spaces."""
    return f"+420 {rng.choice(MOBILE_PREFIXES)} {rng.randrange(100, 1000)} {rng.randrange(100, 1000)}"


def postcode(municipality_code: str, district_code: str, seat_code: str, region_code: str) -> str:
    """The postcode of a municipality, the same for every address there: the ORP seat ends in 01, the other
    municipalities share the seat's first three digits (real ones for the demo kraje, made up elsewhere)."""
    seat = SEAT_POSTCODES.get(district_code)
    if seat is None:
        prefixes = POSTCODE_PREFIXES[region_code]
        seat = f"{prefixes[int(district_code) % len(prefixes)]}{int(district_code) % 10} 01"
    if municipality_code == seat_code:
        return seat
    return f"{seat[:3]} {int(municipality_code) % 89 + 10:02d}"


def street(rng: random.Random, is_village: bool) -> str:
    """A street and number; a village address is often just its house number."""
    if is_village and rng.random() < 0.6:
        return f"č. p. {rng.randrange(1, 250)}"
    return f"{rng.choice(STREETS)} {rng.randrange(1, 2500)}"


def near(rng: random.Random, lat: Decimal, lon: Decimal, spread: float = 0.045) -> tuple[Decimal, Decimal]:
    """Coordinates a few kilometres around a centroid, rounded to the model's six decimal places."""
    q = Decimal("0.000001")
    return (
        Decimal(str(float(lat) + rng.uniform(-spread, spread))).quantize(q),
        Decimal(str(float(lon) + rng.uniform(-spread * 1.5, spread * 1.5))).quantize(q),
    )
