"""Every change made through a service is kept in the history with who made it and why; erasure scrubs it."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from simple_history.models import registered_models

from catalogue.models import LifeSituation
from catalogue.services import life_situation_update
from contacts.models import ERASED_NAME, ContactErasure
from contacts.services import contact_erase, contact_update
from evaluation.collection import report_save, round_open
from evaluation.models import Indicator
from evaluation.plans import action_item_create, action_item_update
from evaluation.services import indicator_update
from meetings.services import (
    attachment_add,
    followup_complete,
    followup_update,
    group_create,
    group_update,
    meeting_update,
    need_set_status,
    need_update,
)
from network.analysis.recommendations import recommendation_update
from network.models import CaseInvolvement
from network.services import case_involvement_add, case_involvement_remove, case_update, link_confirm, link_update
from organizations.services import organization_update, organization_verify, service_update
from permissions.models import RoleAssignment
from permissions.services import role_assign, role_revoke
from tests.attachments import PDF

pytestmark = pytest.mark.django_db


class _Records(dict):
    """Records built on first use, so that each test pays only for the ones it looks at."""

    def __init__(self, builders):
        super().__init__()
        self.builders = builders

    def __missing__(self, name):
        self[name] = self.builders[name]()
        return self[name]


@pytest.fixture
def records(request, actor, make_user):
    """One record of every model with history, each created by the actor through its service."""
    fixture = request.getfixturevalue

    def meeting():
        return fixture("make_meeting")(
            organizations=[fixture("organization"), fixture("partner")], followups=[{"description": "Zavolat"}]
        )

    builders = {
        "organization": lambda: fixture("organization"),
        "service": lambda: fixture("make_service")(fixture("organization")),
        "contact": lambda: fixture("make_contact")(fixture("organization")),
        "meeting": meeting,
        "followup": lambda: built["meeting"].followups.get(),
        "attachment": lambda: (
            fixture("attachment_dir")
            and attachment_add(
                actor=actor, meeting=built["meeting"], upload=SimpleUploadedFile("zapis.pdf", PDF), kind="minutes"
            )
        ),
        "need": lambda: fixture("make_need")(),
        "link": lambda: fixture("make_link")(fixture("organization"), fixture("partner")),
        "case": lambda: fixture("make_case")(),
        "involvement": lambda: case_involvement_add(
            actor=actor, case=built["case"], organization=fixture("organization"), role="school"
        ),
        "role_assignment": lambda: role_assign(
            actor=actor, user=make_user(), role="sitar", district=fixture("pelhrimov")
        ),
        "recommendation": lambda: recommendation_update(
            actor=actor, district=fixture("pelhrimov"), text="Rozšířit NZDM."
        ),
        # Loaded by migration; the national methodologist changes it (catalogue.services).
        "situation": lambda: LifeSituation.objects.get(code="debts"),
        "indicator": lambda: Indicator.objects.get(code="case_conferences"),
        "round": lambda: round_open(
            actor=actor,
            period="2026/2",
            deadline=datetime.date(2027, 1, 31),
            indicators=[Indicator.objects.get(code="new_cases")],
            today=datetime.date(2026, 12, 1),
        ),
        "report": lambda: fixture("ospod") and built["round"].reports.get(),
        "value": lambda: (
            report_save(
                actor=actor, report=built["report"], values={Indicator.objects.get(code="new_cases").pk: 7}, comments={}
            )
            or built["report"].values.get()
        ),
        "item": lambda: action_item_create(
            actor=actor, district=fixture("pelhrimov"), recommendation="Posílit terénní práci s rodinami."
        ),
        "group": lambda: group_create(
            actor=actor,
            name="Platforma pro rodinu",
            kind="platform",
            district=fixture("pelhrimov"),
            organizations=[fixture("organization")],
            contacts=[built["contact"]],
        ),
    }
    built = _Records(builders)
    return built


def test_these_tests_cover_every_model_with_history(records):
    covered = {records[name]._meta.label for name in records.builders}
    # Many-to-many relations are kept in the history of the record they belong to (simple-history's m2m_fields).
    tracked = {model._meta.label for model in registered_models.values() if not model._meta.auto_created}
    assert tracked == covered


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("organization", "created"),
        ("service", "created"),
        ("contact", "created"),
        ("meeting", "created"),
        ("followup", "created"),
        ("attachment", "created"),
        ("need", "created"),
        ("link", "created"),
        ("case", "created"),
        ("involvement", "created"),
        ("role_assignment", "assigned"),
        ("recommendation", "created"),
        ("group", "created"),
        ("round", "created"),
        ("item", "created"),
    ],
)
def test_creating_a_record_through_its_service_records_the_actor(records, actor, name, reason):
    created = records[name].history.last()
    assert (created.history_type, created.history_user, created.history_change_reason) == ("+", actor, reason)
    # Setting its many-to-many relations adds "~" rows, by the same actor.
    assert {row.history_user for row in records[name].history.all()} == {actor}


def test_the_history_of_a_meeting_keeps_who_took_part(records):
    meeting = records["meeting"]
    latest = meeting.history.first()
    assert {row.organization_id for row in latest.organizations.all()} == set(
        meeting.organizations.values_list("pk", flat=True)
    )


UPDATES = [
    ("organization", organization_update, {"phone": "+420 565 351 111"}),
    ("service", service_update, {"capacity": 20}),
    ("contact", contact_update, {"position": "sociální pracovnice"}),
    ("meeting", meeting_update, {"summary": "Dohodnuta společná schůzka"}),
    ("followup", followup_update, {"due_on": datetime.date(2026, 5, 1)}),
    ("need", need_update, {"priority": "high"}),
    ("link", link_update, {"strength": 5}),
    ("case", case_update, {"reference": "OSPOD-2026-999"}),
    ("group", group_update, {"description": "Schází se každý měsíc"}),
    ("situation", life_situation_update, {"description": "Dluhy, exekuce, oddlužení, insolvence."}),
    ("indicator", indicator_update, {"definition": "Případové konference svolané OSPOD v období."}),
    ("item", action_item_update, {"status": "in_progress"}),
]


@pytest.mark.parametrize(("name", "update", "data"), UPDATES, ids=[name for name, _, _ in UPDATES])
def test_changing_a_record_through_its_service_records_the_actor_and_the_reason(
    records, other_actor, name, update, data
):
    record = records[name]
    update(actor=other_actor, **{name: record}, data=data, reason="checked on the phone")
    latest = record.history.first()
    assert (latest.history_type, latest.history_user, latest.history_change_reason) == (
        "~",
        other_actor,
        "checked on the phone",
    )
    field, value = next(iter(data.items()))
    assert getattr(latest, field) == value


def test_the_history_of_a_group_keeps_its_members_and_who_changed_them(records, other_actor, partner):
    group = records["group"]
    group_update(actor=other_actor, group=group, data={"organizations": [records["organization"], partner]})
    latest = group.history.first()
    assert (latest.history_type, latest.history_user) == ("~", other_actor)
    assert {row.organization_id for row in latest.organizations.all()} == {records["organization"].pk, partner.pk}
    assert {row.contact_id for row in latest.contacts.all()} == {records["contact"].pk}
    first = group.history.last()
    assert {row.organization_id for row in first.organizations.all()} == {records["organization"].pk}


def test_a_form_is_given_with_its_round_and_every_value_typed_is_kept(records, actor):
    created = records["report"].history.get()
    assert (created.history_type, created.history_user, created.history_change_reason) == ("+", actor, "round opened")
    assert [row.value for row in records["value"].history.all()] == [7]


def test_a_history_row_is_added_for_each_change(records, other_actor):
    need = records["need"]
    need_update(actor=other_actor, need=need, data={"priority": "high"})
    need_set_status(actor=other_actor, need=need, status="in_progress")
    assert list(need.history.values_list("history_type", "status")) == [
        ("~", "in_progress"),
        ("~", "open"),
        ("+", "open"),
    ]


def test_a_status_change_of_a_need_records_the_actor_and_the_new_status(records, other_actor):
    need = records["need"]
    need_set_status(actor=other_actor, need=need, status="dismissed", note="Řeší sousední ORP")
    latest = need.history.first()
    assert (latest.history_user, latest.status, latest.resolution_note) == (
        other_actor,
        "dismissed",
        "Řeší sousední ORP",
    )
    assert "dismissed" in latest.history_change_reason


def test_completing_a_follow_up_records_the_actor(records, other_actor):
    followup_complete(actor=other_actor, followup=records["followup"])
    latest = records["followup"].history.first()
    assert (latest.history_user, latest.history_change_reason) == (other_actor, "done")


def test_confirming_a_link_records_the_actor(records, other_actor, make_meeting, organization, partner):
    meeting = make_meeting(organizations=[organization, partner])
    link_confirm(actor=other_actor, link=records["link"], meeting=meeting)
    latest = records["link"].history.first()
    assert (latest.history_user, latest.history_change_reason) == (other_actor, "confirmed")


def test_verifying_an_organisation_records_the_actor_and_the_visit(records, other_actor):
    organization, meeting = records["organization"], records["meeting"]
    organization_verify(actor=other_actor, organization=organization, meeting=meeting)
    latest = organization.history.first()
    assert (latest.history_user, latest.history_change_reason) == (other_actor, "verified")
    assert (latest.verified_by_id, latest.verified_in_id) == (other_actor.pk, meeting.pk)


def test_removing_an_involvement_keeps_it_in_the_history_with_the_actor(records, other_actor):
    involvement = records["involvement"]
    pk = involvement.pk
    case_involvement_remove(actor=other_actor, involvement=involvement)
    latest = CaseInvolvement.history.filter(id=pk).first()
    assert (latest.history_type, latest.history_user) == ("-", other_actor)


def test_revoking_a_role_keeps_it_in_the_history_with_the_actor(records, other_actor):
    assignment = records["role_assignment"]
    pk = assignment.pk
    role_revoke(actor=other_actor, assignment=assignment)
    latest = RoleAssignment.history.filter(id=pk).first()
    assert (latest.history_type, latest.history_user, latest.role) == ("-", other_actor, "sitar")


# ------------------------------------------------------------------------------------------------- erasure ----


@pytest.fixture
def known_contact(actor, organization, make_contact):
    """A contact whose personal data changed once, so that two history rows hold them."""
    contact = make_contact(
        organization, name="Jana Dvořáková", position="vedoucí SAS", email="jana@spirala.cz", phone="+420 777 123 456"
    )
    return contact_update(actor=actor, contact=contact, data={"email": "dvorakova@spirala.cz"})


PERSONAL = ("name", "position", "email", "phone")


def test_erasure_anonymises_the_contact(known_contact, other_actor):
    contact_erase(actor=other_actor, contact=known_contact, ground="request")
    known_contact.refresh_from_db()
    assert (known_contact.name, known_contact.position, known_contact.email, known_contact.phone) == (
        ERASED_NAME,
        "",
        "",
        "",
    )
    assert known_contact.erased_at is not None


def test_erasure_scrubs_every_history_row_of_the_contact(known_contact, other_actor):
    contact_erase(actor=other_actor, contact=known_contact, ground="request")
    rows = list(known_contact.history.values(*PERSONAL))
    assert len(rows) == 3
    assert all(row == {"name": ERASED_NAME, "position": "", "email": "", "phone": ""} for row in rows)


def test_erasure_leaves_the_history_of_other_contacts_alone(known_contact, other_actor, organization, make_contact):
    colleague = make_contact(organization, name="Petr Svoboda", email="svoboda@spirala.cz")
    contact_erase(actor=other_actor, contact=known_contact, ground="request")
    assert colleague.history.first().name == "Petr Svoboda"


def test_erasure_is_logged_with_the_actor_and_the_legal_ground(known_contact, other_actor, organization):
    erasure = contact_erase(actor=other_actor, contact=known_contact, ground="request")
    assert ContactErasure.objects.get() == erasure
    assert (erasure.contact, erasure.organization, erasure.erased_by, erasure.ground) == (
        known_contact,
        organization,
        other_actor,
        "request",
    )


def test_erasure_itself_is_in_the_history_with_the_actor(known_contact, other_actor):
    contact_erase(actor=other_actor, contact=known_contact, ground="request")
    latest = known_contact.history.first()
    assert (latest.history_user, latest.history_change_reason, latest.name) == (other_actor, "erased", ERASED_NAME)
