"""Item 3: a follow-up's assignee must be able to view it (a field error otherwise, in the service, the API and the
meeting form), and the daily reminder re-checks at sending time and names nothing the recipient may not see."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from guardian.shortcuts import assign_perm, remove_perm

from meetings.models import FollowUp, Meeting
from meetings.services import followup_create, followup_remind, followup_update
from permissions.models import RoleAssignment
from permissions.scoping import forget_scope
from permissions.services import role_revoke

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 10)


@pytest.fixture
def sitar_liberec(sitar_liberec):
    """The networker of Liberec (tests/conftest.py), with an e-mail address a reminder could go to."""
    sitar_liberec.email = "sitar.li@example.cz"
    sitar_liberec.save()
    return sitar_liberec


@pytest.fixture
def conference(make_case, make_meeting, ospod):
    """A case conference of the Pelhřimov OSPOD: its follow-ups follow the case's rule, not the territory's."""
    return make_meeting(
        kind="case_conference", title="Případová konference OSPOD-PE-2026-012", case=make_case(), organizer=ospod
    )


def test_the_service_refuses_an_assignee_of_another_kraj_as_a_field_error_and_saves_nothing(
    make_meeting, actor, sitar_liberec
):
    meeting = make_meeting()
    with pytest.raises(ValidationError) as refused:
        followup_create(actor=actor, meeting=meeting, description="Zavolat", assignee=sitar_liberec)
    assert set(refused.value.message_dict) == {"assignee"}
    assert not FollowUp.objects.filter(meeting=meeting).exists()


def test_a_meeting_logged_with_such_a_follow_up_is_refused_whole(make_meeting, sitar_liberec):
    before = Meeting.objects.count()
    with pytest.raises(ValidationError) as refused:
        make_meeting(followups=[{"description": "Zavolat", "assignee": sitar_liberec}])
    assert set(refused.value.message_dict) == {"followups-0-assignee"}
    assert Meeting.objects.count() == before


def test_reassigning_a_follow_up_to_someone_who_may_not_see_it_is_refused(make_meeting, actor, sitar, sitar_liberec):
    followup = followup_create(actor=actor, meeting=make_meeting(), description="Zavolat", assignee=sitar)
    with pytest.raises(ValidationError) as refused:
        followup_update(actor=actor, followup=followup, data={"assignee": sitar_liberec})
    assert set(refused.value.message_dict) == {"assignee"}
    assert FollowUp.objects.get(pk=followup.pk).assignee_id == sitar.pk


def test_a_case_conference_follow_up_cannot_go_to_a_networker_outside_the_case(conference, actor, sitar):
    # The networker of the same ORP sees the territory's meetings, but not the cases of its OSPOD.
    with pytest.raises(ValidationError) as refused:
        followup_create(actor=actor, meeting=conference, description="Domluvit schůzku", assignee=sitar)
    assert set(refused.value.message_dict) == {"assignee"}
    assign_perm("network.view_case", sitar, conference.case)
    forget_scope(sitar)
    shared = followup_create(actor=actor, meeting=conference, description="Domluvit schůzku", assignee=sitar)
    assert shared.assignee_id == sitar.pk


def test_the_api_answers_400_on_the_assignee(api_as, actor, make_meeting, sitar_liberec):
    meeting = make_meeting()
    response = api_as(actor).post(
        "/api/v1/followups/",
        {"meeting": meeting.pk, "description": "Zavolat", "assignee": sitar_liberec.username},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["assignee"]
    assert not FollowUp.objects.filter(meeting=meeting).exists()


def test_the_api_answers_400_on_the_assignee_of_a_follow_up_logged_with_its_meeting(api_as, actor, sitar_liberec):
    before = Meeting.objects.count()
    response = api_as(actor).post(
        "/api/v1/meetings/",
        {
            "kind": "working_meeting",
            "title": "Pracovní schůzka",
            "held_on": "2026-03-10",
            "district": "6110",
            "followups": [{"description": "Zavolat", "assignee": sitar_liberec.username}],
        },
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert list(body) == ["followups"] and list(body["followups"]["0"]) == ["assignee"]
    assert Meeting.objects.count() == before


def test_the_meeting_form_puts_the_error_on_the_follow_up_row(as_user, actor, pelhrimov, sitar_liberec):
    # The administrator's form offers every active user, so the rule of the service is what refuses.
    data = {
        "kind": "working_meeting",
        "title": "Pracovní setkání",
        "held_on": "2026-03-10",
        "district": pelhrimov.pk,
        "followups-TOTAL_FORMS": "1",
        "followups-INITIAL_FORMS": "0",
        "followups-MIN_NUM_FORMS": "0",
        "followups-MAX_NUM_FORMS": "50",
        "followups-0-description": "Zavolat",
        "followups-0-assignee": sitar_liberec.pk,
        "needs-TOTAL_FORMS": "0",
        "needs-INITIAL_FORMS": "0",
        "needs-MIN_NUM_FORMS": "0",
        "needs-MAX_NUM_FORMS": "50",
    }
    before = Meeting.objects.count()
    response = as_user(actor).post("/meetings/new/", data)
    assert response.status_code in (200, 400)
    row = response.context["formsets"]["followups"].forms[0]
    assert list(row.errors) == ["assignee"]
    assert Meeting.objects.count() == before


def test_a_reminder_to_someone_who_lost_access_names_nothing_of_it(make_meeting, actor, conference, sitar):
    sitar.email = "sitar.pe@example.cz"
    sitar.save()
    assign_perm("network.view_case", sitar, conference.case)
    forget_scope(sitar)
    own = followup_create(
        actor=actor,
        meeting=make_meeting(title="Setkání v Pelhřimově"),
        description="Poslat zápis",
        assignee=sitar,
        due_on=TODAY,
    )
    lost = followup_create(
        actor=actor, meeting=conference, description="Zjistit stav rodiny", assignee=sitar, due_on=TODAY
    )
    remove_perm("network.view_case", sitar, conference.case)

    assert followup_remind(today=TODAY) == 1
    body = mail.outbox[0].body
    assert own.description in body and "Setkání v Pelhřimově" in body
    assert lost.description not in body and conference.title not in body
    assert FollowUp.objects.get(pk=lost.pk).reminded_on is None

    # Without any role left, nothing is sent at all.
    mail.outbox.clear()
    for assignment in RoleAssignment.objects.filter(user=sitar):
        role_revoke(actor=actor, assignment=assignment)
    FollowUp.objects.filter(pk=own.pk).update(reminded_on=None)
    assert followup_remind(today=TODAY) == 0
    assert mail.outbox == []
