"""The Czech wording of the demo's meetings, follow-ups and needs: what síťaři write in their records.

None of it names a child or a family member: case conferences speak of "the family" and "the child" only.
"""

import random
from dataclasses import dataclass

WORKING_TOPICS = [
    "spolupráce OSPOD a škol při záškoláctví",
    "doprovázení pěstounských rodin",
    "dostupnost dluhového poradenství",
    "práce s rodinami v sociálně vyloučených lokalitách",
    "prevence rizikového chování dětí",
    "spolupráce s pediatry při zanedbávání péče",
    "sanace rodiny a návrat dětí z ústavní péče",
    "krizová pomoc pro rodiny",
    "bydlení pro rodiny s dětmi",
    "volnočasové aktivity pro dospívající",
    "podpora rodin s dětmi se zdravotním postižením",
    "předávání informací mezi službami a OSPOD",
]
WORKSHOP_TOPICS = [
    "mapování potřeb rodin v ORP",
    "případové konference v praxi",
    "zapojení dětí do rozhodování",
    "síťování služeb pro rodiny s dětmi",
    "práce s rodinou s dospívajícími",
    "spolupráce škol a sociálních služeb",
]
TRAINING_TOPICS = [
    "domácí násilí a jeho dopad na děti",
    "standardy kvality SPOD",
    "práce s rodinou v krizi",
    "ochrana osobních údajů v sociálních službách",
    "rizikové chování v online prostředí",
    "trauma-informovaný přístup",
    "komunikace s dítětem",
]
VISIT_SUMMARIES = [
    "Představení činnosti organizace a aktuální kapacity služeb.",
    "Ověření kontaktních údajů a nabídky služeb pro adresář sítě.",
    "Diskuse o spolupráci s OSPOD při práci s rodinami.",
    "Organizace zaznamenala nárůst zájmu rodin s dětmi školního věku.",
    "Probrány možnosti vzájemného doporučování klientů.",
    "Organizace hledá nové prostory a zvažuje rozšíření terénní formy.",
    "Pracovníci uvádějí dlouhé čekací doby na dětského psychologa v regionu.",
]
VISIT_OUTCOMES = [
    "Aktualizovat údaje organizace v adresáři.",
    "Zaslat pozvánku na kulatý stůl.",
    "Domluvit společné setkání se školami.",
    "Předat kontakty na dluhové poradenství.",
    "Zařadit organizaci do katalogu služeb pro rodiny.",
]
GROUP_SUMMARIES = [
    "Účastníci sdíleli aktuální situaci ve svých službách a obtíže rodin, se kterými pracují.",
    "Projednána dostupnost služeb v menších obcích a možnosti dopravy.",
    "Představeny výsledky mapování sítě a otevřené potřeby ORP.",
    "Diskuse o pravidlech předávání informací mezi školami, službami a OSPOD.",
    "Nové služby představily svou nabídku a kapacity.",
]
GROUP_OUTCOMES = [
    "Připravit společný leták služeb pro rodiny.",
    "Zřídit pracovní skupinu pro dospívající.",
    "Příští setkání zaměřit na bydlení rodin s dětmi.",
    "Rozeslat aktualizovaný seznam kontaktních osob.",
    "Dohodnut postup při doporučování rodin mezi službami.",
]
CASE_SUMMARIES = [
    "Vyhodnocení situace rodiny a plnění individuálního plánu ochrany dítěte.",
    "Zhodnocení spolupráce rodiny se službami od poslední konference.",
    "Projednání školní docházky dítěte a podpory rodiny v péči o domácnost.",
]
CASE_OUTCOMES = [
    "Rodina bude pokračovat ve spolupráci se SAS; škola bude OSPOD informovat o docházce.",
    "Zajistit rodině dluhové poradenství; další konference za tři měsíce.",
    "Dítě zahájí docházku do nízkoprahového klubu; pediatr sleduje zdravotní stav.",
]
FOLLOWUP_TASKS = [
    "Rozeslat zápis všem účastníkům",
    "Aktualizovat kontakty organizace v adresáři",
    "Připravit přehled volných kapacit služeb",
    "Zaslat nabídku služeb na OSPOD",
    "Ověřit dostupnost dluhové poradny pro rodiny",
    "Pozvat školy na příští kulatý stůl",
    "Připravit podklady pro analýzu sítě ORP",
    "Zjistit podmínky financování nové služby",
    "Domluvit návštěvu u poskytovatele",
    "Doplnit do katalogu služeb nové kontakty",
    "Svolat pracovní skupinu k dospívajícím",
    "Předat pozvánku na krajskou platformu",
]
LOCATIONS = [
    "Městský úřad {town}, zasedací místnost",
    "Komunitní centrum {town}",
    "Knihovna {town}, sál",
    "Kulturní dům {town}",
]


@dataclass(frozen=True)
class NeedTemplate:
    """A need the field keeps raising, with how it was resolved or why it was dismissed."""

    category: str
    title: str
    kind: str | None
    group: str | None
    resolved: str
    dismissed: str


NEEDS = [
    NeedTemplate(
        "missing_service",
        "Chybí nízkoprahový klub pro děti 12–15 let v ORP {orp}",
        "low_threshold_youth",
        "youth_at_risk",
        "Od září funguje terénní forma NZDM ve třech obcích ORP.",
        "Potřeba se potvrdila jen v jedné obci; pokryje ji terénní program.",
    ),
    NeedTemplate(
        "capacity",
        "Nedostatečná kapacita SAS pro rodiny s dětmi v ORP {orp}",
        "sas_families",
        "families_children",
        "Poskytovatel navýšil úvazky a kapacitu o osm rodin.",
        "Čekací doba klesla pod tři týdny, navýšení není potřeba.",
    ),
    NeedTemplate(
        "accessibility",
        "Rodiny z odlehlých obcí ORP {orp} nedosáhnou na odborné poradenství",
        "specialised_counselling",
        "families_children",
        "Poradna zavedla výjezdní konzultace jednou týdně.",
        "Obce zajistily dopravu; potřeba zanikla.",
    ),
    NeedTemplate(
        "missing_service",
        "Chybí dluhové poradenství dostupné pro rodiny s dětmi",
        "debt_counselling",
        "families_children",
        "Občanská poradna otevřela kontaktní místo jednou za 14 dní.",
        "Pokryto stávající poradnou v sousedním ORP.",
    ),
    NeedTemplate(
        "staffing",
        "Čekací doba na dětského psychologa přesahuje šest měsíců",
        "clinical_psychology",
        "pupils",
        "Nemocnice přijala druhou klinickou psycholožku pro děti.",
        "Mimo možnosti sítě; předáno kraji jako podnět ke koncepci.",
    ),
    NeedTemplate(
        "missing_service",
        "Chybí krizová pomoc pro rodiny mimo pracovní dobu",
        "crisis_help",
        "crisis",
        "Dohodnuta spolupráce s krizovou linkou a pohotovostí OSPOD.",
        "Pokryto krajskou krizovou linkou.",
    ),
    NeedTemplate(
        "cooperation",
        "Školy neinformují OSPOD včas o opakovaném záškoláctví",
        None,
        "pupils",
        "Dohodnut postup a kontaktní osoby škol; proběhl společný workshop.",
        "Šlo o ojedinělý případ, postup škol je v pořádku.",
    ),
    NeedTemplate(
        "information",
        "Rodiny neznají nabídku služeb v ORP {orp}",
        None,
        "families_children",
        "Vydán katalog služeb pro rodiny a rozeslán školám a lékařům.",
        "Nahrazeno krajským katalogem služeb.",
    ),
    NeedTemplate(
        "missing_service",
        "Chybí azylové bydlení pro matky s dětmi",
        "shelters",
        "families_children",
        "Azylový dům v sousedním ORP vyčlenil dvě místa pro rodiny z ORP.",
        "Řeší se sociálními byty města.",
    ),
    NeedTemplate(
        "capacity",
        "Málo pěstounů na přechodnou dobu v ORP {orp}",
        "foster_care_support",
        "foster_families",
        "Nábor pěstounů přinesl dvě nové rodiny.",
        "Kapacita kraje je dostatečná.",
    ),
    NeedTemplate(
        "funding",
        "Nejisté financování terénní služby pro rodiny od příštího roku",
        "sas_families",
        "families_children",
        "Město schválilo víceletou dotaci.",
        "Služba získala krajskou dotaci.",
    ),
    NeedTemplate(
        "missing_service",
        "Chybí podpora mladých dospělých odcházejících z ústavní péče",
        "halfway_houses",
        "care_leavers",
        "Zahájen program doprovázení mladých dospělých.",
        "Pokryto domem na půl cesty v krajském městě.",
    ),
    NeedTemplate(
        "accessibility",
        "Špatná dopravní dostupnost služeb z obcí na okraji ORP {orp}",
        None,
        None,
        "Služby zavedly terénní formu v obcích.",
        "Mimo možnosti sítě; předáno obcím.",
    ),
    NeedTemplate(
        "staffing",
        "Vysoká fluktuace pracovníků OSPOD v ORP {orp}",
        None,
        None,
        "Zavedena supervize a adaptační plán nových pracovníků.",
        "Personální situace se stabilizovala.",
    ),
    NeedTemplate(
        "missing_service",
        "Chybí odlehčovací služba pro rodiny dětí s postižením",
        "respite_care",
        "disabilities",
        "Diakonie rozšířila odlehčovací službu do ORP.",
        "Pokryto osobní asistencí.",
    ),
]


def visit_texts(rng: random.Random) -> tuple[str, str]:
    """The summary and agreed outcomes of a visit."""
    return " ".join(rng.sample(VISIT_SUMMARIES, 2)), rng.choice(VISIT_OUTCOMES)


def group_texts(rng: random.Random) -> tuple[str, str]:
    """The summary and agreed outcomes of a meeting of several organisations."""
    return " ".join(rng.sample(GROUP_SUMMARIES, 2)), " ".join(rng.sample(GROUP_OUTCOMES, 2))


def case_texts(rng: random.Random) -> tuple[str, str]:
    """The summary and agreed outcomes of a case conference (no names, no dates of birth)."""
    return rng.choice(CASE_SUMMARIES), rng.choice(CASE_OUTCOMES)
