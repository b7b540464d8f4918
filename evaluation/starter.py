"""The starter set of indicators, loaded by migration; the national methodologist keeps the catalogue from then on.

The OSPOD's aggregates are modelled on the public annual statement on the performance of social and legal protection
of children (výkaz o výkonu sociálně-právní ochrany dětí, MPSV): counts of the year, never a child. The network's are
computed by Síťař from its own records.

Each: code, Czech name, English name, definition, unit, supplier, period, at most (code), order.
"""

STARTER_INDICATORS = [
    (
        "children_in_records",
        "Děti v evidenci OSPOD",
        "Children in the OSPOD's records",
        "Počet dětí vedených v evidenci OSPOD ke konci období (spisová dokumentace Om).",
        "count",
        "ospod",
        "year",
        None,
    ),
    (
        "new_cases",
        "Nově založené případy",
        "New cases",
        "Počet dětí, jimž OSPOD v období nově založil spisovou dokumentaci.",
        "count",
        "ospod",
        "year",
        "children_in_records",
    ),
    (
        "case_conferences",
        "Případové konference",
        "Case conferences",
        "Počet případových konferencí, které OSPOD v období uspořádal.",
        "count",
        "ospod",
        "year",
        None,
    ),
    (
        "individual_plans",
        "Individuální plány ochrany dítěte",
        "Individual protection plans",
        "Počet dětí s vypracovaným individuálním plánem ochrany dítěte ke konci období.",
        "count",
        "ospod",
        "year",
        "children_in_records",
    ),
    (
        "children_placed_out",
        "Děti umístěné mimo rodinu",
        "Children placed outside the family",
        "Počet dětí umístěných v období do ústavní výchovy, pěstounské péče nebo zařízení pro děti vyžadující "
        "okamžitou pomoc.",
        "count",
        "ospod",
        "year",
        "children_in_records",
    ),
    (
        "court_measures",
        "Opatření soudu",
        "Measures by court",
        "Počet výchovných opatření, předběžných opatření a rozhodnutí o ústavní výchově vydaných soudem v období "
        "na návrh OSPOD nebo s jeho účastí.",
        "count",
        "ospod",
        "year",
        None,
    ),
    (
        "meetings",
        "Setkání sítě",
        "Meetings of the network",
        "Počet setkání a návštěv zapsaných v Síťaři v ORP za období (počítá Síťař).",
        "count",
        "computed",
        "half_year",
        None,
    ),
    (
        "needs_open",
        "Otevřené potřeby",
        "Open needs",
        "Počet potřeb zapsaných v ORP, které byly ke konci období otevřené (počítá Síťař).",
        "count",
        "computed",
        "half_year",
        None,
    ),
    (
        "needs_resolved",
        "Vyřešené potřeby",
        "Resolved needs",
        "Počet potřeb ORP vyřešených v období (počítá Síťař).",
        "count",
        "computed",
        "half_year",
        None,
    ),
    (
        "need_resolution_days",
        "Doba vyřešení potřeby",
        "Time to resolve a need",
        "Medián počtu dní od zapsání potřeby do jejího vyřešení, pro potřeby vyřešené v období (počítá Síťař).",
        "days",
        "computed",
        "half_year",
        None,
    ),
    (
        "links_per_ospod",
        "Vazby na OSPOD",
        "Links per OSPOD",
        "Počet aktivních vazeb spolupráce s OSPOD v ORP ke konci období (počítá Síťař).",
        "count",
        "computed",
        "half_year",
        None,
    ),
    (
        "key_services_present",
        "Přítomné klíčové služby",
        "Key services present",
        "Počet druhů klíčových služeb pro rodiny, které v ORP působí (počítá Síťař).",
        "count",
        "computed",
        "half_year",
        None,
    ),
    (
        "records_verified",
        "Ověřené záznamy",
        "Records verified",
        "Podíl organizací ORP ověřených za posledních 12 měsíců ke konci období (počítá Síťař).",
        "percent",
        "computed",
        "half_year",
        None,
    ),
]


def load_starter_indicators(Indicator) -> None:
    """Create the starter set; the model class is passed in (the historical one in migrations)."""
    created = {}
    for order, (code, name, name_en, definition, unit, supplier, period, at_most) in enumerate(
        STARTER_INDICATORS, start=1
    ):
        created[code] = Indicator.objects.create(
            code=code,
            name=name,
            name_en=name_en,
            definition=definition,
            unit=unit,
            supplier=supplier,
            period=period,
            maximum=100 if unit == "percent" else None,
            change_factor=None if supplier == "computed" else 5,
            at_most=created.get(at_most),
            sort_order=order,
        )
