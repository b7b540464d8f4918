"""The permission matrix: every role × every scoped model × every action × {in scope, out of scope}.

Generated from the one rules table (permissions.rules.RULES). A small world in two kraje is built through the services;
for each case the expected rows are worked out here, in plain Python from the table and each row's place (region,
district, owning OSPOD, case), and compared with what `restrict()` returns in SQL. The writes are then tried through
the services: allowed in scope, refused out of scope.
"""
import datetime
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from guardian.shortcuts import assign_perm

from contacts.models import Contact
from contacts.services import contact_create, contact_update
from meetings.models import FollowUp, Meeting, Need
from meetings.services import followup_create, followup_update, meeting_create, meeting_update, need_create, need_update
from network.common import OutOfScope
from network.models import Case, CaseInvolvement, CooperationLink, District
from network.services import case_create, case_involvement_add, case_involvement_remove, case_update, link_create, \
    link_update
from organizations.models import Organization, Service, ServiceKind
from organizations.services import organization_create, organization_update, organization_verify, service_create, \
    service_update
from permissions.roles import Role
from permissions.rules import ACTIONS, RULES, SCOPED_MODELS, Level, level
from permissions.services import role_assign

TODAY = datetime.date(2026, 11, 2)
MODELS = {
    "organization": Organization, "service": Service, "contact": Contact, "meeting": Meeting, "followup": FollowUp,
    "need": Need, "cooperationlink": CooperationLink, "case": Case, "caseinvolvement": CaseInvolvement,
}
ROLES = [Role.SITAR, Role.PORADCE, Role.OSPOD, Role.VEDOUCI, Role.NARODNI]


@dataclass
class World:
    users: dict
    rows: dict  # model name → list of rows
    places: dict  # name → District
    orgs: dict
    shared_case: Case


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module inside a transaction that is rolled back at its end; each test runs in a savepoint."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _build_world()
        transaction.set_rollback(True)


def _build_world() -> World:
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
        contact_create(actor=actor, organization=orgs[key], name=f"Sdílená {key}", legal_basis="public_task",
                       shareable_with_ospod=True)
        contact_create(actor=actor, organization=orgs[key], name=f"Soukromá {key}", legal_basis="public_task")
    cases = {}
    for place, district in (("pe", pe), ("ji", ji), ("li", li)):
        ospod, ngo = orgs[f"ospod_{place}"], orgs[f"ngo_{place}"]
        case = cases[place] = case_create(actor=actor, ospod=ospod, reference=f"OSPOD-{place.upper()}-001",
                                          opened_on=TODAY)
        case_involvement_add(actor=actor, case=case, organization=ngo, role="social_service")
        visit = meeting_create(actor=actor, kind="visit", title=f"Návštěva {place}", held_on=TODAY, district=district,
                               organizer=ngo, organizations=[ngo, ospod],
                               followups=[{"description": f"úkol {place}"}],
                               needs=[{"title": f"potřeba {place}", "category": "missing_service"}])
        meeting_create(actor=actor, kind="working_meeting", title=f"Porada OSPOD {place}", held_on=TODAY,
                       district=district, organizer=ospod, organizations=[ospod, ngo],
                       followups=[{"description": f"úkol OSPOD {place}"}],
                       needs=[{"title": f"potřeba OSPOD {place}", "category": "capacity"}])
        meeting_create(actor=actor, kind="case_conference", case=case, title=f"Případová konference {place}",
                       held_on=TODAY, district=district, organizer=ospod, organizations=[ospod, ngo],
                       followups=[{"description": f"úkol z konference {place}"}],
                       needs=[{"title": f"potřeba z konference {place}", "category": "cooperation"}])
        need_create(actor=actor, district=district, title=f"potřeba bez schůzky {place}", category="other")
        link_create(actor=actor, source=ngo, target=ospod, kind="referral", evidence=[visit])
        link_create(actor=actor, source=ospod, target=ngo, kind="case_cooperation")
    link_create(actor=actor, source=orgs["ngo_ji"], target=orgs["ngo_pe"], kind="joint_activity")

    users = {}
    scopes = {Role.SITAR: {"district": pe}, Role.PORADCE: {"region": pe.region}, Role.OSPOD:
              {"organization": orgs["ospod_ji"]}, Role.VEDOUCI: {"region": pe.region}, Role.NARODNI: {}}
    for role, scope in scopes.items():
        users[role] = get_user_model().objects.create_user(f"matrix.{role}")
        role_assign(actor=actor, user=users[role], role=role, **scope)
    # A case shared explicitly: the sitar of Pelhřimov may see (not change) the Liberec case.
    assign_perm("network.view_case", users[Role.SITAR], cases["li"])
    rows = {name: list(model.objects.all()) for name, model in MODELS.items()}
    return World(users=users, rows=rows, places={"pe": pe, "ji": ji, "li": li}, orgs=orgs, shared_case=cases["li"])


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
    }.get(model, set)()


def _assignment(world: World, role: str) -> dict:
    """Where the role of the world's user reaches: its region, district and OSPOD."""
    pe, ospod = world.places["pe"], world.orgs["ospod_ji"]
    return {
        Role.SITAR: {"region": pe.region_id, "district": pe.pk, "ospod": None},
        Role.PORADCE: {"region": pe.region_id, "district": None, "ospod": None},
        Role.OSPOD: {"region": ospod.region_id, "district": ospod.district_id, "ospod": ospod.pk},
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
        return own or shared
    at = level(role, model, action)
    if at is None:
        return False
    return {
        Level.ALL: lambda: True,
        Level.REGION: lambda: row.region_id == where["region"],
        Level.DISTRICT: lambda: row.district_id == where["district"],
        Level.REGION_SHAREABLE: lambda: row.region_id == where["region"] and row.shareable_with_ospod,
        Level.OWN_OSPOD: lambda: where["ospod"] in _ospods_of(model, row),
    }[at]()


MATRIX = [(role, model, action) for role in ROLES for model in SCOPED_MODELS for action in ACTIONS]


@pytest.mark.django_db
@pytest.mark.parametrize("role,model,action", MATRIX, ids=["-".join(case) for case in MATRIX])
def test_restrict_returns_exactly_the_rows_the_rules_table_allows(world, role, model, action):
    user = world.users[role]
    rows = world.rows[model]
    allowed = {row.pk for row in rows if expected(world, role, model, action, row)}
    denied = {row.pk for row in rows} - allowed
    got = set(MODELS[model].objects.restrict(user, action).values_list("pk", flat=True))
    assert got == allowed
    # Both sides of the matrix are exercised wherever the table gives the role any reach.
    if level(role, model, action) not in (None, Level.ALL):
        assert allowed and denied


def test_the_rules_table_covers_every_role_with_only_known_models_and_actions():
    for role, models in RULES.items():
        assert role in Role.values
        for model, actions in models.items():
            assert model in SCOPED_MODELS
            assert set(actions) <= set(ACTIONS)


@pytest.mark.django_db
@pytest.mark.parametrize("action", ACTIONS)
def test_an_administrator_reaches_every_row(world, action):
    admin = get_user_model().objects.get(username="matrix.admin")
    for model, rows in world.rows.items():
        assert MODELS[model].objects.restrict(admin, action).count() == len(rows)


# ------------------------------------------------------------------------------------ writes through services --

def _fresh(rows: list) -> list:
    """The rows as stored now (a test writes to its own copies; the world's instances stay as built)."""
    return [type(row).objects.get(pk=row.pk) for row in rows]


UPDATES = {
    "organization": lambda actor, row: organization_update(actor=actor, organization=row, data={"description": "x"}),
    "service": lambda actor, row: service_update(actor=actor, service=row, data={"description": "x"}),
    "contact": lambda actor, row: contact_update(actor=actor, contact=row, data={"position": "x"}),
    "meeting": lambda actor, row: meeting_update(actor=actor, meeting=row, data={"summary": "x"}),
    "followup": lambda actor, row: followup_update(actor=actor, followup=row, data={"description": "x"}),
    "need": lambda actor, row: need_update(actor=actor, need=row, data={"description": "x"}),
    "cooperationlink": lambda actor, row: link_update(actor=actor, link=row, data={"note": "x"}),
    "case": lambda actor, row: case_update(actor=actor, case=row, data={"status": "open"}),
}
CHANGES = [(role, model) for role in ROLES for model in UPDATES]


@pytest.mark.django_db
@pytest.mark.parametrize("role,model", CHANGES, ids=["-".join(case) for case in CHANGES])
def test_services_change_only_what_the_rules_table_allows(world, role, model):
    user = world.users[role]
    for row in _fresh(world.rows[model]):
        if expected(world, role, model, "change", row):
            UPDATES[model](user, row)
        else:
            with pytest.raises(OutOfScope):
                UPDATES[model](user, row)


def _add(world: World, user, model: str, place: str):
    """Create one record of the model in the given place (pe / ji / li) as the user."""
    district, ngo, ospod = world.places[place], world.orgs[f"ngo_{place}"], world.orgs[f"ospod_{place}"]
    meeting = Meeting.objects.filter(district=district, case__isnull=True, organizer=ospod).first()
    case = Case.objects.get(ospod=ospod)
    return {
        "organization": lambda: organization_create(actor=user, name="Nová", kind="ngo", district=district),
        "service": lambda: service_create(actor=user, organization=ngo, name="Nová služba",
                                          kind=ServiceKind.objects.get(code="crisis_help")),
        "contact": lambda: contact_create(actor=user, organization=ngo, name="Nový", legal_basis="public_task"),
        "meeting": lambda: meeting_create(actor=user, kind="visit", title="Nová", held_on=TODAY, district=district,
                                          organizer=ospod, organizations=[ospod]),
        "followup": lambda: followup_create(actor=user, meeting=meeting, description="nový úkol"),
        "need": lambda: need_create(actor=user, district=district, title="nová", category="other", raised_in=meeting),
        "cooperationlink": lambda: link_create(actor=user, source=ospod, target=ngo, kind="funding"),
        "case": lambda: case_create(actor=user, ospod=ospod, reference="OSPOD-NOVY-9", opened_on=TODAY),
        "caseinvolvement": lambda: case_involvement_add(actor=user, case=case, organization=world.orgs["ospod_pe"]
                                                        if place != "pe" else world.orgs["ngo_ji"], role="other"),
    }[model]()


def _may_add(world: World, role: str, model: str, place: str) -> bool:
    district, ospod = world.places[place], world.orgs[f"ospod_{place}"]
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
    }[at]


ADDS = [(role, model, place) for role in ROLES for model in SCOPED_MODELS for place in ("pe", "ji", "li")]


@pytest.mark.django_db
@pytest.mark.parametrize("role,model,place", ADDS, ids=["-".join(case) for case in ADDS])
def test_services_add_only_where_the_rules_table_allows(world, role, model, place):
    model_class = MODELS[model]
    before = model_class.objects.count()
    if _may_add(world, role, model, place):
        _add(world, world.users[role], model, place)
        assert model_class.objects.count() == before + 1
    else:
        with pytest.raises(ValidationError) as refused:
            _add(world, world.users[role], model, place)
        assert model_class._meta.get_field(model_class.scope_field).name in refused.value.message_dict
        assert model_class.objects.count() == before


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_only_roles_with_the_verify_rule_verify_organisations_and_only_in_reach(world, role):
    user = world.users[role]
    for organization in _fresh(world.rows["organization"]):
        if expected(world, role, "organization", "verify", organization):
            organization_verify(actor=user, organization=organization)
        else:
            with pytest.raises(OutOfScope):
                organization_verify(actor=user, organization=organization)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_only_the_owning_ospod_removes_an_organisation_from_its_case(world, role):
    user = world.users[role]
    for involvement in _fresh(world.rows["caseinvolvement"]):
        if expected(world, role, "caseinvolvement", "delete", involvement):
            case_involvement_remove(actor=user, involvement=involvement)
        else:
            with pytest.raises(OutOfScope):
                case_involvement_remove(actor=user, involvement=involvement)
