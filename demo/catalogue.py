"""What kinds of organisations a local network is made of, how they are named and which services they offer.

Both the regional demo and the national benchmark draw their organisations from these archetypes, so that an ORP looks
like a real one: an OSPOD, the town hall, schools, paediatricians, NGOs with social services, the police, and so on.
"""

import random
from dataclasses import dataclass, replace

from demo.fake import SURNAMES
from organizations.models import OrganizationKind as K

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


@dataclass(frozen=True)
class ServiceSpec:
    """A service an archetype may offer: kind code, name pattern ({brand}, {town}), forms, target groups, ages."""

    kind: str
    name: str
    forms: tuple[str, ...]
    groups: tuple[str, ...]
    ages: tuple[int | None, int | None] = (None, None)
    capacity: tuple[int, int] | None = None
    capacity_note: str = ""
    chance: float = 1.0


@dataclass(frozen=True)
class Archetype:
    """A kind of actor: its organisation kind, name patterns, the services it may offer and who works there."""

    code: str
    kind: str
    names: tuple[str, ...]
    positions: tuple[str, ...]  # "masculine|feminine" where the position has two forms
    services: tuple[ServiceSpec, ...] = ()
    contacts: tuple[int, int] = (1, 2)
    ico_chance: float = 1.0
    village: bool = False  # may sit in a small village rather than a town


def maybe(spec: ServiceSpec, chance: float) -> ServiceSpec:
    """The same service, offered only by some organisations of the archetype."""
    return replace(spec, chance=chance)


def _s(kind, name, forms, groups, ages=(None, None), capacity=None, note="", chance=1.0) -> ServiceSpec:
    """A service spec in one line."""
    return ServiceSpec(kind, name, tuple(forms), tuple(groups), ages, capacity, note, chance)


NZDM = _s(
    "low_threshold_youth",
    "Nízkoprahové zařízení pro děti a mládež {brand}",
    ["ambulatory", "field"],
    ["youth_at_risk"],
    (6, 26),
    (10, 25),
    "klientů v jednom okamžiku",
)
SAS = _s(
    "sas_families",
    "Sociálně aktivizační služby pro rodiny s dětmi {brand}",
    ["field", "ambulatory"],
    ["families_children"],
    (0, 18),
    (8, 30),
    "rodin v péči",
)
COUNSELLING = _s(
    "specialised_counselling",
    "Odborné sociální poradenství {brand}",
    ["ambulatory"],
    ["families_children", "crisis"],
    (None, None),
    (2, 5),
    "konzultací současně",
)
FAMILY_THERAPY = _s("family_therapy", "Rodinná terapie a mediace {brand}", ["ambulatory"], ["families_children"])
DEBT = _s(
    "debt_counselling", "Dluhová poradna {brand}", ["ambulatory", "field"], ["families_children", "crisis"], (18, None)
)
LEGAL = _s("legal_aid", "Právní poradna {brand}", ["ambulatory"], ["families_children", "crime_victims"], (18, None))
CRISIS = _s(
    "crisis_help",
    "Krizová pomoc {brand}",
    ["ambulatory", "field"],
    ["crisis", "domestic_violence"],
    (None, None),
    (2, 6),
    "klientů v jednom okamžiku",
)
HELPLINE = _s("crisis_helpline", "Linka důvěry {brand}", ["ambulatory"], ["crisis", "youth_at_risk"])
EARLY = _s(
    "early_intervention",
    "Raná péče {brand}",
    ["field", "ambulatory"],
    ["families_children", "disabilities", "small_children"],
    (0, 7),
    (20, 60),
    "rodin v péči",
)
SHELTER = _s(
    "shelters",
    "Azylový dům pro matky s dětmi {brand}",
    ["residential"],
    ["families_children", "homeless", "domestic_violence"],
    (None, None),
    (6, 18),
    "lůžek",
)
HALFWAY = _s(
    "halfway_houses", "Dům na půl cesty {brand}", ["residential"], ["care_leavers"], (18, 26), (4, 12), "lůžek"
)
FIELD = _s(
    "field_programmes",
    "Terénní programy {brand}",
    ["field"],
    ["excluded_communities", "youth_at_risk"],
    (15, None),
    (20, 60),
    "klientů",
)
CONTACT_CENTRE = _s(
    "contact_centres",
    "Kontaktní centrum {brand}",
    ["ambulatory"],
    ["addictions"],
    (15, None),
    (8, 15),
    "klientů v jednom okamžiku",
)
INTERVENTION = _s(
    "intervention_centres", "Intervenční centrum {brand}", ["ambulatory", "field"], ["domestic_violence"], (16, None)
)
HOME_CARE = _s(
    "home_care", "Charitní pečovatelská služba {town}", ["field"], ["disabilities"], (None, None), (40, 120), "klientů"
)
ASSISTANCE = _s(
    "personal_assistance", "Osobní asistence {brand}", ["field"], ["disabilities"], (3, None), (10, 40), "klientů"
)
RESPITE = _s(
    "respite_care",
    "Odlehčovací služby {brand}",
    ["field", "ambulatory"],
    ["disabilities"],
    (3, None),
    (5, 15),
    "klientů",
)
FOSTER = _s(
    "foster_care_support",
    "Doprovázení pěstounských rodin {brand}",
    ["field", "ambulatory"],
    ["foster_families"],
    (None, None),
    (20, 80),
    "doprovázených rodin",
)
PARENT_CHILD = _s(
    "leisure",
    "Programy pro rodiče s dětmi {brand}",
    ["ambulatory"],
    ["families_children", "small_children"],
    (0, 6),
    (15, 30),
    "dětí s rodiči",
)
CHILDCARE = _s(
    "childcare_group", "Dětská skupina {brand}", ["ambulatory"], ["small_children"], (1, 6), (12, 24), "dětí"
)
CLUBS = _s(
    "leisure",
    "Zájmové kroužky pro děti a mládež – {town}",
    ["ambulatory"],
    ["pupils"],
    (5, 18),
    (150, 600),
    "členů kroužků",
)
SCHOOL_CLUB = _s("leisure", "Školní klub – {town}", ["ambulatory"], ["pupils"], (10, 15), (30, 60), "žáků")
PREVENTION = _s(
    "prevention_programmes", "Program primární prevence {brand}", ["ambulatory", "field"], ["pupils"], (6, 18)
)
SCHOOL_PREVENTION = _s(
    "prevention_programmes", "Preventivní program školy – {town}", ["ambulatory"], ["pupils"], (6, 18)
)
POLICE_PREVENTION = _s(
    "prevention_programmes", "Preventivní program Policie ČR – {town}", ["field"], ["pupils", "youth_at_risk"], (6, 18)
)
PPP = _s(
    "ppp", "Pedagogicko-psychologické poradenství – {town}", ["ambulatory"], ["pupils", "families_children"], (3, 19)
)
SPC = _s("spc", "Speciálně pedagogické centrum – {town}", ["ambulatory", "field"], ["disabilities", "pupils"], (3, 19))
SVP = _s(
    "svp",
    "Středisko výchovné péče {brand}",
    ["ambulatory", "residential"],
    ["youth_at_risk", "pupils"],
    (6, 18),
    (8, 16),
    "míst v internátním oddělení",
)
PAEDIATRIC = _s(
    "paediatric",
    "Ordinace praktického lékaře pro děti a dorost – {town}",
    ["ambulatory"],
    ["small_children", "pupils"],
    (0, 19),
    (1200, 2500),
    "registrovaných pacientů",
)
WARD = _s(
    "paediatric",
    "Dětské oddělení – {town}",
    ["residential", "ambulatory"],
    ["small_children", "pupils"],
    (0, 19),
    (20, 40),
    "lůžek",
)
PSYCHIATRY = _s(
    "child_psychiatry", "Dětská psychiatrická ambulance – {town}", ["ambulatory"], ["youth_at_risk", "pupils"], (0, 18)
)
PSYCHOLOGY = _s(
    "clinical_psychology",
    "Klinická psychologie pro děti a dospívající – {town}",
    ["ambulatory"],
    ["pupils", "families_children"],
    (0, 18),
)
PROBATION = _s(
    "probation", "Probační a mediační služba – {town}", ["ambulatory"], ["youth_at_risk", "crime_victims"], (15, None)
)
HOUSING = _s(
    "social_housing",
    "Sociální byty města {town}",
    ["residential"],
    ["families_children", "homeless"],
    (None, None),
    (4, 20),
    "bytů",
)
ZDVOP = _s(
    "zdvop",
    "Zařízení pro děti vyžadující okamžitou pomoc {brand}",
    ["residential"],
    ["small_children", "pupils"],
    (0, 18),
    (6, 12),
    "míst",
)

A = Archetype
ARCHETYPES = {
    archetype.code: archetype
    for archetype in [
        A(
            "ospod",
            K.OSPOD,
            ("Městský úřad {town} – OSPOD",),
            (
                "vedoucí oddělení SPOD",
                "sociální pracovník OSPOD|sociální pracovnice OSPOD",
                "kurátor pro děti a mládež|kurátorka pro děti a mládež",
                "sociální pracovník – náhradní rodinná péče|sociální pracovnice – náhradní rodinná péče",
            ),
            contacts=(3, 4),
            ico_chance=0,
        ),
        A(
            "town_hall",
            K.MUNICIPALITY,
            ("{municipality_kind} {town}",),
            (
                "starosta|starostka",
                "místostarosta|místostarostka",
                "sociální pracovník obce|sociální pracovnice obce",
                "koordinátor komunitního plánování|koordinátorka komunitního plánování",
            ),
            (maybe(HOUSING, 0.5), maybe(CLUBS, 0.2)),
            contacts=(1, 3),
        ),
        A(
            "village",
            K.MUNICIPALITY,
            ("{municipality_kind} {town}",),
            ("starosta|starostka",),
            contacts=(1, 1),
            village=True,
        ),
        A(
            "labour_office",
            K.LABOUR_OFFICE,
            ("Úřad práce ČR – kontaktní pracoviště {town}",),
            (
                "vedoucí kontaktního pracoviště",
                "referent nepojistných sociálních dávek|referentka nepojistných sociálních dávek",
            ),
            ico_chance=0,
        ),
        A(
            "police",
            K.POLICE,
            ("Policie ČR – Obvodní oddělení {town}",),
            (
                "vedoucí obvodního oddělení",
                "preventista|preventistka",
                "policista pro práci s mládeží|policistka pro práci s mládeží",
            ),
            (maybe(POLICE_PREVENTION, 0.3),),
            ico_chance=0,
        ),
        A(
            "basic_school",
            K.SCHOOL,
            ("Základní škola {town}, {street}", "Základní škola a mateřská škola {town}", "Základní škola {town}"),
            (
                "ředitel školy|ředitelka školy",
                "výchovný poradce|výchovná poradkyně",
                "školní metodik prevence|školní metodička prevence",
                "školní psycholog|školní psycholožka",
            ),
            (maybe(SCHOOL_PREVENTION, 0.35), maybe(SCHOOL_CLUB, 0.35)),
            contacts=(1, 3),
            village=True,
        ),
        A(
            "kindergarten",
            K.SCHOOL,
            ("Mateřská škola {town}, {street}", "Mateřská škola {brand} {town}"),
            ("ředitel mateřské školy|ředitelka mateřské školy", "učitel|učitelka"),
            contacts=(1, 1),
            village=True,
        ),
        A(
            "secondary_school",
            K.SCHOOL,
            (
                "Gymnázium {town}",
                "Střední odborná škola {town}",
                "Střední průmyslová škola {town}",
                "Obchodní akademie {town}",
            ),
            (
                "výchovný poradce|výchovná poradkyně",
                "školní metodik prevence|školní metodička prevence",
                "zástupce ředitele|zástupkyně ředitele",
            ),
        ),
        A(
            "ppp",
            K.SCHOOL_COUNSELLING,
            ("Pedagogicko-psychologická poradna {town}",),
            ("vedoucí pracoviště", "psycholog|psycholožka", "speciální pedagog|speciální pedagožka"),
            (PPP,),
            contacts=(2, 3),
            ico_chance=0.4,
        ),
        A(
            "spc",
            K.SCHOOL_COUNSELLING,
            ("Speciálně pedagogické centrum {town}",),
            ("vedoucí centra", "speciální pedagog|speciální pedagožka"),
            (SPC,),
        ),
        A(
            "svp",
            K.SCHOOL_COUNSELLING,
            ("Středisko výchovné péče {brand} {town}",),
            ("vedoucí střediska", "etoped|etopedka", "psycholog|psycholožka"),
            (SVP, maybe(FAMILY_THERAPY, 0.4)),
        ),
        A(
            "paediatrician",
            K.HEALTH,
            ("Dětská ordinace {town} s.r.o.", "Pediatrie {brand} s.r.o.", "MUDr. {surname} – dětská ordinace"),
            ("praktický lékař pro děti a dorost|praktická lékařka pro děti a dorost", "zdravotní bratr|dětská sestra"),
            (PAEDIATRIC,),
            village=True,
        ),
        A(
            "hospital",
            K.HEALTH,
            ("Nemocnice {town}, příspěvková organizace",),
            (
                "zdravotně-sociální pracovník|zdravotně-sociální pracovnice",
                "primář dětského oddělení|primářka dětského oddělení",
                "psycholog|psycholožka",
            ),
            (WARD, maybe(PSYCHIATRY, 0.4), maybe(PSYCHOLOGY, 0.6)),
            contacts=(2, 3),
        ),
        A(
            "psychology",
            K.HEALTH,
            ("Psychologická ambulance {brand} s.r.o.", "Ambulance dětské psychiatrie MUDr. {surname}"),
            ("klinický psycholog|klinická psycholožka", "dětský psychiatr|dětská psychiatrička"),
            (maybe(PSYCHOLOGY, 0.7), maybe(PSYCHIATRY, 0.5)),
        ),
        A(
            "court",
            K.COURT,
            ("Okresní soud {town_locative}",),
            (
                "předseda opatrovnického senátu|předsedkyně opatrovnického senátu",
                "vyšší soudní úředník|vyšší soudní úřednice",
            ),
            contacts=(1, 1),
        ),
        A(
            "probation",
            K.OTHER,
            ("Probační a mediační služba – středisko {town}",),
            ("vedoucí střediska", "probační úředník pro mládež|probační úřednice pro mládež"),
            (PROBATION,),
            ico_chance=0,
        ),
        A(
            "nzdm",
            K.NGO,
            ("{brand}, z. s.", "{brand} {town}, z. s."),
            (
                "vedoucí NZDM",
                "sociální pracovník|sociální pracovnice",
                "pracovník v sociálních službách|pracovnice v sociálních službách",
            ),
            (NZDM, maybe(FIELD, 0.3), maybe(PREVENTION, 0.3)),
            contacts=(2, 3),
        ),
        A(
            "sas",
            K.SOCIAL_SERVICE_PROVIDER,
            ("{brand} – centrum pro rodinu, z. ú.", "Centrum pro rodinu {brand}, z. ú."),
            ("vedoucí služby", "sociální pracovník|sociální pracovnice", "rodinný terapeut|rodinná terapeutka"),
            (SAS, maybe(COUNSELLING, 0.4), maybe(FAMILY_THERAPY, 0.3)),
            contacts=(2, 3),
        ),
        A(
            "counselling",
            K.SOCIAL_SERVICE_PROVIDER,
            ("Manželská a rodinná poradna {town}, z. ú.", "Poradna pro rodinu {brand}, z. ú."),
            ("vedoucí poradny", "psycholog|psycholožka", "sociální pracovník|sociální pracovnice"),
            (COUNSELLING, maybe(FAMILY_THERAPY, 0.6), maybe(DEBT, 0.3)),
        ),
        A(
            "debt",
            K.NGO,
            ("Občanská poradna {brand}, z. s.",),
            ("vedoucí poradny", "dluhový poradce|dluhová poradkyně"),
            (COUNSELLING, DEBT, maybe(LEGAL, 0.4)),
        ),
        A(
            "crisis",
            K.SOCIAL_SERVICE_PROVIDER,
            ("Krizové centrum {brand}, z. ú.",),
            ("vedoucí krizového centra", "krizový intervent|krizová interventka"),
            (CRISIS, maybe(HELPLINE, 0.4)),
        ),
        A(
            "shelter",
            K.SOCIAL_SERVICE_PROVIDER,
            ("Azylový dům {brand}, o. p. s.",),
            ("vedoucí azylového domu", "sociální pracovník|sociální pracovnice"),
            (SHELTER, maybe(HALFWAY, 0.2)),
        ),
        A(
            "field",
            K.NGO,
            ("Terénní programy {brand}, o. p. s.", "{brand} – sdružení pro terénní práci, z. s."),
            ("koordinátor terénního programu|koordinátorka terénního programu", "terénní pracovník|terénní pracovnice"),
            (FIELD, maybe(CONTACT_CENTRE, 0.3)),
        ),
        A(
            "family_centre",
            K.NGO,
            ("Rodinné centrum {brand}, z. s.", "Mateřské centrum {brand} {town}, z. s."),
            ("koordinátor centra|koordinátorka centra", "lektor|lektorka"),
            (PARENT_CHILD, maybe(CHILDCARE, 0.3)),
            village=True,
        ),
        A(
            "early_care",
            K.SOCIAL_SERVICE_PROVIDER,
            ("Raná péče {brand}, z. ú.",),
            ("vedoucí služby rané péče", "poradce rané péče|poradkyně rané péče"),
            (EARLY,),
        ),
        A(
            "intervention",
            K.SOCIAL_SERVICE_PROVIDER,
            ("Intervenční centrum {brand}, z. ú.",),
            ("vedoucí intervenčního centra", "sociální pracovník|sociální pracovnice"),
            (INTERVENTION, CRISIS),
        ),
        A(
            "charity",
            K.CHURCH_CHARITY,
            ("Oblastní charita {town}",),
            (
                "ředitel charity|ředitelka charity",
                "vedoucí sociálních služeb",
                "sociální pracovník|sociální pracovnice",
                "koordinátor dobrovolníků|koordinátorka dobrovolníků",
            ),
            (
                maybe(SAS, 0.7),
                maybe(HOME_CARE, 0.6),
                maybe(NZDM, 0.35),
                maybe(DEBT, 0.5),
                maybe(RESPITE, 0.3),
                maybe(SHELTER, 0.2),
            ),
            contacts=(2, 4),
        ),
        A(
            "parish_charity",
            K.CHURCH_CHARITY,
            ("Farní charita {town}",),
            ("ředitel farní charity|ředitelka farní charity",),
            (HOME_CARE, maybe(PARENT_CHILD, 0.4)),
        ),
        A(
            "diakonie",
            K.CHURCH_CHARITY,
            ("Diakonie ČCE – středisko {town}",),
            ("ředitel střediska|ředitelka střediska", "sociální pracovník|sociální pracovnice"),
            (maybe(ASSISTANCE, 0.6), maybe(SAS, 0.5), maybe(RESPITE, 0.4), maybe(EARLY, 0.2)),
        ),
        A(
            "foster",
            K.FOSTER_CARE_AGENCY,
            ("{brand} – doprovázení pěstounských rodin, z. ú.", "Centrum pro náhradní rodinnou péči {brand}, z. s."),
            ("vedoucí doprovázení", "klíčový sociální pracovník|klíčová sociální pracovnice", "psycholog|psycholožka"),
            (FOSTER, maybe(FAMILY_THERAPY, 0.3)),
            contacts=(2, 3),
        ),
        A(
            "zdvop",
            K.SOCIAL_SERVICE_PROVIDER,
            ("Zařízení pro děti vyžadující okamžitou pomoc {brand}, z. ú.",),
            ("ředitel zařízení|ředitelka zařízení", "vychovatel|vychovatelka"),
            (ZDVOP,),
        ),
        A(
            "ddm",
            K.OTHER,
            ("Dům dětí a mládeže {town}",),
            ("ředitel DDM|ředitelka DDM", "pedagog volného času|pedagožka volného času"),
            (CLUBS, maybe(PREVENTION, 0.3)),
        ),
        A(
            "library",
            K.OTHER,
            ("Městská knihovna {town}",),
            ("ředitel knihovny|ředitelka knihovny",),
            (maybe(PARENT_CHILD, 0.3),),
            contacts=(1, 1),
        ),
        A(
            "mas",
            K.OTHER,
            ("MAS {brand}, z. s.",),
            ("manažer MAS|manažerka MAS", "projektový manažer|projektová manažerka"),
            contacts=(1, 1),
        ),
        A(
            "employer",
            K.EMPLOYER,
            ("{brand} {town}, a. s.", "Zemědělské družstvo {town}", "Pekárna {brand} s.r.o."),
            ("personalista|personalistka", "jednatel|jednatelka"),
            contacts=(1, 1),
            village=True,
        ),
    ]
}

# How often each archetype appears in an average ORP of the national benchmark (the OSPOD is added once per ORP).
NATIONAL_MIX = {
    "basic_school": 16,
    "kindergarten": 12,
    "secondary_school": 4,
    "village": 12,
    "town_hall": 3,
    "paediatrician": 9,
    "psychology": 3,
    "hospital": 1,
    "ppp": 1,
    "spc": 1,
    "svp": 0.5,
    "police": 2,
    "court": 0.5,
    "probation": 0.5,
    "labour_office": 1,
    "nzdm": 3,
    "sas": 3,
    "counselling": 2,
    "debt": 1.5,
    "crisis": 1,
    "shelter": 1,
    "field": 1.5,
    "family_centre": 3,
    "early_care": 0.7,
    "intervention": 0.2,
    "charity": 2,
    "parish_charity": 1.5,
    "diakonie": 1,
    "foster": 1.5,
    "zdvop": 0.3,
    "ddm": 1.5,
    "library": 1.5,
    "mas": 1,
    "employer": 3,
}


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


def service_name(spec: ServiceSpec, *, brand: str, town: str) -> str:
    """The name of a service of an organisation."""
    return spec.name.format(brand=brand, town=town)


def chosen_services(archetype: Archetype, rng: random.Random) -> list[ServiceSpec]:
    """The services one organisation of the archetype offers (each optional one by its chance)."""
    return [spec for spec in archetype.services if rng.random() < spec.chance]
