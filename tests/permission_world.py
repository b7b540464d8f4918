"""The world of the permission matrices (through the ORM and the services, and through HTTP) and their oracle.

A small world in two kraje is built through the services; `expected()` and `may_add()` work out, in plain Python from
the one rules table (permissions.rules.RULES) and each row's place, whether a role may act on a row or add one;
`may_give()` and `sees_assignment()` work out from permissions.rules.ASSIGNS who may give, take and see which role
assignment. The world holds, besides one user per role, a holder of every role in each of the three places
(`World.holders`), whose assignments the role-assignment matrix gives and takes.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from guardian.shortcuts import assign_perm

from contacts.models import Contact
from contacts.services import contact_create
from evaluation.collection import report_review, report_save, round_open
from evaluation.models import ActionItem, Indicator, Report
from evaluation.plans import action_item_create
from meetings.models import FollowUp, Meeting, Need, WorkingGroup
from meetings.services import group_create, meeting_create, need_create
from network.models import Case, CaseInvolvement, CooperationLink
from network.services import case_create, case_involvement_add, link_create
from organizations.models import Organization, Service, ServiceKind
from organizations.services import organization_create, service_create
from permissions.models import RoleAssignment
from permissions.roles import Role
from permissions.rules import Level, assigns, level
from permissions.services import role_assign
from territory.models import District

TODAY = datetime.date(2026, 11, 2)
MODELS = {
    "organization": Organization,
    "service": Service,
    "contact": Contact,
    "meeting": Meeting,
    "followup": FollowUp,
    "need": Need,
    "cooperationlink": CooperationLink,
    "case": Case,
    "caseinvolvement": CaseInvolvement,
    "workinggroup": WorkingGroup,
    "report": Report,
    "actionitem": ActionItem,
}
ROLES = [Role.SITAR, Role.PORADCE, Role.OSPOD, Role.VEDOUCI_OSPOD, Role.VEDOUCI, Role.NARODNI]
SUPERUSER = "superuser"
PLACES = ("pe", "ji", "li")


@dataclass
class World:
    users: dict
    rows: dict  # model name → list of rows
    places: dict  # name → District
    orgs: dict
    shared_case: Case
    holders: dict  # (role, place) → that role's assignment in that place, held by a user of its own


def build_world() -> World:
    actor = get_user_model().objects.create_superuser("matrix.admin")
    pe, ji, li = (District.objects.get(code=code) for code in ("6110", "6105", "5105"))
    orgs = {
        "ospod_pe": organization_create(actor=actor, name="OSPOD Pelhřimov", kind="ospod", district=pe),
        "ospod_ji": organization_create(actor=actor, name="OSPOD Jihlava", kind="ospod", district=ji),
        "ospod_li": organization_create(actor=actor, name="OSPOD Liberec", kind="ospod", district=li),
        "ngo_pe": organization_create(actor=actor, name="Spirála Pelhřimov", kind="ngo", district=pe),
        "ngo_ji": organization_create(actor=actor, name="Kamarád Jihlava", kind="ngo", district=ji),
        "ngo_li": organization_create(actor=actor, name="Maják Liberec", kind="ngo", district=li),
    }
    sas = ServiceKind.objects.get(code="sas_families")
    for key in ("ngo_pe", "ngo_ji", "ngo_li"):
        service_create(actor=actor, organization=orgs[key], name=f"SAS {key}", kind=sas)
        contact_create(
            actor=actor,
            organization=orgs[key],
            name=f"Sdílená {key}",
            legal_basis="public_task",
            shareable_with_ospod=True,
        )
        contact_create(actor=actor, organization=orgs[key], name=f"Soukromá {key}", legal_basis="public_task")
    cases = {}
    for place, district in (("pe", pe), ("ji", ji), ("li", li)):
        ospod, ngo = orgs[f"ospod_{place}"], orgs[f"ngo_{place}"]
        case = cases[place] = case_create(
            actor=actor, ospod=ospod, reference=f"OSPOD-{place.upper()}-001", opened_on=TODAY
        )
        case_involvement_add(actor=actor, case=case, organization=ngo, role="social_service")
        visit = meeting_create(
            actor=actor,
            kind="visit",
            title=f"Návštěva {place}",
            held_on=TODAY,
            district=district,
            organizer=ngo,
            organizations=[ngo, ospod],
            followups=[{"description": f"úkol {place}"}],
            needs=[{"title": f"potřeba {place}", "category": "missing_service"}],
        )
        meeting_create(
            actor=actor,
            kind="working_meeting",
            title=f"Porada OSPOD {place}",
            held_on=TODAY,
            district=district,
            organizer=ospod,
            organizations=[ospod, ngo],
            followups=[{"description": f"úkol OSPOD {place}"}],
            needs=[{"title": f"potřeba OSPOD {place}", "category": "capacity"}],
        )
        meeting_create(
            actor=actor,
            kind="case_conference",
            case=case,
            title=f"Případová konference {place}",
            held_on=TODAY,
            district=district,
            organizer=ospod,
            organizations=[ospod, ngo],
            followups=[{"description": f"úkol z konference {place}"}],
            needs=[{"title": f"potřeba z konference {place}", "category": "cooperation"}],
        )
        need_create(actor=actor, district=district, title=f"potřeba bez schůzky {place}", category="other")
        link_create(actor=actor, source=ngo, target=ospod, kind="referral", evidence=[visit])
        link_create(actor=actor, source=ospod, target=ngo, kind="case_cooperation")
        group_create(
            actor=actor,
            name=f"Platforma {place}",
            kind="platform",
            district=district,
            organizations=[ospod, ngo],
            contacts=list(ngo.contacts.all()),
        )
    link_create(actor=actor, source=orgs["ngo_ji"], target=orgs["ngo_pe"], kind="joint_activity")
    # A round of collection: the Pelhřimov OSPOD's form approved, Liberec's submitted, Jihlava's being filled.
    asked = list(Indicator.objects.filter(code__in=("children_in_records", "new_cases")))
    collection = round_open(actor=actor, period="2026/2", deadline=TODAY, indicators=asked, today=TODAY)
    full = {indicator.pk: 10 for indicator in asked}
    for place in ("pe", "li"):
        form = collection.reports.get(ospod=orgs[f"ospod_{place}"])
        report_save(actor=actor, report=form, values=full, comments={}, submit=True)
    report_review(actor=actor, report=collection.reports.get(ospod=orgs["ospod_pe"]), approve=True)
    # Action plans: a step of each ORP's plan and one of each kraj's own.
    for place in PLACES:
        action_item_create(actor=actor, district=(pe, ji, li)[PLACES.index(place)], recommendation=f"krok {place}")
    for region in (pe.region, li.region):
        action_item_create(actor=actor, region=region, recommendation=f"krok kraje {region.code}")

    users = {}
    scopes = {
        Role.SITAR: {"district": pe},
        Role.PORADCE: {"region": pe.region},
        Role.OSPOD: {"organization": orgs["ospod_ji"]},
        Role.VEDOUCI_OSPOD: {"organization": orgs["ospod_ji"]},
        Role.VEDOUCI: {"region": pe.region},
        Role.NARODNI: {},
    }
    for role, scope in scopes.items():
        users[role] = get_user_model().objects.create_user(f"matrix.{role}")
        role_assign(actor=actor, user=users[role], role=role, **scope)
    users[SUPERUSER] = actor
    # A case shared explicitly: the sitar of Pelhřimov may see (not change) the Liberec case.
    assign_perm("network.view_case", users[Role.SITAR], cases["li"])
    rows = {name: list(model.objects.all()) for name, model in MODELS.items()}
    world = World(
        users=users, rows=rows, places={"pe": pe, "ji": ji, "li": li}, orgs=orgs, shared_case=cases["li"], holders={}
    )
    for role in Role.values:
        for place in PLACES if role != Role.NARODNI else ("pe",):
            holder = get_user_model().objects.create_user(f"matrix.holder.{role}.{place}")
            world.holders[role, place] = role_assign(
                actor=actor, user=holder, role=role, **role_scope(world, role, place)
            )
    return world


def role_scope(world: World, role: str, place: str) -> dict:
    """The scope keywords of role_assign for a role held in a place (pe / ji / li)."""
    district, ospod = world.places[place], world.orgs[f"ospod_{place}"]
    return {
        Role.SITAR: {"district": district},
        Role.PORADCE: {"region": district.region},
        Role.VEDOUCI: {"region": district.region},
        Role.OSPOD: {"organization": ospod},
        Role.VEDOUCI_OSPOD: {"organization": ospod},
        Role.NARODNI: {},
    }[role]


# ------------------------------------------------------------------------------------------------ the oracle --


def _case_of(model: str, row) -> Case | None:
    return {
        "case": lambda: row,
        "caseinvolvement": lambda: row.case,
        "meeting": lambda: row.case,
        "followup": lambda: row.meeting.case,
        "need": lambda: row.raised_in.case if row.raised_in_id else None,
    }.get(model, lambda: None)()


def _ospods_of(model: str, row) -> set[int]:
    return {
        "meeting": lambda: {row.organizer_id},
        "followup": lambda: {row.meeting.organizer_id},
        "need": lambda: {row.raised_in.organizer_id} if row.raised_in_id else set(),
        "cooperationlink": lambda: {row.source_id, row.target_id},
        "case": lambda: {row.ospod_id},
        "caseinvolvement": lambda: {row.case.ospod_id},
        "report": lambda: {row.ospod_id},
    }.get(model, set)()


def _assignment(world: World, role: str) -> dict:
    """Where the role of the world's user reaches: its region, district and OSPOD."""
    pe, ospod = world.places["pe"], world.orgs["ospod_ji"]
    return {
        Role.SITAR: {"region": pe.region_id, "district": pe.pk, "ospod": None},
        Role.PORADCE: {"region": pe.region_id, "district": None, "ospod": None},
        Role.OSPOD: {"region": ospod.region_id, "district": ospod.district_id, "ospod": ospod.pk},
        Role.VEDOUCI_OSPOD: {"region": ospod.region_id, "district": ospod.district_id, "ospod": ospod.pk},
        Role.VEDOUCI: {"region": pe.region_id, "district": None, "ospod": None},
        Role.NARODNI: {"region": None, "district": None, "ospod": None},
    }[role]


def expected(world: World, role: str, model: str, action: str, row) -> bool:
    """Whether the rules table lets the role act on the row, worked out without SQL."""
    where = _assignment(world, role)
    case = _case_of(model, row)
    if model in ("case", "caseinvolvement") or case is not None:
        own = level(role, "case", action) is Level.OWN_OSPOD and case.ospod_id == where["ospod"]
        shared = role == Role.SITAR and action == "view" and case.pk == world.shared_case.pk
        # A case conference (and what hangs on it) is written only within its case's kraj.
        placed = (
            model in ("case", "caseinvolvement") or action not in ("add", "change") or row.region_id == case.region_id
        )
        return (own or shared) and placed
    at = level(role, model, action)
    if at is None:
        return False
    return {
        Level.ALL: lambda: True,
        Level.REGION: lambda: row.region_id == where["region"],
        Level.DISTRICT: lambda: row.district_id == where["district"],
        Level.REGION_SHAREABLE: lambda: row.region_id == where["region"] and row.shareable_with_ospod,
        Level.OWN_OSPOD: lambda: where["ospod"] in _ospods_of(model, row),
        Level.OWN_OSPOD_IN_REGION: lambda: (
            where["ospod"] in _ospods_of(model, row) and row.region_id == where["region"]
        ),
        Level.APPROVED: lambda: row.status == "approved",
    }[at]()


def may_add(world: World, role: str, model: str, place: str, owner: str | None = None) -> bool:
    """Whether the role may add a record of the model placed in `place`, belonging to the OSPOD of `owner` (by default
    that of the place)."""
    district, ospod = world.places[place], world.orgs[f"ospod_{owner or place}"]
    where = _assignment(world, role)
    if model in ("case", "caseinvolvement"):
        return level(role, model, "add") is Level.OWN_OSPOD and ospod.pk == where["ospod"]
    at = level(role, model, "add")
    return {
        None: False,
        Level.ALL: True,
        Level.REGION: district.region_id == where["region"],
        Level.DISTRICT: district.pk == where["district"],
        Level.OWN_OSPOD: ospod.pk == where["ospod"],
        Level.OWN_OSPOD_IN_REGION: ospod.pk == where["ospod"] and district.region_id == where["region"],
    }[at]


# ----------------------------------------------------------------------------- the oracle of role assignments --


def _place_of(world: World, assignment: RoleAssignment) -> tuple[int | None, int | None]:
    """(kraj, OSPOD) of an assignment's scope, read from the world's places rather than from SQL."""
    if assignment.organization_id:
        ospod = next(o for o in world.orgs.values() if o.pk == assignment.organization_id)
        return ospod.region_id, ospod.pk
    if assignment.district_id:
        return next(d.region_id for d in world.places.values() if d.pk == assignment.district_id), None
    return assignment.region_id, None


def may_give(world: World, giver: str, assignment: RoleAssignment) -> bool:
    """Whether the world's user of role `giver` (or the superuser) may give, or take, this assignment: never one's
    own; a superuser any other; else where permissions.rules.ASSIGNS lets the giver's role give the assignment's."""
    if assignment.user_id == world.users[giver].pk:
        return False
    if giver == SUPERUSER:
        return True
    region, ospod = _place_of(world, assignment)
    where = _assignment(world, giver)
    return {
        None: False,
        Level.REGION: region is not None and region == where["region"],
        Level.OWN_OSPOD: ospod is not None and ospod == where["ospod"],
    }[assigns(giver, assignment.role)]


def sees_assignment(world: World, viewer: str, assignment: RoleAssignment) -> bool:
    """Whether the viewer sees the assignment: their own, any (superuser), or any held in the kraj (a role that gives
    roles there) or at the OSPOD (a role that gives roles there) of the viewer's assignment."""
    if viewer == SUPERUSER or assignment.user_id == world.users[viewer].pk:
        return True
    region, ospod = _place_of(world, assignment)
    where = _assignment(world, viewer)
    levels = {assigns(viewer, role) for role in Role.values} - {None}
    return (Level.REGION in levels and region == where["region"]) or (
        Level.OWN_OSPOD in levels and ospod is not None and ospod == where["ospod"]
    )


def may_merge(world: World, role: str, first, second) -> bool:
    """Whether the role may merge the two organisations: both within its "merge" rule's reach (a superuser: any)."""
    if role == SUPERUSER:
        return True
    return all(expected(world, role, "organization", "merge", row) for row in (first, second))
