"""The services an archetype may offer: each as a spec (kind, name pattern, forms, target groups, ages, capacity)."""

from dataclasses import dataclass, replace


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


def service_name(spec: ServiceSpec, *, brand: str, town: str) -> str:
    """The name of a service of an organisation."""
    return spec.name.format(brand=brand, town=town)
