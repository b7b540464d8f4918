"""The permission matrix again, through HTTP: every role × every scoped collection of /api/v1/ × list, detail,
change and create, in scope and out of it; and the actions with a rule of their own (verifying an organisation,
involving an organisation in a case and ending the involvement).

The world and the oracle are those of the ORM matrix (tests/permission_world.py): the same two kraje built
through the services, and `expected()` / `may_add()` worked out in plain Python from permissions.rules.RULES. The
collections are read from the API's router, so a new scoped collection joins the matrix (and fails until this module
knows how to change and create its records). What the API answers:

- a list shows exactly the rows `restrict(user, "view")` gives, which are exactly the rows the rules allow;
- a record the user may not see answers 404, as one that does not exist;
- a change the rules do not allow answers 404 (the record is looked up among the rows the user may change);
- a create the rules do not allow answers 400 with the error on the field that put the record out of reach: a
  referenced record the user cannot see ("does not exist"), else the model's scope field (district, organization,
  meeting, source, ospod), as the service reports it. Nothing is saved. (The API could answer 403 for a create
  whose service raises OutOfScope; no create service does, so no case here answers 403.)

The OSPOD's forms and the action plans' steps have the actions of their own rules too: a form is returned and
approved only where the role may "review" it (else 404; reached but not submitted, 400), submitted only by its OSPOD
("change"), never added (405: no rule adds one, a round gives every OSPOD its form) and neither a form nor a step is
deleted (405: no rule deletes one); a step of a whole kraj's plan is added only by a kraj role of that kraj. The
national tables (indicators, collection rounds) are read by every role and changed, opened and closed only by the
roles the rules let (else 404 for a change or a close, 403 for opening a round).

Role assignments (/api/v1/role-assignments/) follow the second table, permissions.rules.ASSIGNS, with the oracle's
`may_give()` and `sees_assignment()`: a list shows exactly what the user may see, a role given where the rules do not
allow it is a 403 (a 400 on `organization` for an OSPOD the user cannot even see), one's own role a 400 on `user`,
and taking an assignment the user may not take a 404.
"""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from api.base import RecordViewSet, ScopedViewSet
from api.urls import router
from evaluation.models import CollectionRound, Indicator
from network.models import Case, CaseInvolvement
from permissions.models import RoleAssignment
from permissions.roles import Role
from permissions.rules import NATIONAL_TABLES, SCOPED_MODELS, Level, level
from tests.permission_world import (
    MODELS,
    ROLES,
    SUPERUSER,
    TODAY,
    World,
    expected,
    may_add,
    may_give,
    role_scope,
    sees_assignment,
)

pytestmark = [pytest.mark.django_db, pytest.mark.api]

# The scoped collections of the API, by URL prefix → model name (from the router, not from a list kept here): every
# collection of records read through restrict() and changed through a service, but the national tables (which every
# signed-in user reads: their own matrix is at the end).
COLLECTIONS = {
    prefix: viewset.queryset.model._meta.model_name
    for prefix, viewset, _ in router.registry
    if issubclass(viewset, RecordViewSet) and viewset.queryset.model._meta.model_name not in NATIONAL_TABLES
}
NATIONAL = {
    prefix: viewset.queryset.model._meta.model_name
    for prefix, viewset, _ in router.registry
    if viewset.queryset.model._meta.model_name in NATIONAL_TABLES
}
# Scoped models the API reaches only inside another collection (an involvement through its case).
NESTED = {"caseinvolvement": "cases"}
# Collections whose records nobody adds through the API: an OSPOD's form is given by its round (no rule adds one).
NOT_ADDED = {"report"}

# A harmless change of each model: one free-text or unchanged field, valid for every row of the world.
PATCHES = {
    "organization": {"description": "změna přes API"},
    "service": {"description": "změna přes API"},
    "contact": {"position": "změna přes API"},
    "meeting": {"summary": "změna přes API"},
    "followup": {"description": "změna přes API"},
    "need": {"description": "změna přes API"},
    "cooperationlink": {"note": "změna přes API"},
    "case": {"status": "open"},
    "workinggroup": {"description": "změna přes API"},
    # An OSPOD's form: a comment on one of its values (the form being filled; a decided one is refused by field).
    "report": {"values": {"children_in_records": {"comment": "změna přes API"}}},
    "actionitem": {"step": "změna přes API"},
}


def _changed(model: str, body: dict) -> bool:
    """Whether the answer to a PATCH shows the change made (a form's values are nested by indicator code)."""
    field, value = next(iter(PATCHES[model].items()))
    if model == "report":
        return body["values"]["children_in_records"]["comment"] == "změna přes API"
    return body[field] == value


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _cases(*dimensions) -> list[tuple]:
    cases = [()]
    for values in dimensions:
        cases = [case + (value,) for case in cases for value in values]
    return cases


def _ids(cases: list[tuple]) -> list[str]:
    return ["-".join(case) for case in cases]


ROLE_COLLECTIONS = _cases(ROLES, sorted(COLLECTIONS))


# ------------------------------------------------------------------------------------------- the coverage --


def test_every_scoped_model_is_reached_through_the_api_and_every_collection_has_a_harmless_change():
    assert set(COLLECTIONS.values()) | set(NESTED) == set(SCOPED_MODELS)
    assert set(PATCHES) == set(COLLECTIONS.values())
    assert set(CREATES) | NOT_ADDED == set(COLLECTIONS.values())
    assert set(NATIONAL.values()) == set(NATIONAL_TABLES) - {"lifesituation"}  # the catalogue's are not in the API
    # Whatever the API creates it creates through ScopedViewSet's create (a create service, OutOfScope as 403).
    viewsets = {prefix: viewset for prefix, viewset, _ in router.registry}
    for prefix, model in COLLECTIONS.items():
        assert issubclass(viewsets[prefix], ScopedViewSet) is (model not in NOT_ADDED), prefix


# -------------------------------------------------------------------------------------------------- reads --


@pytest.mark.parametrize("role,collection", ROLE_COLLECTIONS, ids=_ids(ROLE_COLLECTIONS))
def test_a_list_shows_exactly_the_rows_restrict_gives_and_the_rules_allow(world, role, collection):
    user, model = world.users[role], COLLECTIONS[collection]
    response = _client(user).get(f"/api/v1/{collection}/", {"page_size": 500})
    assert response.status_code == 200
    listed = [row["id"] for row in response.json()["results"]]
    allowed = {row.pk for row in world.rows[model] if expected(world, role, model, "view", row)}
    assert len(listed) == len(set(listed)) == response.json()["count"]
    assert set(listed) == set(MODELS[model].objects.restrict(user, "view").values_list("pk", flat=True))
    assert set(listed) == allowed
    # Both sides of the matrix are exercised wherever the table gives the role any reach.
    if level(role, model, "view") not in (None, Level.ALL):
        assert allowed and allowed != {row.pk for row in world.rows[model]}


@pytest.mark.parametrize("role,collection", ROLE_COLLECTIONS, ids=_ids(ROLE_COLLECTIONS))
def test_a_record_in_scope_answers_200_and_one_out_of_scope_404(world, role, collection):
    client, model = _client(world.users[role]), COLLECTIONS[collection]
    answers = {row.pk: client.get(f"/api/v1/{collection}/{row.pk}/").status_code for row in world.rows[model]}
    assert answers == {row.pk: 200 if expected(world, role, model, "view", row) else 404 for row in world.rows[model]}


# ------------------------------------------------------------------------------------------------- changes --


@pytest.mark.parametrize("role,collection", ROLE_COLLECTIONS, ids=_ids(ROLE_COLLECTIONS))
def test_a_change_succeeds_where_the_rules_allow_it_and_answers_404_elsewhere(world, role, collection):
    client, model = _client(world.users[role]), COLLECTIONS[collection]
    for row in world.rows[model]:
        before = MODELS[model].objects.get(pk=row.pk)
        response = client.patch(f"/api/v1/{collection}/{row.pk}/", PATCHES[model], format="json")
        if expected(world, role, model, "change", row):
            assert response.status_code == 200, (row, response.json())
            assert _changed(model, response.json())
        else:
            assert response.status_code == 404, (row, response.status_code)
            assert MODELS[model].objects.get(pk=row.pk).updated_at == before.updated_at


@pytest.mark.parametrize("role", ROLES)
def test_an_organisation_is_verified_only_where_the_rules_allow_it(world, role):
    client = _client(world.users[role])
    for organization in world.rows["organization"]:
        response = client.post(f"/api/v1/organizations/{organization.pk}/verify/", {}, format="json")
        if expected(world, role, "organization", "verify", organization):
            assert response.status_code == 200 and response.json()["verified_at"], (organization, response.content)
        else:
            assert response.status_code == 404, (organization, response.status_code)


# ------------------------------------------------------------------------------------------------- creates --


def _place(world: World, place: str) -> dict:
    """The records of a place (pe / ji / li) a new record refers to, as the ORM matrix's _add() picks them."""
    district, ospod = world.places[place], world.orgs[f"ospod_{place}"]
    return {
        "district": district,
        "ngo": world.orgs[f"ngo_{place}"],
        "ospod": ospod,
        "meeting": next(
            m
            for m in world.rows["meeting"]
            if m.district_id == district.pk and m.case_id is None and m.organizer_id == ospod.pk
        ),
    }


# Each model's create: the request body for a place, and the fields that refer to other scoped records (field →
# model and record), whose invisibility DRF reports before the service sees the request.
CREATES = {
    "organization": lambda at: ({"name": "Nová", "kind": "ngo", "district": at["district"].code}, {}),
    "service": lambda at: (
        {"organization": at["ngo"].pk, "name": "Nová služba", "kind": "crisis_help"},
        {"organization": ("organization", at["ngo"])},
    ),
    "contact": lambda at: (
        {"organization": at["ngo"].pk, "name": "Nový", "legal_basis": "public_task"},
        {"organization": ("organization", at["ngo"])},
    ),
    "meeting": lambda at: (
        {
            "kind": "visit",
            "title": "Nová",
            "held_on": TODAY.isoformat(),
            "district": at["district"].code,
            "organizer": at["ospod"].pk,
            "organizations": [at["ospod"].pk],
        },
        {"organizer": ("organization", at["ospod"]), "organizations": ("organization", at["ospod"])},
    ),
    "followup": lambda at: (
        {"meeting": at["meeting"].pk, "description": "nový úkol"},
        {"meeting": ("meeting", at["meeting"])},
    ),
    "need": lambda at: (
        {"district": at["district"].code, "title": "nová", "category": "other", "raised_in": at["meeting"].pk},
        {"raised_in": ("meeting", at["meeting"])},
    ),
    "cooperationlink": lambda at: (
        {"source": at["ospod"].pk, "target": at["ngo"].pk, "kind": "funding"},
        {"source": ("organization", at["ospod"]), "target": ("organization", at["ngo"])},
    ),
    "case": lambda at: (
        {"ospod": at["ospod"].pk, "reference": "OSPOD-NOVY-9", "opened_on": TODAY.isoformat()},
        {"ospod": ("organization", at["ospod"])},
    ),
    "workinggroup": lambda at: (
        {
            "name": "Nová platforma",
            "kind": "platform",
            "district": at["district"].code,
            "organizations": [at["ngo"].pk],
        },
        {"organizations": ("organization", at["ngo"])},
    ),
    "actionitem": lambda at: ({"district": at["district"].code, "recommendation": "nový krok"}, {}),
}
PLACES = ("pe", "ji", "li")
ROLE_COLLECTION_PLACES = _cases(ROLES, sorted(COLLECTIONS), PLACES)


@pytest.mark.parametrize("role,collection,place", ROLE_COLLECTION_PLACES, ids=_ids(ROLE_COLLECTION_PLACES))
def test_a_create_succeeds_where_the_rules_allow_it_and_is_a_field_error_elsewhere(world, role, collection, place):
    model = COLLECTIONS[collection]
    model_class = MODELS[model]
    before = model_class.objects.count()
    if model in NOT_ADDED:
        assert level(role, model, "add") is None
        response = _client(world.users[role]).post(f"/api/v1/{collection}/", {}, format="json")
        assert response.status_code == 405 and model_class.objects.count() == before
        return
    body, references = CREATES[model](_place(world, place))
    response = _client(world.users[role]).post(f"/api/v1/{collection}/", body, format="json")
    if may_add(world, role, model, place):
        assert response.status_code == 201, response.json()
        assert model_class.objects.count() == before + 1
        return
    unseen = {name for name, (other, row) in references.items() if not expected(world, role, other, "view", row)}
    assert response.status_code == 400, (response.status_code, response.content)
    assert set(response.json()) == (unseen or {model_class.scope_field}), response.json()
    assert model_class.objects.count() == before


# ------------------------------------------------------------------------- involvements, inside their case --


@pytest.mark.parametrize("role", ROLES)
def test_an_organisation_is_involved_in_a_case_only_where_the_rules_allow_it(world, role):
    client = _client(world.users[role])
    for place in PLACES:
        case = Case.objects.get(ospod=world.orgs[f"ospod_{place}"])
        organization = world.orgs["ospod_pe" if place != "pe" else "ngo_ji"]
        before = CaseInvolvement.objects.count()
        response = client.post(
            f"/api/v1/cases/{case.pk}/involvements/", {"organization": organization.pk, "role": "other"}, format="json"
        )
        if not expected(world, role, "case", "change", case):
            assert response.status_code == 404, (place, response.status_code)
        elif not may_add(world, role, "caseinvolvement", place):
            assert response.status_code == 400 and "case" in response.json(), (place, response.content)
        else:
            assert response.status_code == 201, (place, response.json())
            assert CaseInvolvement.objects.count() == before + 1
            continue
        assert CaseInvolvement.objects.count() == before


@pytest.mark.parametrize("role", ROLES)
def test_an_involvement_is_removed_only_where_the_rules_allow_it(world, role):
    client = _client(world.users[role])
    for involvement in world.rows["caseinvolvement"]:
        response = client.delete(f"/api/v1/cases/{involvement.case_id}/involvements/{involvement.pk}/")
        allowed = expected(world, role, "caseinvolvement", "delete", involvement)
        assert response.status_code == (204 if allowed else 404), (involvement, response.status_code)
        assert CaseInvolvement.objects.filter(pk=involvement.pk).exists() is not allowed


# -------------------------------------------------------------------- forms and action plans, beyond CRUD --

EVALUATED = [(role, collection) for role in ROLES for collection in ("reports", "action-items")]


@pytest.mark.parametrize("role,collection", EVALUATED, ids=_ids(EVALUATED))
def test_no_form_and_no_step_is_deleted_as_the_rules_give_nobody_delete(world, role, collection):
    model = COLLECTIONS[collection]
    assert level(role, model, "delete") is None
    client = _client(world.users[role])
    for row in world.rows[model]:
        assert client.delete(f"/api/v1/{collection}/{row.pk}/").status_code == 405
        assert MODELS[model].objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize("role", ROLES)
def test_only_the_kraj_returns_and_approves_the_forms_of_its_ospods(world, role):
    client = _client(world.users[role])
    for report in world.rows["report"]:
        before = MODELS["report"].objects.get(pk=report.pk).status
        returned = client.post(f"/api/v1/reports/{report.pk}/return/", {"review_note": "opravit"}, format="json")
        approved = client.post(f"/api/v1/reports/{report.pk}/approve/", {}, format="json")
        if not expected(world, role, "report", "review", report):
            assert (returned.status_code, approved.status_code) == (404, 404), report
            assert MODELS["report"].objects.get(pk=report.pk).status == before
        elif before == "submitted":
            # Returned first; a returned form is no longer decided (only a submitted one is).
            assert (returned.status_code, returned.json()["status"]) == (200, "returned"), returned.content
            assert approved.status_code == 400 and "non_field_errors" in approved.json()
        else:
            assert (returned.status_code, approved.status_code) == (400, 400), report


@pytest.mark.parametrize("role", ROLES)
def test_only_the_ospod_submits_its_own_form(world, role):
    client = _client(world.users[role])
    for report in world.rows["report"]:
        response = client.post(f"/api/v1/reports/{report.pk}/submit/", {}, format="json")
        if expected(world, role, "report", "change", report):
            # Reached; the form being filled has no values yet, each a field error, and nothing changes.
            assert response.status_code == 400 and set(response.json()) == {"values"}, response.content
        else:
            assert response.status_code == 404, (report, response.status_code)
        assert MODELS["report"].objects.get(pk=report.pk).status == report.status


PLAN_PLACES = _cases(ROLES, ("pe", "li"))


@pytest.mark.parametrize("role,place", PLAN_PLACES, ids=_ids(PLAN_PLACES))
def test_a_step_of_a_whole_krajs_plan_is_added_only_by_a_kraj_role_of_that_kraj(world, role, place):
    region = world.places[place].region
    before = MODELS["actionitem"].objects.count()
    response = _client(world.users[role]).post(
        "/api/v1/action-items/", {"region": region.code, "recommendation": "krok kraje"}, format="json"
    )
    where_ = level(role, "actionitem", "add")
    if where_ is Level.ALL or (where_ is Level.REGION and region.pk == world.places["pe"].region_id):
        assert response.status_code == 201 and response.json()["district"] is None, response.content
        assert MODELS["actionitem"].objects.count() == before + 1
    else:
        assert (response.status_code, set(response.json())) == (400, {"district"}), response.content
        assert MODELS["actionitem"].objects.count() == before


# ---------------------------------------------------------------------------------------- national tables --


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_the_indicators_and_only_the_rules_let_one_change_them(world, role):
    client = _client(world.users[role])
    listed = client.get("/api/v1/indicators/", {"page_size": 500})
    assert listed.status_code == 200
    assert {row["id"] for row in listed.json()["results"]} == set(Indicator.objects.values_list("pk", flat=True))
    for indicator in Indicator.objects.filter(code__in=("new_cases", "meetings")):
        assert client.get(f"/api/v1/indicators/{indicator.pk}/").status_code == 200
        response = client.patch(f"/api/v1/indicators/{indicator.pk}/", {"sort_order": 77}, format="json")
        allowed = level(role, "indicator", "change") is not None
        assert response.status_code == (200 if allowed else 404), response.content
        assert (Indicator.objects.get(pk=indicator.pk).sort_order == 77) is allowed


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_the_rounds_and_only_the_rules_let_one_open_and_close_them(world, role):
    client = _client(world.users[role])
    rounds = set(CollectionRound.objects.values_list("pk", flat=True))
    assert {row["id"] for row in client.get("/api/v1/collection-rounds/").json()["results"]} == rounds
    deadline = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    opened = client.post(
        "/api/v1/collection-rounds/",
        {"period": "2027/1", "deadline": deadline, "indicators": [Indicator.objects.get(code="new_cases").pk]},
        format="json",
    )
    may_open = level(role, "collectionround", "add") is not None
    assert opened.status_code == (201 if may_open else 403), opened.content
    assert CollectionRound.objects.filter(period="2027/1").exists() is may_open
    for pk in rounds:
        closed = client.post(f"/api/v1/collection-rounds/{pk}/close/")
        may_close = level(role, "collectionround", "change") is not None
        assert closed.status_code == (200 if may_close else 404), closed.content
        assert (CollectionRound.objects.get(pk=pk).closed_at is not None) is may_close


# ------------------------------------------------------------------------------------------ role assignments --

GIVERS = [*ROLES, SUPERUSER]


def _assignment_body(world: World, username: str, role: str, place: str) -> dict:
    scope = role_scope(world, role, place)
    body = {"user": username, "role": role}
    if "organization" in scope:
        body["organization"] = scope["organization"].pk
    for field in ("region", "district"):
        if field in scope:
            body[field] = scope[field].code
    return body


@pytest.mark.parametrize("giver", GIVERS)
def test_the_role_assignments_listed_are_exactly_those_the_rules_let_the_user_see(world, giver):
    response = _client(world.users[giver]).get("/api/v1/role-assignments/", {"page_size": 500})
    assert response.status_code == 200
    listed = {row["id"] for row in response.json()["results"]}
    assert listed == {row.pk for row in RoleAssignment.objects.all() if sees_assignment(world, giver, row)}


GIVINGS = [
    (giver, role, place)
    for giver in GIVERS
    for role in Role.values
    for place in PLACES
    if role != Role.NARODNI or place == "pe"
]


@pytest.mark.parametrize("giver,role,place", GIVINGS, ids=_ids(GIVINGS))
def test_a_role_is_given_through_the_api_only_where_the_rules_allow(world, django_user_model, giver, role, place):
    newcomer = django_user_model.objects.create_user(f"api.newcomer.{giver}.{role}.{place}")
    response = _client(world.users[giver]).post(
        "/api/v1/role-assignments/", _assignment_body(world, newcomer.username, role, place), format="json"
    )
    if may_give(world, giver, RoleAssignment(user=newcomer, role=role, **role_scope(world, role, place))):
        assert response.status_code == 201, response.content
        assert RoleAssignment.objects.get(pk=response.json()["id"]).assigned_by_id == world.users[giver].pk
        return
    ospod = role_scope(world, role, place).get("organization")
    if ospod is not None and not expected(world, giver, "organization", "view", ospod):
        assert (response.status_code, set(response.json())) == (400, {"organization"}), response.content
    else:
        assert response.status_code == 403, response.content
    assert not RoleAssignment.objects.filter(user=newcomer).exists()


@pytest.mark.parametrize(
    "giver,role,place",
    [
        (SUPERUSER, Role.VEDOUCI, "li"),
        (Role.VEDOUCI, Role.PORADCE, "pe"),
        (Role.VEDOUCI, Role.OSPOD, "ji"),
        (Role.VEDOUCI_OSPOD, Role.OSPOD, "ji"),
    ],
)
def test_nobody_gives_themselves_a_role_through_the_api(world, giver, role, place):
    user = world.users[giver]
    before = set(RoleAssignment.objects.filter(user=user).values_list("pk", flat=True))
    response = _client(user).post(
        "/api/v1/role-assignments/", _assignment_body(world, user.username, role, place), format="json"
    )
    assert (response.status_code, set(response.json())) == (400, {"user"}), response.content
    assert set(RoleAssignment.objects.filter(user=user).values_list("pk", flat=True)) == before


@pytest.mark.parametrize("giver", GIVERS)
def test_a_role_is_taken_through_the_api_only_where_the_rules_allow_and_never_ones_own(world, giver):
    client = _client(world.users[giver])
    for assignment in list(RoleAssignment.objects.all()):
        allowed = may_give(world, giver, assignment)
        response = client.delete(f"/api/v1/role-assignments/{assignment.pk}/")
        assert response.status_code == (204 if allowed else 404), (assignment, response.status_code)
        assert RoleAssignment.objects.filter(pk=assignment.pk).exists() is not allowed
