"""The archetypes: the kinds of actors a local network is made of, with the services each may offer and who works
there (see demo.catalogue)."""

import random
from dataclasses import dataclass

from demo.catalogue.services import (
    ASSISTANCE,
    CHILDCARE,
    CLUBS,
    CONTACT_CENTRE,
    COUNSELLING,
    CRISIS,
    DEBT,
    EARLY,
    FAMILY_THERAPY,
    FIELD,
    FOSTER,
    HALFWAY,
    HELPLINE,
    HOME_CARE,
    HOUSING,
    INTERVENTION,
    LEGAL,
    NZDM,
    PAEDIATRIC,
    PARENT_CHILD,
    POLICE_PREVENTION,
    PPP,
    PREVENTION,
    PROBATION,
    PSYCHIATRY,
    PSYCHOLOGY,
    RESPITE,
    SAS,
    SCHOOL_CLUB,
    SCHOOL_PREVENTION,
    SHELTER,
    SPC,
    SVP,
    WARD,
    ZDVOP,
    ServiceSpec,
    maybe,
)
from organizations.models import OrganizationKind as K


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


def chosen_services(archetype: Archetype, rng: random.Random) -> list[ServiceSpec]:
    """The services one organisation of the archetype offers (each optional one by its chance)."""
    return [spec for spec in archetype.services if rng.random() < spec.chance]
