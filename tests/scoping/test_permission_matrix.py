"""The permission matrix: every role × every scoped model × every action × {in scope, out of scope}.

Generated from the one rules table (permissions.rules.RULES). A small world in two kraje is built through the services;
for each case the expected rows are worked out here, in plain Python from the table and each row's place (region,
district, owning OSPOD, case), and compared with what `restrict()` returns in SQL. The writes are then tried through
the services: allowed in scope, refused out of scope. The world and the oracle live in tests/permission_world.py (the
HTTP matrix uses them too); the `world` fixture is in conftest.py.

The second table, who gives and takes roles (permissions.rules.ASSIGNS), has its matrix at the end: every role and a
superuser × every role × every place, giving it to somebody else and to themselves, and taking every assignment.
"""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from contacts.services import contact_create, contact_update
from core.errors import OutOfScope
from duplicates.merge import CHOICES, merge_organizations
from evaluation.collection import report_review, report_save
from evaluation.plans import action_item_create, action_item_update
from meetings.models import Meeting
from meetings.services import (
    followup_create,
    followup_update,
    group_create,
    group_update,
    meeting_create,
    meeting_update,
    need_create,
    need_update,
)
from network.models import Case
from network.services import (
    case_create,
    case_involvement_add,
    case_involvement_remove,
    case_update,
    link_create,
    link_update,
)
from organizations.models import Organization, OrganizationMerge, ServiceKind
from organizations.services import (
    organization_create,
    organization_update,
    organization_verify,
    service_create,
    service_update,
)
from permissions.models import RoleAssignment
from permissions.roles import Role
from permissions.rules import ACTIONS, ASSIGNS, DISTRICT_RECORDS, NATIONAL_TABLES, RULES, SCOPED_MODELS, Level, level
from permissions.services import role_assign, role_revoke
from tests.permission_world import (
    MODELS,
    PLACES,
    ROLES,
    SUPERUSER,
    TODAY,
    World,
    expected,
    may_add,
    may_give,
    may_merge,
    role_scope,
    sees_assignment,
)

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
    assert set(RULES) == set(Role.values) == set(ROLES)
    for _role, models in RULES.items():
        for model, actions in models.items():
            assert model in SCOPED_MODELS + DISTRICT_RECORDS + NATIONAL_TABLES
            assert set(actions) <= set(ACTIONS)


def test_the_table_of_who_gives_roles_names_known_roles_in_known_places():
    for giver, given in ASSIGNS.items():
        assert giver in Role.values and set(given) <= set(Role.values)
        assert set(given.values()) <= {Level.REGION, Level.OWN_OSPOD}


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
    "workinggroup": lambda actor, row: group_update(actor=actor, group=row, data={"description": "x"}),
    # An OSPOD's form: its values (the form being filled; a decided one is refused by field, tests/evaluation).
    "report": lambda actor, row: report_save(actor=actor, report=row, values={}, comments={}),
    "actionitem": lambda actor, row: action_item_update(actor=actor, item=row, data={"step": "x"}),
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
        "service": lambda: service_create(
            actor=user, organization=ngo, name="Nová služba", kind=ServiceKind.objects.get(code="crisis_help")
        ),
        "contact": lambda: contact_create(actor=user, organization=ngo, name="Nový", legal_basis="public_task"),
        "meeting": lambda: meeting_create(
            actor=user,
            kind="visit",
            title="Nová",
            held_on=TODAY,
            district=district,
            organizer=ospod,
            organizations=[ospod],
        ),
        "followup": lambda: followup_create(actor=user, meeting=meeting, description="nový úkol"),
        "need": lambda: need_create(actor=user, district=district, title="nová", category="other", raised_in=meeting),
        "cooperationlink": lambda: link_create(actor=user, source=ospod, target=ngo, kind="funding"),
        "case": lambda: case_create(actor=user, ospod=ospod, reference="OSPOD-NOVY-9", opened_on=TODAY),
        "caseinvolvement": lambda: case_involvement_add(
            actor=user,
            case=case,
            organization=world.orgs["ospod_pe"] if place != "pe" else world.orgs["ngo_ji"],
            role="other",
        ),
        # Without members: a member out of the user's sight is refused on its own field (tests/directory).
        "workinggroup": lambda: group_create(actor=user, name="Nová skupina", kind="working_group", district=district),
        "actionitem": lambda: action_item_create(actor=user, district=district, recommendation="nový krok"),
    }[model]()


# An OSPOD's form is never added by a user: opening a round gives every OSPOD its form (tests/evaluation).
ADDED = [model for model in SCOPED_MODELS if model != "report"]
ADDS = [(role, model, place) for role in ROLES for model in ADDED for place in ("pe", "ji", "li")]


def test_no_role_adds_an_ospods_form():
    assert all(level(role, "report", "add") is None for role in ROLES)


@pytest.mark.django_db
@pytest.mark.parametrize("role,model,place", ADDS, ids=["-".join(case) for case in ADDS])
def test_services_add_only_where_the_rules_table_allows(world, role, model, place):
    model_class = MODELS[model]
    before = model_class.objects.count()
    if may_add(world, role, model, place):
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


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_only_the_kraj_reviews_the_forms_of_its_ospods(world, role):
    user = world.users[role]
    for report in _fresh(world.rows["report"]):
        if expected(world, role, "report", "review", report):
            if report.status == "submitted":
                report_review(actor=user, report=report, approve=False, note="opravit")
            else:
                with pytest.raises(ValidationError):  # reached, but only a submitted form is decided
                    report_review(actor=user, report=report, approve=True)
        else:
            with pytest.raises(OutOfScope):
                report_review(actor=user, report=report, approve=True)


PLAN_PLACES = [(role, region) for role in ROLES for region in ("pe", "li")]


@pytest.mark.django_db
@pytest.mark.parametrize("role,place", PLAN_PLACES, ids=["-".join(case) for case in PLAN_PLACES])
def test_a_step_of_a_whole_krajs_plan_is_added_only_by_a_kraj_role_of_that_kraj(world, role, place):
    region = world.places[place].region
    before = MODELS["actionitem"].objects.count()
    where_ = level(role, "actionitem", "add")
    allowed = where_ is Level.ALL or (where_ is Level.REGION and region.pk == world.places["pe"].region_id)
    if allowed:
        action_item_create(actor=world.users[role], region=region, recommendation="krok kraje")
        assert MODELS["actionitem"].objects.count() == before + 1
    else:
        with pytest.raises(ValidationError) as refused:
            action_item_create(actor=world.users[role], region=region, recommendation="krok kraje")
        assert "district" in refused.value.message_dict
        assert MODELS["actionitem"].objects.count() == before


# ---------------------------------------------------------------- records of one's own OSPOD placed elsewhere --

ELSEWHERE = [(role, model, place) for role in ROLES for model in ("meeting", "need") for place in PLACES]


@pytest.mark.django_db
@pytest.mark.parametrize("role,model,place", ELSEWHERE, ids=["-".join(case) for case in ELSEWHERE])
def test_services_place_a_record_of_the_jihlava_ospod_only_where_the_rules_table_allows(world, role, model, place):
    """What an OSPOD adds stays in its territory: a meeting of the Jihlava OSPOD, and a need raised in one, placed in
    each place in turn."""
    user, ospod, district = world.users[role], world.orgs["ospod_ji"], world.places[place]
    own_meeting = Meeting.objects.filter(organizer=ospod, case__isnull=True).first()
    model_class = MODELS[model]
    before = model_class.objects.count()

    def add():
        if model == "meeting":
            return meeting_create(
                actor=user,
                kind="visit",
                title="Jinde",
                held_on=TODAY,
                district=district,
                organizer=ospod,
                organizations=[ospod],
            )
        return need_create(actor=user, district=district, title="jinde", category="other", raised_in=own_meeting)

    if may_add(world, role, model, place, owner="ji"):
        add()
        assert model_class.objects.count() == before + 1
    else:
        with pytest.raises(ValidationError) as refused:
            add()
        assert "district" in refused.value.message_dict
        assert model_class.objects.count() == before


# --------------------------------------------------------------------------------- who gives and takes roles --

GIVERS = [*ROLES, SUPERUSER]
GIVER_ACTIONS = [(giver, action) for giver in GIVERS for action in ("view", "change", "delete")]


@pytest.mark.django_db
@pytest.mark.parametrize("giver,action", GIVER_ACTIONS, ids=["-".join(case) for case in GIVER_ACTIONS])
def test_restrict_returns_exactly_the_role_assignments_the_rules_allow(world, giver, action):
    user = world.users[giver]
    rows = list(RoleAssignment.objects.all())
    oracle = sees_assignment if action == "view" else may_give
    allowed = {row.pk for row in rows if oracle(world, giver, row)}
    assert set(RoleAssignment.objects.restrict(user, action).values_list("pk", flat=True)) == allowed
    # One's own assignments are seen, and never taken.
    own = {row.pk for row in rows if row.user_id == user.pk}
    assert own <= allowed if action == "view" else not own & allowed


GIVINGS = [
    (giver, role, place)
    for giver in GIVERS
    for role in Role.values
    for place in PLACES
    if role != Role.NARODNI or place == "pe"
]


@pytest.mark.django_db
@pytest.mark.parametrize("giver,role,place", GIVINGS, ids=["-".join(case) for case in GIVINGS])
def test_role_assign_gives_a_role_to_somebody_else_only_where_the_rules_allow(world, giver, role, place):
    newcomer = get_user_model().objects.create_user(f"matrix.newcomer.{giver}.{role}.{place}")
    scope = role_scope(world, role, place)
    wanted = RoleAssignment(user=newcomer, role=role, **scope)
    if may_give(world, giver, wanted):
        assignment = role_assign(actor=world.users[giver], user=newcomer, role=role, **scope)
        assert (assignment.assigned_by_id, assignment.history.get().history_user_id) == (world.users[giver].pk,) * 2
    else:
        with pytest.raises(OutOfScope):
            role_assign(actor=world.users[giver], user=newcomer, role=role, **scope)
        assert not RoleAssignment.objects.filter(user=newcomer).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("giver,role,place", GIVINGS, ids=["-".join(case) for case in GIVINGS])
def test_nobody_gives_themselves_a_role_a_superuser_neither(world, giver, role, place):
    user = world.users[giver]
    before = set(RoleAssignment.objects.filter(user=user).values_list("pk", flat=True))
    with pytest.raises(ValidationError):
        role_assign(actor=user, user=user, role=role, **role_scope(world, role, place))
    assert set(RoleAssignment.objects.filter(user=user).values_list("pk", flat=True)) == before


@pytest.mark.django_db
@pytest.mark.parametrize("giver", GIVERS)
def test_role_revoke_takes_only_what_the_rules_allow_and_never_ones_own(world, giver):
    user = world.users[giver]
    for assignment in list(RoleAssignment.objects.all()):
        pk = assignment.pk
        if may_give(world, giver, assignment):
            role_revoke(actor=user, assignment=assignment)
            assert not RoleAssignment.objects.filter(pk=pk).exists()
            assert RoleAssignment.history.filter(id=pk, history_type="-").get().history_user_id == user.pk
        else:
            with pytest.raises(OutOfScope):
                role_revoke(actor=user, assignment=assignment)
            assert RoleAssignment.objects.filter(pk=pk).exists()


# --------------------------------------------------------------------------------- who merges organisations --

# A pair of NGOs in the user's own ORP (Pelhřimov), in two ORPs of one kraj (Pelhřimov, Jihlava) and across two kraje
# (Jihlava, Liberec): every role and a superuser, through the service and through the merge page.
MERGE_PAIRS = {"orp": ("ngo_pe", "twin_pe"), "kraj": ("ngo_pe", "ngo_ji"), "two_kraje": ("ngo_ji", "ngo_li")}
MERGES = [(role, pair) for role in [*ROLES, SUPERUSER] for pair in MERGE_PAIRS]


def _merge_pair(world: World, pair: str):
    first, second = MERGE_PAIRS[pair]
    admin = get_user_model().objects.get(username="matrix.admin")
    orgs = dict(world.orgs)
    orgs["twin_pe"] = organization_create(
        actor=admin, name="Spirala Pelhrimov", kind="ngo", district=world.places["pe"]
    )
    return Organization.objects.get(pk=orgs[first].pk), Organization.objects.get(pk=orgs[second].pk)


@pytest.mark.django_db
@pytest.mark.parametrize("role,pair", MERGES, ids=["-".join(case) for case in MERGES])
def test_only_roles_with_the_merge_rule_merge_and_only_a_pair_within_reach(world, role, pair):
    first, second = _merge_pair(world, pair)
    user = world.users[role]
    if may_merge(world, role, first, second):
        merge_organizations(actor=user, survivor=first, merged=second, values={}, reason="Jedna organizace")
        assert not Organization.objects.filter(pk=second.pk).exists()
        assert OrganizationMerge.objects.get(merged_id=second.pk).survivor_id == first.pk
    else:
        with pytest.raises(OutOfScope):
            merge_organizations(actor=user, survivor=first, merged=second, values={}, reason="Jedna organizace")
        assert Organization.objects.filter(pk__in=[first.pk, second.pk]).count() == 2
    # Who merges nothing else may: a sitar's pair in its ORP, the kraj's pairs for its advisor and lead, two kraje for
    # a superuser alone.
    if pair == "two_kraje":
        assert may_merge(world, role, first, second) == (role == SUPERUSER)


@pytest.mark.django_db
@pytest.mark.parametrize("role,pair", MERGES, ids=["-".join(case) for case in MERGES])
def test_the_merge_page_merges_only_a_pair_within_reach(world, role, pair, client):
    first, second = _merge_pair(world, pair)
    client.force_login(world.users[role])
    url = f"/organizations/duplicates/{first.pk}-{second.pk}/merge/"
    data = {"survivor": "first", "reason": "Jedna organizace"}
    data.update(dict.fromkeys(CHOICES, "first"))
    response = client.post(url, data)
    if may_merge(world, role, first, second):
        assert response.status_code == 302
        assert response["Location"] == f"/organizations/{first.pk}/"
        assert not Organization.objects.filter(pk=second.pk).exists()
    else:
        assert response.status_code == 404
        assert second.name not in response.content.decode() and first.name not in response.content.decode()
        assert Organization.objects.filter(pk__in=[first.pk, second.pk]).count() == 2
