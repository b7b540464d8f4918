"""Meetings with their participants, follow-ups and needs: all or nothing, scoped, versioned for offline tablets."""

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError

from core.errors import StaleVersion
from meetings.models import FollowUp, Meeting, Need
from meetings.services import (
    followup_complete,
    followup_create,
    followup_update,
    meeting_create,
    meeting_update,
    need_set_status,
    need_update,
)

pytestmark = pytest.mark.django_db

HELD_ON = datetime.date(2026, 3, 10)


def _counts() -> tuple[int, int, int]:
    return Meeting.objects.count(), FollowUp.objects.count(), Need.objects.count()


# ------------------------------------------------------------------------------------------------- meetings ----


def test_a_meeting_is_placed_in_its_district_and_region(make_meeting, liberec):
    meeting = make_meeting(district=liberec)
    assert (meeting.district, meeting.region_id) == (liberec, liberec.region_id)


def test_a_meeting_records_who_logged_it(make_meeting, actor):
    assert make_meeting().created_by == actor


def test_it_refuses_a_meeting_without_a_district(actor):
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        meeting_create(actor=actor, kind="visit", title="Návštěva", held_on=HELD_ON, district=None)
    assert "district" in exc.value.message_dict
    assert _counts() == before


def test_it_refuses_a_case_conference_without_a_case(actor, pelhrimov):
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        meeting_create(
            actor=actor, kind="case_conference", title="Případová konference", held_on=HELD_ON, district=pelhrimov
        )
    assert "case" in exc.value.message_dict
    assert _counts() == before


def test_it_refuses_a_case_on_a_meeting_that_is_not_a_case_conference(actor, pelhrimov, make_case):
    case = make_case()
    with pytest.raises(ValidationError) as exc:
        meeting_create(
            actor=actor, kind="round_table", title="Kulatý stůl", held_on=HELD_ON, district=pelhrimov, case=case
        )
    assert "case" in exc.value.message_dict


def test_it_accepts_a_case_conference_of_a_case(make_meeting, make_case, ospod, organization):
    case = make_case()
    meeting = make_meeting(kind="case_conference", case=case, organizations=[ospod, organization])
    assert list(case.conferences.all()) == [meeting]


def test_it_refuses_a_meeting_that_ends_before_it_starts(actor, pelhrimov):
    with pytest.raises(ValidationError) as exc:
        meeting_create(
            actor=actor,
            kind="visit",
            title="Návštěva",
            held_on=HELD_ON,
            district=pelhrimov,
            starts_at=datetime.time(10),
            ends_at=datetime.time(9),
        )
    assert "ends_at" in exc.value.message_dict


def test_it_refuses_a_contact_of_an_organisation_that_did_not_take_part(
    actor, pelhrimov, organization, partner, make_contact
):
    stranger = make_contact(partner)
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        meeting_create(
            actor=actor,
            kind="visit",
            title="Návštěva",
            held_on=HELD_ON,
            district=pelhrimov,
            organizations=[organization],
            contacts=[stranger],
        )
    assert "contacts" in exc.value.message_dict
    assert _counts() == before


def test_it_keeps_the_participating_organisations_and_contacts(make_meeting, organization, partner, make_contact):
    contact = make_contact(partner)
    meeting = make_meeting(organizations=[organization, partner], contacts=[contact])
    assert set(meeting.organizations.all()) == {organization, partner}
    assert list(meeting.contacts.all()) == [contact]


def test_meeting_update_refuses_dropping_the_organisation_of_a_participating_contact(
    actor, make_meeting, organization, partner, make_contact
):
    contact = make_contact(partner)
    meeting = make_meeting(organizations=[organization, partner], contacts=[contact])
    with pytest.raises(ValidationError) as exc:
        meeting_update(actor=actor, meeting=meeting, data={"organizations": [organization]})
    assert "contacts" in exc.value.message_dict
    assert set(meeting.organizations.all()) == {organization, partner}


def test_it_keeps_the_uuid_a_tablet_chose(make_meeting):
    chosen = uuid.uuid4()
    assert make_meeting(uuid=chosen).uuid == chosen


def test_it_refuses_a_second_meeting_with_the_same_uuid(make_meeting):
    chosen = uuid.uuid4()
    make_meeting(uuid=chosen)
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        make_meeting(uuid=chosen)
    assert "uuid" in exc.value.message_dict
    assert _counts() == before


# ---------------------------------------------------------------------------------- inline follow-ups, needs ----


def test_it_saves_the_follow_ups_and_needs_logged_with_a_meeting(make_meeting, actor, liberec):
    meeting = make_meeting(
        district=liberec,
        followups=[{"description": "Poslat kontakt na SAS", "assignee": actor, "due_on": datetime.date(2026, 4, 1)}],
        needs=[{"title": "Chybí NZDM pro 12–15 let", "category": "missing_service"}],
    )
    followup, need = meeting.followups.get(), meeting.needs.get()
    assert (followup.district, followup.region_id) == (liberec, liberec.region_id)
    assert (need.district, need.raised_in, need.created_by) == (liberec, meeting, actor)


def test_a_bad_follow_up_saves_no_meeting_at_all(actor, pelhrimov):
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        meeting_create(
            actor=actor,
            kind="visit",
            title="Návštěva",
            held_on=HELD_ON,
            district=pelhrimov,
            followups=[{"description": "Zavolat OSPOD"}, {"description": ""}],
            needs=[{"title": "Chybí NZDM", "category": "missing_service"}],
        )
    assert "followups-1-description" in exc.value.message_dict
    assert _counts() == before


def test_a_bad_need_saves_no_meeting_and_no_follow_up(actor, pelhrimov):
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        meeting_create(
            actor=actor,
            kind="visit",
            title="Návštěva",
            held_on=HELD_ON,
            district=pelhrimov,
            followups=[{"description": "Zavolat OSPOD"}],
            needs=[{"title": "Chybí NZDM", "category": "missing_service"}, {"title": "Něco", "category": "whim"}],
        )
    assert "needs-1-category" in exc.value.message_dict
    assert _counts() == before


def test_a_need_logged_with_a_meeting_cannot_start_resolved(actor, pelhrimov):
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        meeting_create(
            actor=actor,
            kind="visit",
            title="Návštěva",
            held_on=HELD_ON,
            district=pelhrimov,
            needs=[{"title": "Chybí NZDM", "category": "missing_service", "status": "resolved"}],
        )
    assert "needs-0-status" in exc.value.message_dict
    assert _counts() == before


def test_a_follow_up_added_later_is_scoped_with_its_meeting(actor, make_meeting, jihlava):
    meeting = make_meeting(district=jihlava)
    followup = followup_create(actor=actor, meeting=meeting, description="Ověřit kapacitu")
    assert (followup.district, followup.region_id) == (jihlava, jihlava.region_id)


def test_moving_a_meeting_to_another_district_moves_its_follow_ups(actor, make_meeting, liberec):
    meeting = make_meeting(followups=[{"description": "Zavolat OSPOD"}])
    meeting_update(actor=actor, meeting=meeting, data={"district": liberec})
    followup = meeting.followups.get()
    assert (followup.district, followup.region_id) == (liberec, liberec.region_id)


# ---------------------------------------------------------------------------------------------------- needs ----


def test_a_need_starts_open_and_is_placed_in_its_district(make_need, jihlava):
    need = make_need(district=jihlava)
    assert need.status == "open"
    assert (need.district, need.region_id) == (jihlava, jihlava.region_id)


@pytest.mark.parametrize("status", ["resolved", "dismissed"])
def test_it_refuses_closing_a_need_without_a_note_and_saves_nothing(actor, make_need, status):
    need = make_need()
    with pytest.raises(ValidationError) as exc:
        need_set_status(actor=actor, need=need, status=status, note="  ")
    assert "resolution_note" in exc.value.message_dict
    need.refresh_from_db()
    assert (need.status, need.version, need.resolved_at) == ("open", 1, None)


def test_it_resolves_a_need_with_a_note(actor, make_need):
    need = make_need()
    need_set_status(actor=actor, need=need, status="resolved", note="Charita otevřela klub v Pacově.")
    need.refresh_from_db()
    assert need.status == "resolved"
    assert need.resolved_at is not None


@pytest.mark.parametrize(
    ("path", "refused"),
    [(["resolved"], "open"), (["resolved"], "dismissed"), (["dismissed"], "in_progress"), (["dismissed"], "resolved")],
)
def test_it_refuses_a_status_change_the_lifecycle_does_not_allow(actor, make_need, path, refused):
    need = make_need()
    for status in path:
        need_set_status(actor=actor, need=need, status=status, note="Poznámka")
    with pytest.raises(ValidationError) as exc:
        need_set_status(actor=actor, need=need, status=refused, note="Poznámka")
    assert "status" in exc.value.message_dict
    need.refresh_from_db()
    assert need.status == path[-1]


@pytest.mark.parametrize(
    "path",
    [
        ["in_progress", "resolved"],
        ["in_progress", "open"],
        ["in_progress", "dismissed", "open"],
        ["resolved", "in_progress"],
    ],
)
def test_it_follows_the_lifecycle_of_a_need(actor, make_need, path):
    need = make_need()
    for status in path:
        need_set_status(actor=actor, need=need, status=status, note="Poznámka")
    need.refresh_from_db()
    assert need.status == path[-1]


def test_it_refuses_resolving_a_reopened_need_without_a_new_note(actor, make_need):
    need = make_need()
    need_set_status(actor=actor, need=need, status="dismissed", note="Řeší sousední ORP")
    need_set_status(actor=actor, need=need, status="open")
    with pytest.raises(ValidationError) as exc:
        need_set_status(actor=actor, need=need, status="resolved")
    assert "resolution_note" in exc.value.message_dict


def test_reopening_a_resolved_need_clears_when_it_was_resolved(actor, make_need):
    need = make_need()
    need_set_status(actor=actor, need=need, status="resolved", note="Hotovo")
    need_set_status(actor=actor, need=need, status="in_progress")
    need.refresh_from_db()
    assert need.resolved_at is None


def test_it_refuses_an_unknown_status(actor, make_need):
    with pytest.raises(ValidationError) as exc:
        need_set_status(actor=actor, need=make_need(), status="forgotten")
    assert "status" in exc.value.message_dict


def test_need_update_moves_the_status_along_the_lifecycle_only(actor, make_need):
    need = make_need()
    with pytest.raises(ValidationError) as exc:
        need_update(actor=actor, need=need, data={"status": "resolved"})
    assert list(exc.value.message_dict) == ["resolution_note"]
    need_update(actor=actor, need=need, data={"status": "resolved", "resolution_note": "Služba nalezena"})
    need.refresh_from_db()
    assert (need.status, need.resolution_note) == ("resolved", "Služba nalezena")
    assert need.resolved_at is not None
    with pytest.raises(ValidationError) as exc:
        need_update(actor=actor, need=need, data={"status": "dismissed", "resolution_note": "Nelze"})
    assert list(exc.value.message_dict) == ["status"]


def test_need_update_moves_a_need_to_another_district(actor, make_need, liberec):
    need = make_need()
    need_update(actor=actor, need=need, data={"district": liberec})
    need.refresh_from_db()
    assert (need.district, need.region_id) == (liberec, liberec.region_id)


# ------------------------------------------------------------------------------------------------- versions ----


def test_a_meeting_update_bumps_its_version(actor, make_meeting):
    meeting = make_meeting()
    meeting_update(actor=actor, meeting=meeting, data={"summary": "Dohodnuto"}, expected_version=1)
    meeting.refresh_from_db()
    assert meeting.version == 2


def test_a_need_update_bumps_its_version(actor, make_need):
    need = make_need()
    need_update(actor=actor, need=need, data={"priority": "high"}, expected_version=1)
    need.refresh_from_db()
    assert need.version == 2


def test_a_need_status_change_bumps_its_version(actor, make_need):
    need = make_need()
    need_set_status(actor=actor, need=need, status="in_progress", expected_version=1)
    need.refresh_from_db()
    assert need.version == 2


def test_a_follow_up_update_bumps_its_version(actor, make_meeting):
    followup = make_meeting(followups=[{"description": "Zavolat"}]).followups.get()
    followup_update(actor=actor, followup=followup, data={"due_on": datetime.date(2026, 5, 1)}, expected_version=1)
    followup.refresh_from_db()
    assert followup.version == 2


def test_completing_a_follow_up_bumps_its_version(actor, make_meeting):
    followup = make_meeting(followups=[{"description": "Zavolat"}]).followups.get()
    followup_complete(actor=actor, followup=followup)
    followup.refresh_from_db()
    assert followup.done_at is not None
    assert followup.version == 2


def test_a_stale_meeting_update_raises_stale_version_and_changes_nothing(actor, make_meeting, liberec):
    meeting = make_meeting(summary="Původní", followups=[{"description": "Zavolat"}])
    meeting_update(actor=actor, meeting=meeting, data={"summary": "Druhá verze"}, expected_version=1)
    with pytest.raises(StaleVersion):
        meeting_update(
            actor=actor, meeting=meeting, data={"summary": "Z tabletu", "district": liberec}, expected_version=1
        )
    meeting.refresh_from_db()
    assert (meeting.summary, meeting.version, meeting.district.code) == ("Druhá verze", 2, "6110")
    assert meeting.followups.get().district.code == "6110"


def test_a_stale_need_update_raises_stale_version(actor, make_need):
    need = make_need()
    need_update(actor=actor, need=need, data={"priority": "high"}, expected_version=1)
    with pytest.raises(StaleVersion):
        need_update(actor=actor, need=need, data={"priority": "low"}, expected_version=1)
    need.refresh_from_db()
    assert (need.priority, need.version) == ("high", 2)


def test_a_stale_need_status_change_raises_stale_version(actor, make_need):
    need = make_need()
    need_update(actor=actor, need=need, data={"priority": "high"}, expected_version=1)
    with pytest.raises(StaleVersion):
        need_set_status(actor=actor, need=need, status="in_progress", expected_version=1)
    need.refresh_from_db()
    assert need.status == "open"


def test_a_stale_follow_up_update_raises_stale_version(actor, make_meeting):
    followup = make_meeting(followups=[{"description": "Zavolat"}]).followups.get()
    followup_update(actor=actor, followup=followup, data={"description": "Zavolat znovu"}, expected_version=1)
    with pytest.raises(StaleVersion):
        followup_update(actor=actor, followup=followup, data={"description": "Z tabletu"}, expected_version=1)
    followup.refresh_from_db()
    assert followup.description == "Zavolat znovu"


def test_it_refuses_an_update_based_on_a_version_someone_else_changed_since_it_was_loaded(actor, make_meeting):
    meeting = make_meeting(summary="Původní")
    loaded_by_the_tablet = Meeting.objects.get(pk=meeting.pk)
    meeting_update(actor=actor, meeting=meeting, data={"summary": "Z kanceláře"}, expected_version=1)
    with pytest.raises(StaleVersion):
        meeting_update(actor=actor, meeting=loaded_by_the_tablet, data={"summary": "Z tabletu"}, expected_version=1)
