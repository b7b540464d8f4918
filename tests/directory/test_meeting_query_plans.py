"""What an organisation's card and the follow-up list read at scale, planned by PostgreSQL on a few thousand meetings
after ANALYZE: an organisation's meetings by the index of the participants by organisation (never every meeting of the
kraj joined with its participants), an OSPOD's follow-ups by the index of the follow-ups' meetings."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.models import FollowUp, Meeting, MeetingKind
from network.models import Case

pytestmark = pytest.mark.django_db

MEETINGS = 3000
PARTICIPANTS = Meeting.organizations.through


@pytest.fixture
def busy_kraj(make_organization, make_meeting, make_need, make_case, pelhrimov, actor):
    """Many meetings of Pelhřimov, each with two of twenty organisations; the card's organisation takes part in a few
    of them (and organises one), with needs and open follow-ups; an OSPOD with a case conference."""
    crowd = [make_organization() for _ in range(20)]
    busy = make_organization(name="Busy")
    meetings = Meeting.objects.bulk_create(
        Meeting(
            region_id=pelhrimov.region_id,
            district=pelhrimov,
            kind=MeetingKind.WORKING_MEETING,
            title=f"Setkání {n}",
            held_on=datetime.date(2020, 1, 1) + datetime.timedelta(days=n % 2000),
        )
        for n in range(MEETINGS)
    )
    PARTICIPANTS.objects.bulk_create(
        PARTICIPANTS(meeting_id=meeting.pk, organization_id=crowd[(n + step) % len(crowd)].pk)
        for n, meeting in enumerate(meetings)
        for step in (0, 7)
    )
    attended = meetings[::300]
    PARTICIPANTS.objects.bulk_create(
        PARTICIPANTS(meeting_id=meeting.pk, organization_id=busy.pk) for meeting in attended
    )
    organised = make_meeting(organizer=busy, organizations=[crowd[0]])
    FollowUp.objects.bulk_create(
        FollowUp(
            region_id=pelhrimov.region_id,
            district=pelhrimov,
            meeting=meeting,
            description=f"Úkol {n}",
            due_on=datetime.date(2026, 1, 1),
            done_at=None if n % 10 == 0 else datetime.datetime(2026, 1, 2, tzinfo=datetime.UTC),
        )
        for n, meeting in enumerate(meetings[:1500])
    )
    need = make_need(raised_in=organised)
    ospod_case = make_case()
    conference = make_meeting(kind=MeetingKind.CASE_CONFERENCE, case=ospod_case, organizations=[crowd[1]])
    conference_followup = FollowUp.objects.create(
        region_id=pelhrimov.region_id, district=pelhrimov, meeting=conference, description="Z konference"
    )
    with connection.cursor() as cursor:
        for table in ("meetings_meeting", "meetings_meeting_organizations", "meetings_followup", "meetings_need"):
            cursor.execute(f"ANALYZE {table}")
    return {
        "busy": busy,
        "meetings": {meeting.pk for meeting in attended} | {organised.pk},
        "need": need,
        "ospod": ospod_case.ospod,
        "conference_followup": conference_followup,
    }


def queries_from(captured, table: str) -> list[str]:
    """The page's SELECTs whose main table is ``table`` (a cursor's query without its DECLARE)."""
    selects = [re.sub(r"^DECLARE .*? CURSOR WITH HOLD FOR ", "", query["sql"]) for query in captured]
    return [sql for sql in selects if re.match(rf'SELECT .*? FROM "{table}"', sql) and "COUNT(*)" not in sql]


def plan_of(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def test_the_card_reads_an_organisations_meetings_needs_and_follow_ups_by_the_participants_index(
    busy_kraj, make_role_user, as_user, pelhrimov
):
    sitar = make_role_user("plan.sitar", "sitar", district=pelhrimov)
    busy = busy_kraj["busy"]
    with CaptureQueriesContext(connection) as captured:
        response = as_user(sitar).get(f"/organizations/{busy.pk}/")
    assert response.status_code == 200
    assert {meeting.pk for meeting in response.context["meetings"]} == busy_kraj["meetings"]
    assert [need.pk for need in response.context["needs"]] == [busy_kraj["need"].pk]
    assert {followup.meeting_id for followup in response.context["followups"]} <= busy_kraj["meetings"]

    sections = {
        "meetings": queries_from(captured, "meetings_meeting"),
        "needs": queries_from(captured, "meetings_need"),
        "followups": queries_from(captured, "meetings_followup"),
    }
    for name, queries in sections.items():
        assert queries, name
        for sql in queries:
            # The cheap shape: no DISTINCT over the participants joined to every meeting in scope.
            assert "DISTINCT" not in sql and 'JOIN "meetings_meeting_organizations"' not in sql, name
            plan = plan_of(sql)
            assert re.search(r"Index (Only )?Scan on \w*participant\w*|meeting_participant_by_org_idx", plan) or (
                "Index Cond: (organization_id = " in plan
            ), (name, plan)
            assert "Seq Scan on meetings_meeting " not in plan, (name, plan)
            assert "Seq Scan on meetings_meeting_organizations" not in plan, (name, plan)


def test_an_ospods_follow_ups_are_read_by_the_index_of_their_meetings_not_by_joining_every_meeting(
    busy_kraj, make_role_user, as_user
):
    worker = make_role_user("plan.ospod", "ospod", organization=busy_kraj["ospod"])
    with CaptureQueriesContext(connection) as captured:
        response = as_user(worker).get("/meetings/followups/", {"done": "false"})
    assert response.status_code == 200
    assert [followup.pk for followup in response.context["object_list"]] == [busy_kraj["conference_followup"].pk]
    [sql] = [sql for sql in queries_from(captured, "meetings_followup") if re.search(r"LIMIT \d+$", sql)]  # the page
    plan = plan_of(sql)
    assert "meetings_followup_meeting_id" in plan, plan
    assert "Seq Scan on meetings_followup" not in plan and "Seq Scan on meetings_meeting " not in plan, plan


def test_a_users_own_follow_ups_are_read_by_the_index_of_assignees(busy_kraj, make_role_user, as_user, pelhrimov):
    sitar = make_role_user("plan.mine", "sitar", district=pelhrimov)
    FollowUp.objects.filter(pk__in=FollowUp.objects.order_by("pk").values("pk")[:3]).update(assignee=sitar)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE meetings_followup")
    with CaptureQueriesContext(connection) as captured:
        response = as_user(sitar).get("/meetings/followups/")
    assert response.status_code == 200
    [sql] = [sql for sql in queries_from(captured, "meetings_followup") if re.search(r"LIMIT \d+$", sql)]  # the page
    plan = plan_of(sql)
    assert "followup_assignee_idx" in plan, plan
    assert "Seq Scan on meetings_followup" not in plan, plan


def test_a_case_conference_stays_out_of_the_card_of_a_user_who_may_not_see_its_case(
    busy_kraj, make_role_user, as_user, pelhrimov
):
    sitar = make_role_user("plan.nocase", "sitar", district=pelhrimov)
    conference = busy_kraj["conference_followup"].meeting
    participant = conference.organizations.get()
    response = as_user(sitar).get(f"/organizations/{participant.pk}/")
    assert conference.pk not in {meeting.pk for meeting in response.context["meetings"]}
    assert Case.objects.restrict(sitar, "view").filter(pk=conference.case_id).exists() is False
