"""What the regional generators share: the plans of the demo kraje, the members of their networks and the World that
holds them (see demo.regional); the kinds of organisations that are public bodies and the role each kind plays in a case
are the national benchmark's too."""

import datetime
import random
from dataclasses import dataclass, field

from demo.catalogue.archetypes import Archetype
from demo.users import JIHLAVA, JIHLAVA_OSPOD_NAME, LIBEREC, LIBERECKY, PELHRIMOV, VYSOCINA
from network.models import InvolvementRole
from organizations.models import Organization, OrganizationKind
from territory.models import District

PUBLIC_KINDS = {
    OrganizationKind.OSPOD,
    OrganizationKind.POLICE,
    OrganizationKind.COURT,
    OrganizationKind.MUNICIPALITY,
    OrganizationKind.LABOUR_OFFICE,
    OrganizationKind.SCHOOL,
    OrganizationKind.SCHOOL_COUNSELLING,
}
# The role an organisation of each kind plays in a case.
INVOLVEMENT_ROLES = {
    OrganizationKind.NGO: InvolvementRole.SOCIAL_SERVICE,
    OrganizationKind.SOCIAL_SERVICE_PROVIDER: InvolvementRole.SOCIAL_SERVICE,
    OrganizationKind.CHURCH_CHARITY: InvolvementRole.SOCIAL_SERVICE,
    OrganizationKind.SCHOOL: InvolvementRole.SCHOOL,
    OrganizationKind.SCHOOL_COUNSELLING: InvolvementRole.COUNSELLING,
    OrganizationKind.HEALTH: InvolvementRole.HEALTH,
    OrganizationKind.POLICE: InvolvementRole.POLICE,
    OrganizationKind.COURT: InvolvementRole.COURT,
    OrganizationKind.FOSTER_CARE_AGENCY: InvolvementRole.FOSTER_CARE,
    OrganizationKind.MUNICIPALITY: InvolvementRole.MUNICIPALITY,
}


@dataclass(frozen=True)
class RegionPlan:
    """How a kraj is drawn: in depth or lightly, and the local facts a believable network needs."""

    code: str
    full: bool  # in depth (every kind of actor in every ORP) or lightly
    seat: str  # the ORP of the regional seat, where the kraj-wide organisations sit
    genitive: str  # "Krajský úřad Kraje Vysočina"
    statutory: dict[str, str]  # ORP of a statutory city → the name of its OSPOD (at the magistrát)
    okres_seats: dict[str, str]  # ORP of an okres seat (court, PPP, hospital) → the locative in the court's name
    sizes: dict[str, int]  # ORP → 1 or more for the bigger towns (more schools and NGOs); 0 when missing
    kraj_wide: tuple[str, ...]  # archetypes of the organisations that serve the whole kraj
    case_abbreviations: dict[str, str] = field(default_factory=dict)  # ORP → the OSPOD's case prefix


PLANS = [
    RegionPlan(
        code=VYSOCINA,
        full=True,
        seat=JIHLAVA,
        genitive="Kraje Vysočina",
        statutory={JIHLAVA: JIHLAVA_OSPOD_NAME},
        okres_seats={
            JIHLAVA: "v Jihlavě",
            "6102": "v Havlíčkově Brodě",
            PELHRIMOV: "v Pelhřimově",
            "6113": "v Třebíči",
            "6115": "ve Žďáru nad Sázavou",
        },
        sizes={
            JIHLAVA: 3,
            "6113": 3,
            "6102": 2,
            "6115": 2,
            PELHRIMOV: 2,
            "6114": 1,
            "6108": 1,
            "6103": 1,
            "6104": 1,
            "6101": 1,
            "6106": 1,
            "6111": 1,
        },
        kraj_wide=(
            "intervention",
            "early_care",
            "foster",
            "foster",
            "foster",
            "foster",
            "svp",
            "svp",
            "spc",
            "spc",
            "zdvop",
            "diakonie",
            "diakonie",
            "crisis",
            "shelter",
            "counselling",
        ),
        case_abbreviations={PELHRIMOV: "PE", JIHLAVA: "JI"},
    ),
    RegionPlan(
        code=LIBERECKY,
        full=False,
        seat=LIBEREC,
        genitive="Libereckého kraje",
        statutory={LIBEREC: "Magistrát města Liberec – OSPOD", "5103": "Magistrát města Jablonec nad Nisou – OSPOD"},
        okres_seats={
            "5101": "v České Lípě",
            "5103": "v Jablonci nad Nisou",
            LIBEREC: "v Liberci",
            "5107": "v Semilech",
        },
        sizes={LIBEREC: 2, "5101": 2, "5103": 1},
        kraj_wide=("intervention", "early_care", "foster", "foster", "sas"),
    ),
]


@dataclass
class Member:
    """An organisation of the demo's networks and what the generators need to know about it."""

    organization: Organization
    archetype: Archetype
    brand: str
    level: str  # "orp", "okres" or "kraj": how far it reaches
    served: set[int] = field(default_factory=set)
    contacts: list = field(default_factory=list)


@dataclass
class World:
    """Everything the regional generators share: the random source, the dates, the users and the members created."""

    rng: random.Random
    today: datetime.date
    users: dict
    regions: dict = field(default_factory=dict)
    districts: dict = field(default_factory=dict)
    members: list[Member] = field(default_factory=list)
    cases: list = field(default_factory=list)

    @property
    def start(self) -> datetime.date:
        return self.today - datetime.timedelta(days=730)

    def actor_for(self, district: District):
        """The demo user who records what happens in a district: its síťař, else Vysočina's advisor; Liberecký kraj
        has no advisor among the demo users (its lead only reviews), so the administrator records the rest there."""
        by_district = {PELHRIMOV: "sitar.pelhrimov", JIHLAVA: "sitar.jihlava", LIBEREC: "sitar.liberec"}
        if district.code in by_district:
            return self.users[by_district[district.code]]
        if district.region_id == self.regions[VYSOCINA].pk:
            return self.users["poradce.vysocina"]
        return self.users["admin"]

    def regional_user(self, region_id: int):
        """The demo user who runs the kraj's platforms: Vysočina's advisor, else whoever records in the kraj's seat."""
        if region_id == self.regions[VYSOCINA].pk:
            return self.users["poradce.vysocina"]
        return self.actor_for(self.districts[self.plan_of(region_id).seat])

    def ospod_of(self, district: District) -> Member:
        """The OSPOD of an ORP (not the kraj's office, which also sits in the regional seat)."""
        return next(
            member
            for member in self.members
            if member.organization.kind == OrganizationKind.OSPOD
            and member.level == "orp"
            and member.organization.district_id == district.pk
        )

    @property
    def districts_by_pk(self) -> dict:
        return {district.pk: district for district in self.districts.values()}

    def plan_of(self, region_id: int) -> "RegionPlan":
        """The plan of a demo kraj."""
        return next(plan for plan in PLANS if self.regions[plan.code].pk == region_id)
