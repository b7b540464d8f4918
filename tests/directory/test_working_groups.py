"""Working groups and platforms: standing groups with member organisations and contact persons, scoped like meetings;
a group's meeting is planned in its district, its members get an e-mail invitation with an .ics when their legal basis
allows it, and ticking who came makes them the meeting's participants."""

import datetime

import icalendar
import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from contacts.services import contact_erase
from core.errors import OutOfScope
from meetings.models import WorkingGroup
from meetings.selectors import invitable_contacts
from meetings.services import group_create, group_meeting_plan, group_update, meeting_attendance_set, meeting_invite

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 3, 10)


@pytest.fixture
def members(organization, partner, make_contact):
    return {
        "jana": make_contact(organization, name="Jana Nováková", email="jana@spirala.example"),
        "petr": make_contact(partner, name="Petr Dvořák", email="petr@zs.example", legal_basis="public_task"),
        # Consent without its date does not cover e-mail; nor does a person without an address.
        "eva": make_contact(partner, name="Eva Malá", email="eva@zs.example", legal_basis="consent", consent_on=DAY),
        "bez": make_contact(organization, name="Bez E-mailu"),
    }


@pytest.fixture
def group(sitar, pelhrimov, organization, partner, members):
    return group_create(
        actor=sitar,
        name="Platforma pro rodinu Pelhřimov",
        kind="platform",
        district=pelhrimov,
        organizations=[organization, partner],
        contacts=list(members.values()),
    )


def test_a_group_lies_in_its_district_and_keeps_its_members_in_the_history(group, sitar, pelhrimov, members):
    assert (group.district_id, group.region_id) == (pelhrimov.pk, pelhrimov.region_id)
    assert set(group.contacts.values_list("pk", flat=True)) == {c.pk for c in members.values()}
    assert group.history.first().history_user_id == sitar.pk


def test_a_group_out_of_reach_is_neither_seen_nor_changed(group, sitar_liberec):
    assert not WorkingGroup.objects.restrict(sitar_liberec, "view").filter(pk=group.pk).exists()
    with pytest.raises(OutOfScope):
        group_update(actor=sitar_liberec, group=group, data={"name": "Cizí"})


def test_a_member_the_actor_cannot_see_is_refused(sitar, pelhrimov, make_organization, liberec):
    far = make_organization(name="Daleko", district=liberec)
    with pytest.raises(ValidationError) as caught:
        group_create(actor=sitar, name="X", kind="working_group", district=pelhrimov, organizations=[far])
    assert set(caught.value.message_dict) == {"organizations"}


def test_changing_the_members_keeps_those_the_actor_cannot_see(
    group, sitar, actor, organization, partner, make_organization, liberec
):
    far = make_organization(name="Daleko", district=liberec)
    group_update(actor=actor, group=group, data={"organizations": [organization, partner, far]})
    group_update(actor=sitar, group=group, data={"organizations": [partner]})
    assert set(group.organizations.values_list("pk", flat=True)) == {partner.pk, far.pk}


def test_invitations_go_to_members_with_an_address_and_a_basis_for_it(group, members, sitar):
    assert [c.pk for c in invitable_contacts(actor=sitar, group=group)] == sorted(
        members[name].pk for name in ("jana", "petr", "eva")
    )


def test_a_planned_meeting_e_mails_each_member_an_ics_of_its_own(group, sitar, pelhrimov):
    meeting = group_meeting_plan(
        actor=sitar,
        group=group,
        title="Platforma – březen",
        held_on=DAY,
        starts_at=datetime.time(9, 0),
        ends_at=datetime.time(11, 0),
        location="MěÚ Pelhřimov",
    )
    assert (meeting.group_id, meeting.district_id, meeting.kind) == (group.pk, pelhrimov.pk, "platform")
    assert meeting_invite(actor=sitar, meeting=meeting) == 3
    assert sorted(message.to for message in mail.outbox) == [
        ["eva@zs.example"],
        ["jana@spirala.example"],
        ["petr@zs.example"],
    ]
    name, content, mimetype = mail.outbox[0].attachments[0]
    assert (name, mimetype.split(";")[0]) == ("pozvanka.ics", "text/calendar")
    event = icalendar.Calendar.from_ical(content).walk("VEVENT")[0]
    assert (str(event["summary"]), str(event["location"])) == ("Platforma – březen", "MěÚ Pelhřimov")
    assert event.decoded("dtstart").date() == DAY


def test_ticking_attendance_makes_the_ticked_members_participants(group, sitar, organization, members):
    meeting = group_meeting_plan(actor=sitar, group=group, title="Schůzka", held_on=DAY)
    meeting_attendance_set(actor=sitar, meeting=meeting, organizations=[], contacts=[members["jana"]])
    assert set(meeting.organizations.values_list("pk", flat=True)) == {organization.pk}
    assert set(meeting.contacts.values_list("pk", flat=True)) == {members["jana"].pk}


def test_ticking_attendance_keeps_the_participants_the_actor_could_not_tick(
    client, group, sitar, actor, organization, partner, members, make_organization, make_contact, liberec
):
    """A member out of the actor's sight (another kraj) and a member erased on request are not on the attendance form:
    ticking the others must not drop them from the meeting, nor the organisation of the erased person."""
    far = make_organization(name="Daleko", district=liberec)
    far_person = make_contact(far, name="Vzdálená Osoba")
    group_update(
        actor=actor,
        group=group,
        data={"organizations": [organization, partner, far], "contacts": [*members.values(), far_person]},
    )
    meeting = group_meeting_plan(actor=sitar, group=group, title="Schůzka", held_on=DAY)
    meeting_attendance_set(actor=actor, meeting=meeting, organizations=[], contacts=[far_person, members["eva"]])
    contact_erase(actor=actor, contact=members["eva"], ground="request")

    client.force_login(sitar)
    form = client.get(reverse("meeting-attendance", args=[meeting.pk])).context["form"]
    assert {c.pk for c in form.fields["contacts"].queryset} == {members[n].pk for n in ("jana", "petr", "bez")}
    response = client.post(reverse("meeting-attendance", args=[meeting.pk]), {"contacts": [members["jana"].pk]})
    assert response.status_code == 302

    assert set(meeting.contacts.values_list("pk", flat=True)) == {members["jana"].pk, members["eva"].pk, far_person.pk}
    assert set(meeting.organizations.values_list("pk", flat=True)) == {organization.pk, partner.pk, far.pk}


def test_only_a_group_meeting_has_an_invitation_list(make_meeting, sitar):
    meeting = make_meeting()
    with pytest.raises(ValidationError):
        meeting_invite(actor=sitar, meeting=meeting)


def test_the_group_pages_are_404_out_of_scope(client, group, sitar_liberec):
    client.force_login(sitar_liberec)
    for name in ("group-detail", "group-edit", "group-plan"):
        assert client.get(reverse(name, args=[group.pk])).status_code == 404, name
