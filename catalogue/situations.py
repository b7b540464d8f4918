"""The first table of life situations, loaded by migration; the national methodologist keeps it from then on.

Each: code, Czech name, English name, Czech description, English description, service kinds (codes of
organizations.codelists), target groups (codes), crisis help. A service helps with a situation when it is of one of
its kinds or for one of its target groups.
"""

LIFE_SITUATIONS = [
    (
        "crisis",
        "Krize – potřebuji pomoc hned",
        "Crisis – I need help now",
        "Nečekaná těžká situace, ohrožení, bezradnost: krizová pomoc, linky důvěry, intervenční centra.",
        "A sudden hard situation, danger, despair: crisis help, helplines, intervention centres.",
        ["crisis_help", "crisis_helpline", "intervention_centres", "zdvop"],
        ["crisis"],
        True,
    ),
    (
        "violence",
        "Násilí v rodině",
        "Violence at home",
        "Domácí násilí, týrání, oběti trestného činu: bezpečí, poradenství, azyl.",
        "Domestic violence, abuse, victims of crime: safety, counselling, shelter.",
        ["intervention_centres", "crisis_help", "shelters"],
        ["domestic_violence", "crime_victims"],
        False,
    ),
    (
        "debts",
        "Dluhy a exekuce",
        "Debts and distraint",
        "Dluhy, exekuce, oddlužení, hospodaření rodiny.",
        "Debts, distraint, debt relief, managing the family's money.",
        ["debt_counselling", "legal_aid", "specialised_counselling"],
        [],
        False,
    ),
    (
        "behaviour",
        "Chování dítěte a škola",
        "A child's behaviour and school",
        "Problémy ve škole, záškoláctví, útěky, rizikové chování, drogy.",
        "Trouble at school, truancy, running away, risky behaviour, drugs.",
        ["svp", "ppp", "low_threshold_youth", "prevention_programmes", "child_psychiatry", "clinical_psychology"],
        ["youth_at_risk", "pupils"],
        False,
    ),
    (
        "small_child",
        "Péče o malé dítě",
        "Caring for a small child",
        "Miminko a malé dítě, vývoj dítěte, hlídání, podpora rodičů.",
        "A baby or a small child, the child's development, childcare, support for parents.",
        ["early_intervention", "childcare_group", "paediatric", "sas_families"],
        ["small_children"],
        False,
    ),
    (
        "family",
        "Vztahy v rodině a rozchod rodičů",
        "Family relationships and parents separating",
        "Hádky, rozvod, péče o dítě po rozchodu, mediace, rodinná terapie.",
        "Quarrels, divorce, care of the child after a separation, mediation, family therapy.",
        ["family_therapy", "specialised_counselling", "probation", "sas_families"],
        ["families_children"],
        False,
    ),
    (
        "housing",
        "Bydlení",
        "Housing",
        "Ztráta bydlení, nevyhovující bydlení, azylový dům, sociální bydlení.",
        "Losing a home, unfit housing, shelters, social housing.",
        ["shelters", "social_housing", "halfway_houses", "night_shelters"],
        ["homeless"],
        False,
    ),
    (
        "disability",
        "Dítě se zdravotním postižením",
        "A child with a disability",
        "Raná péče, speciální pedagogika, asistence, odlehčení pečujícím.",
        "Early intervention, special education, assistance, respite for carers.",
        ["early_intervention", "spc", "personal_assistance", "respite_care", "social_rehabilitation"],
        ["disabilities"],
        False,
    ),
    (
        "foster",
        "Pěstounská péče",
        "Foster care",
        "Doprovázení pěstounů, mladí lidé odcházející z péče.",
        "Support of foster families, young people leaving care.",
        ["foster_care_support", "halfway_houses"],
        ["foster_families", "care_leavers"],
        False,
    ),
    (
        "addiction",
        "Závislosti",
        "Addictions",
        "Alkohol, drogy, hazard: poradenství, kontaktní centra, léčba a doléčování.",
        "Alcohol, drugs, gambling: counselling, contact centres, treatment and aftercare.",
        ["contact_centres", "field_programmes", "aftercare", "therapeutic_communities"],
        ["addictions"],
        False,
    ),
    (
        "mental_health",
        "Duševní zdraví",
        "Mental health",
        "Úzkosti, deprese, sebepoškozování: psychologická a psychiatrická pomoc.",
        "Anxiety, depression, self-harm: psychological and psychiatric help.",
        ["mental_health_centre", "child_psychiatry", "clinical_psychology", "crisis_helpline"],
        [],
        False,
    ),
]


def load_life_situations(LifeSituation, ServiceKind, TargetGroup) -> None:
    """Create the table; the model classes are passed in (historical ones in migrations)."""
    kinds = dict(ServiceKind.objects.values_list("code", "pk"))
    groups = dict(TargetGroup.objects.values_list("code", "pk"))
    for order, (code, name, name_en, text, text_en, kind_codes, group_codes, crisis) in enumerate(
        LIFE_SITUATIONS, start=1
    ):
        situation = LifeSituation.objects.create(
            code=code,
            name=name,
            name_en=name_en,
            description=text,
            description_en=text_en,
            crisis=crisis,
            sort_order=order,
        )
        situation.kinds.set([kinds[c] for c in kind_codes])
        situation.target_groups.set([groups[c] for c in group_codes])
