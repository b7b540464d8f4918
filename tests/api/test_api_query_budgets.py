"""Query budgets of the API: every list costs the same number of queries for 1 row and for 50, every detail a bounded
number.

Rows are built through the services with their related data filled (a meeting's participants, contact persons,
follow-ups and needs; an organisation's services and served districts; a link's evidence; a case's involvements; a
service's forms and target groups), so that an N+1 (a relation serialised without select_related / prefetch_related)
shows as a count that grows with the rows. Reference data (territory, codelists) is loaded by the migrations; its
lists are compared at page_size=1 and page_size=50 (or every row, where a codelist is shorter).

The clients sign in with a token, as real clients do, so each count includes the token look-up and the scope
resolution of one request. The collections come from the API's router: one registered without an entry in BUILDERS
or REFERENCE fails here.
"""

import datetime
import itertools
from collections.abc import Callable
from functools import cached_property

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from knox.models import AuthToken
from rest_framework.test import APIClient

from api.urls import router
from contacts.services import contact_create
from evaluation.collection import report_save, round_open
from evaluation.models import Indicator
from evaluation.plans import action_item_create
from meetings.services import followup_create, group_create, meeting_create, need_create
from network.services import case_create, case_involvement_add, link_create
from organizations.models import ServiceForm, ServiceKind, TargetGroup
from organizations.services import organization_create, service_create
from permissions.services import role_assign

pytestmark = [pytest.mark.django_db, pytest.mark.api]

HELD_ON = datetime.date(2026, 3, 10)
# Every route of the router that lists rows.
LISTED = sorted(prefix for prefix, viewset, _ in router.registry if hasattr(viewset, "list"))
# Reference data, loaded by the migrations: compared by page size, addressed by code (the indicators by id).
REFERENCE = {"regions", "districts", "municipalities", "service-kinds", "target-groups", "indicators"}
BY_ID = {"indicators"}


class Fixtures:
    """What the builders share within one test: the actor, the places, codelists, and the records rows refer to.

    The shared records are made when a builder first needs them, so that they never count among the rows of the
    collection measured (the organisations' list starts from exactly one organisation).
    """

    def __init__(self, actor, make_user, pelhrimov, jihlava, pelhrimov_town):
        self.actor, self.make_user = actor, make_user
        self.pelhrimov, self.jihlava, self.town = pelhrimov, jihlava, pelhrimov_town
        self.serial = itertools.count(1)
        self.kinds = list(ServiceKind.objects.order_by("code")[:2])
        self.groups = list(TargetGroup.objects.order_by("code")[:2])
        self.forms = list(ServiceForm.objects.order_by("code")[:2])

    def next(self) -> int:
        return next(self.serial)

    @cached_property
    def ngo(self):
        return self.organization(kind="ngo")

    @cached_property
    def ospod(self):
        return self.organization(kind="ospod")

    @cached_property
    def school(self):
        return self.organization(kind="school")

    @cached_property
    def contacts(self) -> list:
        return [
            contact_create(
                actor=self.actor, organization=owner, name=f"Kontakt {owner.name}", legal_basis="public_task"
            )
            for owner in (self.ngo, self.ospod)
        ]

    @cached_property
    def meeting(self):
        """The meeting follow-ups and needs are built in: without inline ones of its own, which would count too."""
        return self.meeting_row(inline=0)

    def organization(self, *, kind: str = "ngo", services: int = 0):
        organization = organization_create(
            actor=self.actor,
            name=f"Organizace {self.next()}",
            kind=kind,
            municipality=self.town,
            served_districts=[self.pelhrimov, self.jihlava],
        )
        for index in range(services):
            # An organisation shows its services briefly (name, kind), so their own relations stay empty here.
            service_create(
                actor=self.actor, organization=organization, name=f"Služba {self.next()}", kind=self.kinds[index % 2]
            )
        return organization

    def service(self, organization):
        return service_create(
            actor=self.actor,
            organization=organization,
            name=f"Služba {self.next()}",
            kind=self.kinds[0],
            forms=self.forms,
            target_groups=self.groups,
            served_districts=[self.pelhrimov, self.jihlava],
        )

    def meeting_row(self, *, inline: int = 2):
        """A meeting of the NGO and the OSPOD with their contact persons, and its follow-ups and needs (two each)."""
        return meeting_create(
            actor=self.actor,
            kind="working_meeting",
            title=f"Setkání {self.next()}",
            held_on=HELD_ON,
            district=self.pelhrimov,
            organizer=self.ospod,
            organizations=[self.ngo, self.ospod],
            contacts=self.contacts,
            followups=[
                {"description": f"úkol {index}", "assignee": self.actor, "due_on": HELD_ON} for index in range(inline)
            ],
            needs=[
                {
                    "title": f"potřeba {index}",
                    "category": "missing_service",
                    "target_group": self.groups[0],
                    "wanted_service_kind": self.kinds[1],
                    "raised_by": self.ngo,
                }
                for index in range(inline)
            ],
        )

    def followup(self):
        return followup_create(
            actor=self.actor,
            meeting=self.meeting,
            description=f"úkol {self.next()}",
            assignee=self.actor,
            due_on=HELD_ON,
        )

    def need(self):
        return need_create(
            actor=self.actor,
            district=self.pelhrimov,
            title=f"potřeba {self.next()}",
            category="missing_service",
            target_group=self.groups[1],
            wanted_service_kind=self.kinds[0],
            raised_by=self.ngo,
            raised_in=self.meeting,
        )

    def link(self):
        """A link of the NGO with a new partner (one link per pair and kind), evidenced by a visit of both."""
        target = self.organization()
        visit = meeting_create(
            actor=self.actor,
            kind="visit",
            title=f"Návštěva {self.next()}",
            held_on=HELD_ON,
            district=self.pelhrimov,
            organizations=[self.ngo, target],
        )
        return link_create(actor=self.actor, source=self.ngo, target=target, kind="referral", evidence=[visit])

    def case(self):
        case = case_create(
            actor=self.actor, ospod=self.ospod, reference=f"OSPOD-2026-{self.next():03d}", opened_on=HELD_ON
        )
        for organization, role in ((self.ngo, "social_service"), (self.school, "school")):
            case_involvement_add(actor=self.actor, case=case, organization=organization, role=role)
        return case

    def group(self):
        """A platform of the NGO and the OSPOD with their contact persons."""
        return group_create(
            actor=self.actor,
            name=f"Platforma {self.next()}",
            kind="platform",
            district=self.pelhrimov,
            organizations=[self.ngo, self.ospod],
            contacts=self.contacts,
        )

    def collection_round(self):
        """A round of the OSPOD's indicators, each in a period of its own; every open OSPOD gets its form."""
        index = self.next()
        return round_open(
            actor=self.actor,
            period=f"{2030 + index // 2}/{index % 2 + 1}",
            deadline=HELD_ON,
            indicators=list(Indicator.objects.filter(supplier="ospod", active=True)),
            today=HELD_ON,
        )

    def report(self):
        """The OSPOD's form of a new round, with its values filled in."""
        ospod = self.ospod  # the one OSPOD: each round gives it its form
        report = self.collection_round().reports.get(ospod=ospod)
        values = {item.indicator_id: 3 for item in report.round.items.all()}
        report_save(actor=self.actor, report=report, values=values, comments={})
        return report

    def plan_owner(self):
        """A síťař of Pelhřimov: a step's owner holds a role in its kraj."""
        if not hasattr(self, "_plan_owner"):
            self._plan_owner = self.make_user()
            role_assign(actor=self.actor, user=self._plan_owner, role="sitar", district=self.pelhrimov)
        return self._plan_owner

    def action_item(self):
        return action_item_create(
            actor=self.actor,
            district=self.pelhrimov,
            recommendation=f"Krok {self.next()}",
            owner=self.plan_owner(),
            indicator=Indicator.objects.get(code="new_cases"),
            followup=self.followup(),
        )

    def assignment(self):
        user, index = self.make_user(), self.next()
        role, scope = [
            ("sitar", {"district": self.pelhrimov}),
            ("poradce", {"region": self.pelhrimov.region}),
            ("ospod", {"organization": self.ospod}),
        ][index % 3]
        return role_assign(actor=self.actor, user=user, role=role, **scope)


# Each scoped collection: who lists it (a role and its scope) and how one more row with its related data is built.
VIEWERS = {
    "poradce": lambda f: {"region": f.pelhrimov.region},
    "ospod": lambda f: {"organization": f.ospod},
    "vedouci": lambda f: {"region": f.pelhrimov.region},
}
BUILDERS: dict[str, tuple[str, Callable]] = {
    "organizations": ("poradce", lambda f: f.organization(services=2)),
    "services": ("poradce", lambda f: f.service(f.ngo)),
    "contacts": (
        "poradce",
        lambda f: contact_create(
            actor=f.actor,
            organization=f.ngo,
            name=f"Osoba {f.next()}",
            legal_basis="public_task",
            email="osoba@example.cz",
        ),
    ),
    "meetings": ("poradce", lambda f: f.meeting_row()),
    "followups": ("poradce", lambda f: f.followup()),
    "needs": ("poradce", lambda f: f.need()),
    "links": ("poradce", lambda f: f.link()),
    "working-groups": ("poradce", lambda f: f.group()),
    # Only the owning OSPOD's workers (and users a case is shared with) see cases.
    "cases": ("ospod", lambda f: f.case()),
    # A regional lead sees the role assignments of the kraj (a poradce only their own).
    "role-assignments": ("vedouci", lambda f: f.assignment()),
    "collection-rounds": ("poradce", lambda f: f.collection_round()),
    # The kraj's forms, each with its values (shown to the kraj as "< 5").
    "reports": ("poradce", lambda f: f.report()),
    "action-items": ("poradce", lambda f: f.action_item()),
}


@pytest.fixture
def fixtures(actor, make_user, pelhrimov, jihlava, pelhrimov_town):
    return Fixtures(actor, make_user, pelhrimov, jihlava, pelhrimov_town)


def _client_of(fixtures: Fixtures, role: str) -> APIClient:
    user = fixtures.make_user(f"budget.{role}")
    role_assign(actor=fixtures.actor, user=user, role=role, **VIEWERS[role](fixtures))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(user=user)[1]}")
    return client


def _queries(client: APIClient, url: str, params: dict | None = None) -> tuple[int, dict]:
    # Counted as served in the steady state: the codes of kraje, ORP and codelists are read once per process
    # (core.reference), and again only after one of their rows is written (as the builders here do).
    client.get(url, params or {})
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200, (url, response.status_code)
    return len(captured.captured_queries), response.json()


def _list(client: APIClient, prefix: str, rows: int) -> tuple[int, list]:
    count, body = _queries(client, f"/api/v1/{prefix}/", {"page_size": rows})
    assert len(body["results"]) == rows, (prefix, rows, body["count"])
    assert prefix in REFERENCE or body["count"] == rows, (prefix, rows, body["count"])
    return count, body["results"]


def _fill(client: APIClient, prefix: str, fixtures: Fixtures, rows: int) -> None:
    """Build rows until the user's list holds exactly this many (a lead's own assignment is one already)."""
    build = BUILDERS[prefix][1]
    for _ in range(rows - client.get(f"/api/v1/{prefix}/").json()["count"]):
        build(fixtures)


def test_every_listed_collection_of_the_router_has_a_budget():
    assert set(LISTED) == REFERENCE | set(BUILDERS)


@pytest.mark.parametrize("prefix", LISTED)
def test_a_list_costs_the_same_queries_for_1_and_50_rows_and_a_detail_no_more(prefix, fixtures):
    if prefix not in REFERENCE | set(BUILDERS):
        pytest.fail(f"/api/v1/{prefix}/ has no query budget: add a builder of its rows to BUILDERS")
    built = prefix in BUILDERS
    client = _client_of(fixtures, BUILDERS[prefix][0] if built else "poradce")
    lookup = "id" if built or prefix in BY_ID else "code"

    if built:
        _fill(client, prefix, fixtures, 1)
    one, first = _list(client, prefix, 1)
    many_rows = 50 if built else min(50, client.get(f"/api/v1/{prefix}/").json()["count"])
    if built:
        _fill(client, prefix, fixtures, many_rows)
    many, rows = _list(client, prefix, many_rows)
    first_detail, _ = _queries(client, f"/api/v1/{prefix}/{first[0][lookup]}/")
    last_detail, _ = _queries(client, f"/api/v1/{prefix}/{rows[-1][lookup]}/")

    assert many == one, f"/api/v1/{prefix}/: {one} queries for 1 row, {many} for {many_rows}"
    # A detail is the list's query without the count: never more than the list of one row, whatever the record.
    assert first_detail == last_detail <= one, (prefix, first_detail, last_detail, one)
