"""The codelists of service kinds, target groups and forms, loaded by migration.

The 35 kinds of zákon 108/2006 Sb. come from data/social_service_types.csv (MPSV); the English names, the stable codes
and the kinds outside the registry are ours.
"""

import csv
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

# paragraph in the CSV → (stable code, English name, key service for families)
REGISTERED_KINDS = {
    "37 odst. 2": ("basic_counselling", "basic social counselling", False),
    "37 odst. 3": ("specialised_counselling", "specialised social counselling", True),
    "39": ("personal_assistance", "personal assistance", False),
    "40": ("home_care", "home care service", False),
    "41": ("emergency_care", "emergency alarm care", False),
    "42": ("guide_reading", "guide and reading services", False),
    "43": ("independent_living_support", "support of independent living", False),
    "44": ("respite_care", "respite care", False),
    "45": ("day_service_centres", "day service centres", False),
    "46": ("day_care_centres", "day care centres", False),
    "47": ("weekly_care_centres", "weekly care centres", False),
    "48": ("homes_disabled", "homes for people with disabilities", False),
    "49": ("homes_seniors", "homes for the elderly", False),
    "50": ("special_regime_homes", "homes with a special regime", False),
    "51": ("sheltered_housing", "sheltered housing", False),
    "52": ("inpatient_health_social", "social services in inpatient health care", False),
    "54": ("early_intervention", "early intervention", True),
    "55": ("crisis_helpline", "telephone crisis help", False),
    "56": ("interpreting", "interpreting services", False),
    "57": ("shelters", "shelters (incl. for parents with children)", True),
    "58": ("halfway_houses", "halfway houses", False),
    "59": ("contact_centres", "contact centres", False),
    "60": ("crisis_help", "crisis help", True),
    "60a": ("intervention_centres", "intervention centres", True),
    "61": ("low_threshold_day_centres", "low-threshold day centres", False),
    "62": ("low_threshold_youth", "low-threshold facilities for children and youth", True),
    "63": ("night_shelters", "night shelters", False),
    "64": ("aftercare", "aftercare services", False),
    "65": ("sas_families", "social activation services for families with children", True),
    "66": ("sas_seniors_disabled", "social activation services for seniors and people with disabilities", False),
    "67": ("therapeutic_workshops", "social therapeutic workshops", False),
    "68": ("therapeutic_communities", "therapeutic communities", False),
    "69": ("field_programmes", "field programmes", False),
    "70": ("social_rehabilitation", "social rehabilitation", False),
    "?": ("mental_health_centre", "mental health centre", False),
}

CATEGORIES = {
    "sociální poradenství": "counselling",
    "služby sociální péče": "care",
    "služby sociální prevence": "prevention",
}

# Services the network around a family needs that are not registered social services.
NON_REGISTERED_KINDS = [
    ("leisure", "volnočasové aktivity pro děti a mládež", "leisure activities for children and youth"),
    ("ppp", "pedagogicko-psychologické poradenství", "pedagogical-psychological counselling"),
    ("spc", "speciálně pedagogické centrum", "special pedagogical centre"),
    ("svp", "středisko výchovné péče", "educational care centre"),
    ("paediatric", "pediatrická péče", "paediatric care"),
    ("child_psychiatry", "dětská psychiatrie", "child psychiatry"),
    ("clinical_psychology", "klinická psychologie", "clinical psychology"),
    ("family_therapy", "rodinná terapie a mediace", "family therapy and mediation"),
    ("foster_care_support", "doprovázení pěstounských rodin", "support of foster families"),
    ("zdvop", "zařízení pro děti vyžadující okamžitou pomoc", "facility for children in need of immediate help"),
    ("prevention_programmes", "programy primární prevence", "primary prevention programmes"),
    ("debt_counselling", "dluhové poradenství", "debt counselling"),
    ("legal_aid", "právní poradenství", "legal aid"),
    ("social_housing", "sociální bydlení", "social housing"),
    ("childcare_group", "dětská skupina", "childcare group"),
    ("probation", "probační a mediační služba", "probation and mediation service"),
]

TARGET_GROUPS = [
    # code, Czech name, English name, wording in the MPSV registry
    ("families_children", "rodiny s dítětem/dětmi", "families with children", "rodiny s dítětem/dětmi"),
    (
        "youth_at_risk",
        "děti a mládež ve věku od 6 do 26 let ohrožené společensky nežádoucími jevy",
        "children and youth 6–26 at risk of socially undesirable phenomena",
        "děti a mládež ve věku od 6 do 26 let ohrožené společensky nežádoucími jevy",
    ),
    ("crisis", "osoby v krizi", "people in crisis", "osoby v krizi"),
    ("domestic_violence", "oběti domácího násilí", "victims of domestic violence", "oběti domácího násilí"),
    ("crime_victims", "oběti trestné činnosti", "victims of crime", "oběti trestné činnosti"),
    ("homeless", "osoby bez přístřeší", "homeless people", "osoby bez přístřeší"),
    (
        "excluded_communities",
        "osoby žijící v sociálně vyloučených komunitách",
        "people living in socially excluded communities",
        "osoby žijící v sociálně vyloučených komunitách",
    ),
    ("disabilities", "osoby se zdravotním postižením", "people with disabilities", "osoby se zdravotním postižením"),
    ("ethnic_minorities", "etnické menšiny", "ethnic minorities", "etnické menšiny"),
    ("small_children", "děti do 6 let", "children under 6", ""),
    ("pupils", "žáci a studenti", "pupils and students", ""),
    ("foster_families", "pěstounské rodiny", "foster families", ""),
    (
        "care_leavers",
        "mladí dospělí opouštějící ústavní nebo pěstounskou péči",
        "young adults leaving institutional or foster care",
        "",
    ),
    (
        "addictions",
        "osoby ohrožené závislostí nebo závislé na návykových látkách",
        "people at risk of or with addiction",
        "osoby ohrožené závislostí nebo závislé na návykových látkách",
    ),
]

SERVICE_FORMS = [
    ("ambulatory", "ambulantní", "ambulatory", "amb"),
    ("field", "terénní", "field", "ter"),
    ("residential", "pobytová", "residential", "pob"),
]


def load_codelists(ServiceKind, TargetGroup, ServiceForm) -> None:
    """Create the codelists; the model classes are passed in (historical ones in migrations)."""
    with open(DATA_DIR / "social_service_types.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    kinds = []
    for order, row in enumerate(rows, start=1):
        code, name_en, is_key = REGISTERED_KINDS[row["paragraph"]]
        kinds.append(
            ServiceKind(
                code=code,
                name=row["name_cs"],
                name_en=name_en,
                sort_order=order,
                paragraph="" if row["paragraph"] == "?" else row["paragraph"],
                category=CATEGORIES.get(row["category"], "other_registered"),
                registrable=row["registrable"].startswith("yes"),
                registry_code=row["mpsv_api_druh_id"],
                is_key=is_key,
            )
        )
    start = len(kinds) + 1
    kinds += [
        ServiceKind(code=code, name=name, name_en=name_en, sort_order=start + i, category="non_registered")
        for i, (code, name, name_en) in enumerate(NON_REGISTERED_KINDS)
    ]
    ServiceKind.objects.bulk_create(kinds)
    TargetGroup.objects.bulk_create(
        [
            TargetGroup(code=code, name=name, name_en=name_en, registry_name=registry, sort_order=i)
            for i, (code, name, name_en, registry) in enumerate(TARGET_GROUPS, start=1)
        ]
    )
    ServiceForm.objects.bulk_create(
        [
            ServiceForm(code=code, name=name, name_en=name_en, registry_code=registry, sort_order=i)
            for i, (code, name, name_en, registry) in enumerate(SERVICE_FORMS, start=1)
        ]
    )
