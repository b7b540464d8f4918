"""Query budgets of the UI screens: every list and detail costs the same number of queries for 1 row and for 20.

Each screen has a builder that makes exactly ``rows`` rows of what the screen lists (for a detail: ``rows`` children of
each kind it shows) with their related data filled — participants with their contact persons, follow-ups with an
assignee, needs raised by an organisation at a meeting, links evidenced by a meeting, services with forms and target
groups, case involvements of organisations in two districts — so that a relation read row by row (an N+1: no
select_related / prefetch_related / annotate) shows as a count that grows with the rows.

Both counts are taken on a fresh database state (the rows are built inside a savepoint rolled back after the count),
after one warm-up request, so process-wide caches (content types, translations) count in neither. Each screen also
checks that it shows the rows built: a budget of a screen that shows nothing would prove nothing.
"""

import datetime
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from meetings.services import followup_create
from meetings.views.needs import BOARD_COLUMN_SIZE
from network.services import case_involvement_add
from organizations.models import Organization, ServiceForm, TargetGroup
from organizations.services import organization_verify
from tests.helpers import the_day_stays

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
_the_day_stays_today = the_day_stays(TODAY)


FEW, MANY = 1, 20
# What the home page shows of each section at most (network.views.HOME_ROWS, STALE_ROWS).
HOME_ROWS, STALE_ROWS = 10, 5


class World:
    """What the builders of one count share: the factories of tests/conftest.py, places, codelists, the viewer.

    Shared records are made when a builder first needs them, inside the count's savepoint like everything else.
    """

    def __init__(self, fixtures: dict):
        self.__dict__.update(fixtures)
        self.ospod_fixture = self.__dict__.pop("ospod")
        self.serial = itertools.count(1)
        self.user = None

    def next(self) -> int:
        return next(self.serial)

    # Shared records ---------------------------------------------------------------------------------------------

    @cached_property
    def ngo(self):
        return self.make_organization(name="Spirála Pelhřimov", served_districts=[self.pelhrimov, self.jihlava])

    @cached_property
    def ospod(self):
        """The OSPOD of tests/conftest.py (make_case's owner), verified so that it is stale on no home page."""
        return organization_verify(actor=self.actor, organization=Organization.objects.get(pk=self.ospod_fixture.pk))

    @cached_property
    def school(self):
        return self.make_organization(name="ZŠ Komenského Pelhřimov", kind="school")

    @cached_property
    def forms(self) -> list:
        return list(ServiceForm.objects.order_by("code")[:2])

    @cached_property
    def groups(self) -> list:
        return list(TargetGroup.objects.order_by("code")[:2])

    # Rows -------------------------------------------------------------------------------------------------------

    def organization(self, *, verified: bool = False, jihlava: bool = False):
        """An organisation serving two districts, with a service and a contact person (verified, if asked)."""
        index = self.next()
        place = {"municipality": self.jihlava_town} if jihlava else {}
        organization = self.make_organization(
            name=f"Organizace {index}",
            kind=("ngo", "school", "municipality")[index % 3],
            served_districts=[self.pelhrimov, self.jihlava],
            web="https://example.cz",
            **place,
        )
        self.service(organization)
        self.contact(organization)
        if verified:
            organization = organization_verify(actor=self.actor, organization=organization)
        return organization

    def service(self, organization):
        return self.make_service(
            organization, forms=self.forms, target_groups=self.groups, served_districts=[self.pelhrimov, self.jihlava]
        )

    def contact(self, organization):
        index = self.next()
        return self.make_contact(
            organization,
            position="koordinátorka",
            email=f"osoba{index}@example.cz",
            phone="+420 777 000 000",
            shareable_with_ospod=index % 2 == 0,
        )

    def need_data(self, raised_by, index: int) -> dict:
        return {
            "title": f"Potřeba {index}",
            "category": "missing_service",
            "raised_by": raised_by,
            "target_group": self.families_with_children,
            "wanted_service_kind": self.sas_families,
            "priority": ("low", "medium", "high")[index % 3],
        }

    def meeting(self, *, organizations=(), contacts=(), followups: int = 0, needs: int = 0, **extra):
        """A meeting organised by the OSPOD, with the given participants and follow-ups / needs of its own."""
        index = self.next()
        organizations = list(organizations)
        # Held today, whatever today is: a lead's home counts the meetings of the last 12 months.
        extra.setdefault("held_on", TODAY)
        return self.make_meeting(
            title=f"Setkání {index}",
            organizer=self.ospod,
            organizations=[self.ospod, *organizations],
            contacts=list(contacts),
            location="Pelhřimov, Masarykovo nám. 1",
            summary="Zápis",
            **extra,
            followups=[
                {"description": f"Úkol {index}.{n}", "assignee": self.user, "due_on": TODAY} for n in range(followups)
            ],
            needs=[self.need_data(organizations[0] if organizations else self.ngo, index) for _ in range(needs)],
        )

    def participant_meeting(self, **extra):
        """A meeting of a new organisation (with a service and a contact person) and its contact person."""
        organization = self.organization()
        contact = organization.contacts.get()
        return self.meeting(organizations=[organization], contacts=[contact], **extra)

    def need(self):
        meeting = self.participant_meeting()
        return self.make_need(
            **self.need_data(meeting.organizations.exclude(pk=self.ospod.pk).get(), self.next()), raised_in=meeting
        )

    def followup(self):
        """A follow-up of a new meeting, not the viewer's (the list is looked at with ``mine=false``)."""
        meeting = self.participant_meeting()
        index = self.next()
        return followup_create(
            actor=self.actor,
            meeting=meeting,
            description=f"Úkol {index}",
            assignee=(self.actor, None)[index % 2],
            due_on=TODAY,
        )

    def link(self, organization=None, *, reverse: bool = False):
        """A link of the organisation (the NGO by default) with a new partner, evidenced by a visit of both."""
        organization = organization or self.ngo
        partner = self.organization()
        visit = self.meeting(kind="visit", organizations=[organization, partner])
        source, target = (partner, organization) if reverse else (organization, partner)
        return self.make_link(
            source,
            target,
            evidence=[visit],
            strength=4,
            formalized=True,
            agreement_date=datetime.date(2024, 1, 1),
            since=datetime.date(2024, 1, 1),
        )

    def case(self):
        case = self.make_case(owner=self.ospod)
        for organization, role in ((self.ngo, "social_service"), (self.school, "school")):
            case_involvement_add(actor=self.actor, case=case, organization=organization, role=role)
        return case


# Builders: make ``rows`` rows of the screen and return its URL. ------------------------------------------------------


def build_home(w: World, rows: int) -> str:
    """Per row: a stale (never verified) organisation at a meeting with a need and a follow-up due, the viewer's."""
    for _ in range(rows):
        w.participant_meeting(followups=1, needs=1)
    return "/"


def build_directory(w: World, rows: int) -> str:
    """The first row is the OSPOD of tests/conftest.py (it exists wherever make_case does), verified here."""
    assert w.ospod.verified_at
    for index in range(rows - 1):
        w.organization(verified=index % 2 == 0)
    return "/organizations/"


def build_organization_card(w: World, rows: int) -> str:
    """An organisation with ``rows`` services, contact persons, meetings (each with a follow-up and a need the
    organisation raised, and a contact person of a partner) and cooperation links (both directions)."""
    organization = w.organization(verified=True)
    for _ in range(rows - 1):  # the organisation's own service and contact person are the first
        w.service(organization)
        w.contact(organization)
    for index in range(rows):
        link = w.link(organization, reverse=index % 2 == 1)
        visit = link.evidence.get()
        w.make_need(**w.need_data(organization, w.next()), raised_in=visit)
        followup_create(actor=w.actor, meeting=visit, description=f"Úkol {index}", assignee=w.user, due_on=TODAY)
    return f"/organizations/{organization.pk}/"


def build_meetings(w: World, rows: int) -> str:
    for _ in range(rows):
        w.participant_meeting(followups=1, needs=1)
    return "/meetings/"


def build_meeting_detail(w: World, rows: int) -> str:
    """A meeting of ``rows`` organisations with a contact person each, ``rows`` follow-ups and ``rows`` needs."""
    organizations = [w.organization() for _ in range(rows)]
    meeting = w.meeting(
        organizations=organizations, contacts=[organization.contacts.get() for organization in organizations]
    )
    for index, organization in enumerate(organizations):
        followup_create(
            actor=w.actor,
            meeting=meeting,
            description=f"Úkol {index}",
            assignee=(w.user, w.actor, None)[index % 3],
            due_on=TODAY + datetime.timedelta(days=index - 1),
        )
        w.make_need(**w.need_data(organization, index), raised_in=meeting)
    return f"/meetings/{meeting.pk}/"


def build_needs(w: World, rows: int) -> str:
    for _ in range(rows):
        w.need()
    return "/meetings/needs/"


def build_followups(w: World, rows: int) -> str:
    for _ in range(rows):
        w.followup()
    return "/meetings/followups/?mine=false"


def build_links(w: World, rows: int) -> str:
    for index in range(rows):
        w.link(reverse=index % 2 == 1)
    return "/links/"


def build_link_detail(w: World, rows: int) -> str:
    """A link evidenced by ``rows`` visits of both organisations, with ``rows`` other visits to confirm it with."""
    partner = w.organization()
    visits = [w.meeting(kind="visit", organizations=[w.ngo, partner]) for _ in range(2 * rows)]
    link = w.make_link(w.ngo, partner, evidence=visits[:rows], strength=2)
    return f"/links/{link.pk}/"


def build_cases(w: World, rows: int) -> str:
    for _ in range(rows):
        w.case()
    return "/cases/"


def build_case_detail(w: World, rows: int) -> str:
    """A case involving ``rows`` organisations (of two districts), with ``rows`` case conferences."""
    case = w.make_case(owner=w.ospod)
    for index in range(rows):
        organization = w.organization(jihlava=index % 2 == 1)
        case_involvement_add(
            actor=w.actor, case=case, organization=organization, role="social_service", since=datetime.date(2026, 1, 1)
        )
        w.meeting(kind="case_conference", case=case, organizations=[organization])
    return f"/cases/{case.pk}/"


# Who looks at a screen -----------------------------------------------------------------------------------------------


def sitar(w: World):
    return w.make_role_user("budget.sitar", "sitar", district=w.pelhrimov)


def vedouci(w: World):
    return w.make_role_user("budget.vedouci", "vedouci", region=w.vysocina)


def ospod_worker(w: World):
    return w.make_role_user("budget.ospod", "ospod", organization=w.ospod)


# The screens ---------------------------------------------------------------------------------------------------------


def _home(context) -> dict[str, int]:
    return {
        "followups": len(context["followups"]),
        "needs": len(context["needs"]),
        "meetings": len(context["meetings"]),
        "stale": len(context["stale"]),
    }


def _rows(context) -> dict[str, int]:
    return {"rows": len(context["object_list"])}


def _sections(*names: str) -> Callable[[dict], dict[str, int]]:
    return lambda context: {name: len(context[name]) for name in names}


@dataclass(frozen=True)
class Screen:
    viewer: Callable[[World], object]
    build: Callable[[World, int], str]
    # How many of the rows built each section of the screen shows: all of them, or as many as the section's cap.
    shown: Callable[[dict], dict[str, int]]
    caps: dict[str, int] = field(default_factory=dict)

    def check(self, context, rows: int) -> None:
        """The screen shows the rows built: a budget of a screen that shows nothing would prove nothing."""
        shown = self.shown(context)
        assert shown == {name: min(rows, self.caps.get(name, rows)) for name in shown}, (shown, rows)


HOME_CAPS = {"followups": HOME_ROWS, "needs": HOME_ROWS, "meetings": HOME_ROWS, "stale": STALE_ROWS}

SCREENS = {
    "home as a sitar": Screen(sitar, build_home, _home, HOME_CAPS),
    "home as a vedouci": Screen(
        vedouci,
        build_home,
        lambda c: {**_home(c), "kraj meetings": sum(row["meetings"] for kraj in c["kraje"] for row in kraj["rows"])},
        HOME_CAPS,
    ),
    "directory": Screen(sitar, build_directory, _rows),
    "organisation card": Screen(
        sitar,
        build_organization_card,
        _sections("services", "contacts", "links", "meetings", "needs", "followups"),
        {"meetings": 20, "needs": 20, "followups": 20},
    ),
    "meetings": Screen(sitar, build_meetings, _rows),
    "meeting detail": Screen(
        sitar,
        build_meeting_detail,
        # The OSPOD organises every meeting and takes part in it: one organisation more than the rows.
        lambda c: {**_sections("contacts", "followups", "needs")(c), "organizations": len(c["organizations"]) - 1},
    ),
    "needs board": Screen(
        sitar,
        build_needs,
        lambda c: {"cards": sum(len(column["needs"]) for column in c["columns"])},
        # One column's first page: the rest of it are "more" pages.
        caps={"cards": BOARD_COLUMN_SIZE},
    ),
    "follow-ups": Screen(sitar, build_followups, _rows),
    "cooperation links": Screen(sitar, build_links, _rows),
    "cooperation link detail": Screen(
        sitar,
        build_link_detail,
        lambda c: {
            "evidence": len(c["evidence"]),
            "to confirm with": len(c["confirm_form"].fields["meeting"].queryset),
        },
    ),
    "cases": Screen(ospod_worker, build_cases, _rows),
    "case detail": Screen(ospod_worker, build_case_detail, _sections("involvements", "conferences")),
}


# The fixtures of tests/conftest.py the builders use; resolved before any savepoint (the actor must outlive them).
FIXTURES = (
    "make_organization",
    "make_contact",
    "make_service",
    "make_meeting",
    "make_need",
    "make_link",
    "make_case",
    "make_role_user",
    "actor",
    "ospod",
    "pelhrimov",
    "jihlava",
    "vysocina",
    "jihlava_town",
    "sas_families",
    "families_with_children",
)


def _count(screen: Screen, fixtures: dict, rows: int) -> int:
    """The queries of one request of the screen showing ``rows`` rows, on a state rolled back afterwards."""
    with transaction.atomic():
        world = World(fixtures)
        world.user = screen.viewer(world)
        url = screen.build(world, rows)
        client = Client()
        client.force_login(world.user)
        assert client.get(url).status_code == 200  # warm-up: process-wide caches count in neither measurement
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        screen.check(response.context, rows)
        transaction.set_rollback(True)
    return len(captured.captured_queries)


@pytest.mark.parametrize("name", list(SCREENS))
def test_a_screen_costs_the_same_queries_for_1_and_20_rows(name, request):
    screen = SCREENS[name]
    fixtures = {fixture: request.getfixturevalue(fixture) for fixture in FIXTURES}
    few = _count(screen, fixtures, FEW)
    many = _count(screen, fixtures, MANY)
    assert many == few, f"{name}: {few} queries for {FEW} row, {many} for {MANY}"
