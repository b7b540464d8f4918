"""What scoping costs: the scope is resolved in a constant number of queries, restrict() filters on literal ids, a list
costs the same whatever its length, and creating records writes no per-row permission rows (DESIGN.md, "Permissions:
grants on territory, derived for rows")."""

import datetime
import re

import pytest
from django.utils.functional import SimpleLazyObject
from guardian.models import GroupObjectPermission, UserObjectPermission
from guardian.shortcuts import assign_perm

from contacts.models import Contact
from meetings.models import FollowUp, Meeting, Need
from meetings.services import meeting_create
from network.models import Case, CaseInvolvement, CooperationLink
from network.services import case_create, link_create
from organizations.models import Organization, Service
from organizations.services import organization_create
from permissions.models import CaseUserObjectPermission, DistrictUserObjectPermission, RegionUserObjectPermission
from permissions.scoping import get_scope
from permissions.services import role_assign
from territory.models import District, Region
from tests.helpers import fresh

pytestmark = pytest.mark.django_db

# Resolving a scope: the user's role assignments (with their districts' and OSPODs' regions) and the cases shared
# with the user.
SCOPE_QUERIES = 2
# A list through restrict(): the scope, then the list itself.
LIST_QUERIES = SCOPE_QUERIES + 1

SCOPED_MODELS = [Organization, Service, Contact, Meeting, FollowUp, Need, CooperationLink, Case, CaseInvolvement]
GRANT_TABLES = [
    UserObjectPermission,
    GroupObjectPermission,
    RegionUserObjectPermission,
    DistrictUserObjectPermission,
    CaseUserObjectPermission,
]


def where_clause(queryset) -> str:
    sql = str(queryset.query)
    assert " WHERE " in sql, "restrict() added no filter"
    return sql.split(" WHERE ", 1)[1]


@pytest.fixture
def jihlava_ospod(make_organization, jihlava_town):
    return make_organization(name="OSPOD Jihlava", kind="ospod", municipality=jihlava_town)


@pytest.fixture
def with_one_assignment(actor, make_user, pelhrimov):
    user = make_user("sitar.pelhrimov")
    role_assign(actor=actor, user=user, role="sitar", district=pelhrimov)
    return user


@pytest.fixture
def with_twelve_assignments(actor, make_user, vysocina, liberecky_kraj, ospod, jihlava_ospod):
    """Networker in six ORP of two kraje, advisor and lead in two kraje each, worker of two OSPODs, one shared case."""
    user = make_user("mnoho.roli")
    districts = [
        *District.objects.filter(region=vysocina).order_by("code")[:4],
        *District.objects.filter(region=liberecky_kraj).order_by("code")[:2],
    ]
    for district in districts:
        role_assign(actor=actor, user=user, role="sitar", district=district)
    for code in ("3077", "3034"):
        role_assign(actor=actor, user=user, role="poradce", region=Region.objects.get(code=code))
    for region in (vysocina, liberecky_kraj):
        role_assign(actor=actor, user=user, role="vedouci", region=region)
    for organization in (ospod, jihlava_ospod):
        role_assign(actor=actor, user=user, role="ospod", organization=organization)
    other_ospod = organization_create(
        actor=actor,
        name="OSPOD Liberec",
        kind="ospod",
        municipality=District.objects.get(code="5105").municipalities.first(),
    )
    shared = case_create(actor=actor, ospod=other_ospod, reference="LB-2026-007", opened_on=datetime.date(2026, 2, 1))
    assign_perm("view_case", user, shared)
    assert user.role_assignments.count() == 12
    return user


# --------------------------------------------------------------------------------------------- resolution --


@pytest.mark.parametrize("who", ["with_one_assignment", "with_twelve_assignments"])
def test_resolving_a_scope_costs_two_queries_whatever_the_number_of_assignments(
    request, django_assert_num_queries, who
):
    user = fresh(request.getfixturevalue(who))
    with django_assert_num_queries(SCOPE_QUERIES):
        get_scope(user)


def test_the_twelve_assignments_and_the_shared_case_are_all_in_the_scope(with_twelve_assignments):
    scope = get_scope(fresh(with_twelve_assignments))
    assert len(scope.assignments) == 12
    assert len(scope.shared_cases["view"]) == 1


def test_a_scope_is_resolved_once_for_a_user_object(with_twelve_assignments, django_assert_num_queries):
    user = fresh(with_twelve_assignments)
    get_scope(user)
    with django_assert_num_queries(0):
        get_scope(user)
        Organization.objects.restrict(user, "view")
        Meeting.objects.restrict(user, "change")


def test_a_superuser_scope_costs_no_query(actor, django_assert_num_queries):
    user = fresh(actor)
    with django_assert_num_queries(0):
        get_scope(user)


def test_a_role_given_to_the_user_of_a_request_changes_the_scope_that_request_sees(
    actor, with_one_assignment, jihlava, make_organization, jihlava_town
):
    in_jihlava = make_organization(municipality=jihlava_town)
    request_user = SimpleLazyObject(lambda: fresh(with_one_assignment))
    assert not Organization.objects.restrict(request_user, "change").filter(pk=in_jihlava.pk).exists()
    role_assign(actor=actor, user=request_user, role="sitar", district=jihlava)
    assert Organization.objects.restrict(request_user, "change").filter(pk=in_jihlava.pk).exists()


# ------------------------------------------------------------------------------------------- literal ids --


# The one test of a row against rows: whether a need's or a follow-up's meeting is a meeting of a case.
OUTSIDE_CASES = re.compile(
    r'NOT EXISTS\(SELECT 1 AS "a" FROM "meetings_meeting" U0 WHERE \(U0."case_id" IS NOT NULL '
    r'AND U0."id" = \("meetings_(followup"."meeting|need"."raised_in)_id"\)\) LIMIT 1\)'
)


def test_restrict_filters_every_scoped_model_with_literal_ids_and_no_subquery_of_rows_the_user_may_see(
    with_twelve_assignments,
):
    """Besides whether a need's or a follow-up's meeting is a meeting of a case (NOT EXISTS on the partial index of
    those meetings), a subquery only turns a relation into ids by literal ids (an OSPOD's cases, its meetings, the
    meetings of its cases: ``= ANY(ARRAY(SELECT …))``, looked up in an index), never a list of rows the user may
    see."""
    user = fresh(with_twelve_assignments)
    with_subquery = {
        f"{model.__name__}/{action}": where
        for model in SCOPED_MODELS
        for action in ("view", "change")
        if "SELECT" in (where := where_clause(model.objects.restrict(user, action)))
    }
    outside_cases = {name for name, where in with_subquery.items() if OUTSIDE_CASES.search(where)}
    assert outside_cases == {"FollowUp/view", "FollowUp/change", "Need/view", "Need/change"}
    for name, where in with_subquery.items():
        rest = OUTSIDE_CASES.sub("", where, count=1)
        assert rest.count("SELECT") == rest.count("= ANY(ARRAY(SELECT"), name
        # The innermost of each chain of ids: an OSPOD's own rows, by its literal id.
        assert "SELECT" not in rest or re.search(r'U0\."(ospod|organizer)_id" IN \(\d+(, \d+)*\)', rest), name


def test_restrict_passes_the_assigned_district_to_the_query_as_a_literal_id(with_one_assignment, pelhrimov):
    _sql, params = Organization.objects.restrict(fresh(with_one_assignment), "change").query.sql_with_params()
    assert params == (pelhrimov.pk,)


# ----------------------------------------------------------------------------------------------- lists --


@pytest.mark.parametrize("rows", [1, 50])
def test_a_list_of_organisations_through_restrict_costs_the_same_for_one_and_fifty_rows(
    with_one_assignment, make_organization, django_assert_num_queries, rows
):
    for _ in range(rows):
        make_organization()
    user = fresh(with_one_assignment)
    with django_assert_num_queries(LIST_QUERIES):
        assert len(list(Organization.objects.restrict(user, "view"))) == rows


@pytest.mark.parametrize("rows", [1, 50])
def test_a_list_of_meetings_through_restrict_costs_the_same_for_one_and_fifty_rows(
    with_twelve_assignments, make_meeting, django_assert_num_queries, rows
):
    for _ in range(rows):
        make_meeting()
    user = fresh(with_twelve_assignments)
    with django_assert_num_queries(LIST_QUERIES):
        assert len(list(Meeting.objects.restrict(user, "view"))) == rows


# -------------------------------------------------------------------------------- no per-row grants --


def grant_rows() -> dict[str, int]:
    return {table.__name__: table.objects.count() for table in GRANT_TABLES}


@pytest.mark.parametrize("who", ["sitar", "poradce", "actor"])
def test_creating_organisations_meetings_and_links_writes_no_per_row_permission_rows(
    request, pelhrimov, pelhrimov_town, who
):
    user = request.getfixturevalue(who)
    before = grant_rows()
    organizations = [
        organization_create(actor=user, name=f"Organizace {i}", kind="ngo", municipality=pelhrimov_town)
        for i in range(20)
    ]
    for i in range(20):
        meeting_create(
            actor=user,
            kind="visit",
            title=f"Návštěva {i}",
            held_on=datetime.date(2026, 3, 1),
            district=pelhrimov,
            organizations=organizations[i : i + 2],
        )
    for i in range(20):
        link_create(actor=user, source=organizations[i], target=organizations[(i + 1) % 20], kind="referral")
    assert (Organization.objects.count(), Meeting.objects.count(), CooperationLink.objects.count()) == (20, 20, 20)
    assert grant_rows() == before
