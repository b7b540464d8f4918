"""The merge of two records of one organisation (duplicates.merge): every relation moves (counted before and after,
nothing lost, nothing duplicated), links that become the same are merged, a link between the two is dropped, the
history keeps both pasts and the merge, and a failure half-way leaves both records as they were."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from contacts.models import Contact, ContactErasure
from contacts.services import contact_erase
from core.errors import OutOfScope
from duplicates import merge as merge_module
from duplicates.merge import key_of, merge_organizations, merge_undo, organization_relations, what_moves
from duplicates.models import NotDuplicate
from evaluation.collection import round_open
from evaluation.models import Indicator, Report
from meetings.models import Meeting
from meetings.services import group_create
from network.models import Case, CaseInvolvement, CooperationLink, JointCasesSnapshot
from network.services import case_involvement_add
from organizations.models import Organization, OrganizationMerge, Service
from organizations.selectors import organization_by_ico, survivor_of
from organizations.services import organization_update, organization_verify
from permissions.models import RoleAssignment
from permissions.services import role_assign
from surveys import services as surveys
from surveys.models import SurveyAnswer
from tests.surveys.conftest import answers, default_questions

pytestmark = pytest.mark.django_db

# Every foreign key to Organization the merge knows of. A new relation fails test_every_relation_is_covered until it
# is added here and the world below gives the merged record a row of it, which the merge must then move.
KNOWN = {
    "network.Case.ospod",
    "network.CaseInvolvement.organization",
    "network.CooperationLink.source",
    "network.CooperationLink.target",
    "network.JointCasesSnapshot.first",
    "network.JointCasesSnapshot.second",
    "organizations.Organization_served_districts.organization",
    "organizations.Service.organization",
    "organizations.OrganizationMerge.survivor",
    "contacts.Contact.organization",
    "contacts.ContactErasure.organization",
    "meetings.Meeting_organizations.organization",
    "meetings.Meeting.organizer",
    "meetings.Need.raised_by",
    "meetings.WorkingGroup_organizations.organization",
    "permissions.RoleAssignment.organization",
    "evaluation.Report.ospod",
    "duplicates.NotDuplicate.first",
    "duplicates.NotDuplicate.second",
    "surveys.SurveyParticipant.organization",
    "surveys.SurveyAnswer.about",
}
# Those only an OSPOD has (the second world: two records of one OSPOD).
OSPOD_ONLY = {"network.Case.ospod", "permissions.RoleAssignment.organization", "evaluation.Report.ospod"}


def test_every_relation_is_covered():
    assert {key_of(model, field) for model, field in organization_relations()} == KNOWN


def pointing(organization) -> dict[str, int]:
    """How many rows of each relation point to the organisation."""
    return {
        key_of(model, field): model._base_manager.filter(**{field.name: organization.pk}).count()
        for model, field in organization_relations()
    }


@pytest.fixture
def world(
    actor,
    make_organization,
    make_service,
    make_contact,
    make_meeting,
    make_need,
    make_link,
    make_case,
    ospod,
    jihlava_town,
    pelhrimov,
    jihlava,
):
    survivor = make_organization(name="Spirála Pelhřimov, z. s.", served_districts=[pelhrimov])
    merged = make_organization(name="Spirala Pelhrimov", municipality=jihlava_town, served_districts=[jihlava])
    partner = make_organization(name="ZŠ Komenského Pelhřimov", kind="school")
    third = make_organization(name="Charita Pelhřimov", kind="church_charity")
    make_service(survivor)
    make_service(merged)
    make_contact(survivor)
    make_contact(merged)
    erased = make_contact(merged)
    contact_erase(actor=actor, contact=erased, ground="request")
    # Meetings: one the merged record organised with the partner, one both records attended (one participant after).
    organised = make_meeting(organizer=merged, organizations=[merged, partner], held_on=datetime.date(2026, 3, 1))
    both = make_meeting(organizations=[survivor, merged, partner], held_on=datetime.date(2026, 4, 1))
    make_meeting(organizations=[survivor, partner], held_on=datetime.date(2026, 2, 1))
    make_need(raised_by=merged)
    group_create(actor=actor, name="Platforma", kind="platform", district=pelhrimov, organizations=[merged, partner])
    # Links: the same link to the partner from both (merged into one); a link between the two (dropped); the merged
    # record's undirected link from a third organisation that the survivor has the other way round (merged); a link
    # of its own (moved).
    make_link(survivor, partner, strength=2, since=datetime.date(2024, 1, 1), note="Survivor's note", evidence=[both])
    make_link(merged, partner, strength=4, since=datetime.date(2023, 1, 1), note="Merged note", evidence=[organised])
    make_link(survivor, merged, kind="information_sharing")
    make_link(survivor, third, kind="joint_activity")
    make_link(third, merged, kind="joint_activity")
    make_link(merged, ospod, kind="case_cooperation")
    # Cases of the OSPOD: one with both involved (one involvement after), one with the merged record alone.
    shared = make_case()
    case_involvement_add(actor=actor, case=shared, organization=survivor, role="social_service")
    case_involvement_add(actor=actor, case=shared, organization=merged, role="other")
    alone = make_case()
    case_involvement_add(actor=actor, case=alone, organization=merged, role="social_service")
    day = datetime.date(2026, 6, 30)
    pair = sorted([survivor.pk, merged.pk])
    JointCasesSnapshot.objects.create(taken_on=day, first_id=pair[0], second_id=pair[1], band="3-5")
    for other, band in ((partner, "3-5"), (ospod, "6-10")):
        for record in (survivor, merged):
            first, second = sorted([record.pk, other.pk])
            JointCasesSnapshot.objects.create(
                taken_on=day, first_id=first, second_id=second, band=band if record == merged else "3-5"
            )
    first, second = sorted([merged.pk, third.pk])
    NotDuplicate.objects.create(first_id=first, second_id=second)
    NotDuplicate.objects.create(first_id=survivor.pk, second_id=merged.pk)  # said once, the pair is merged after all
    # An earlier merge into the merged record: its old id must now lead to the survivor.
    older = make_organization(name="Spirála (stará)")
    merge_organizations(actor=actor, survivor=merged, merged=older, values={}, reason="older duplicate")
    organization_verify(actor=actor, organization=merged)
    return {"survivor": survivor, "merged": merged, "partner": partner, "third": third, "older": older}


@pytest.fixture
def surveyed(world, actor, make_contact, pelhrimov):
    """The world with a partner survey of the two records and the partner: the merged record rated the partner and
    the survivor, the partner rated both (the survivor's own participant has not answered)."""
    survivor, merged, partner = world["survivor"], world["merged"], world["partner"]
    members = {
        organization.pk: make_contact(organization, email=f"pruzkum{index}@example.cz").pk
        for index, organization in enumerate((survivor, merged, partner))
    }
    round_ = surveys.round_save(
        actor=actor,
        title="Průzkum",
        district=None,
        region=pelhrimov.region,  # the kraj's round: the merged record lies in ORP Jihlava
        deadline=timezone.localdate() + datetime.timedelta(days=14),
        respondents=members,
        questions=default_questions(),
    )
    surveys.round_open(actor=actor, round_=round_)
    surveys.answers_save(
        participant=round_.participants.get(organization=merged),
        data={**answers(partner, 3, trust=3, value=2), **answers(survivor, 4, trust=4, value=4)},
        submit=True,
    )
    surveys.answers_save(
        participant=round_.participants.get(organization=partner),
        data={**answers(survivor, 2, trust=2, value=2), **answers(merged, 3, trust=4, value=4)},
        submit=True,
    )
    return {**world, "round": round_}


def test_the_world_points_to_the_merged_record_through_every_relation_but_an_ospods(surveyed):
    counts = pointing(surveyed["merged"])
    assert {key for key, count in counts.items() if count == 0} == OSPOD_ONLY


def test_a_merge_moves_every_relation_and_loses_nothing(surveyed, actor, ospod, pelhrimov, jihlava):
    world = surveyed
    survivor, merged, partner, third = world["survivor"], world["merged"], world["partner"], world["third"]
    answered = world["round"].participants.get(organization=merged).pk
    partners_answers = set(SurveyAnswer.objects.filter(participant__organization=partner).values_list("pk", flat=True))
    before_survivor, before_merged = pointing(survivor), pointing(merged)
    services = set(Service.objects.filter(organization__in=[survivor, merged]).values_list("pk", flat=True))
    contacts = set(Contact.objects.filter(organization__in=[survivor, merged]).values_list("pk", flat=True))
    erasures = set(ContactErasure.objects.filter(organization=merged).values_list("pk", flat=True))
    meetings_of = set(Meeting.objects.filter(organizations__in=[survivor, merged]).values_list("pk", flat=True))
    merged_verified_at = Organization.objects.get(pk=merged.pk).verified_at
    organizations_before = Organization.objects.count()

    record = merge_organizations(
        actor=actor, survivor=survivor, merged=merged, values={"name": "Spirála Pelhřimov, z. s."}, reason="Same NGO"
    )

    after = pointing(survivor)
    assert not Organization.objects.filter(pk=merged.pk).exists()
    assert Organization.objects.count() == organizations_before - 1
    assert all(count == 0 for count in pointing(merged).values())
    # Plain moves: everything of both, once.
    for key in (
        "organizations.Service.organization",
        "contacts.Contact.organization",
        "contacts.ContactErasure.organization",
        "meetings.Meeting.organizer",
        "meetings.Need.raised_by",
        "meetings.WorkingGroup_organizations.organization",
    ):
        assert after[key] == before_survivor[key] + before_merged[key], key
    assert set(Service.objects.filter(organization=survivor).values_list("pk", flat=True)) == services
    assert set(Contact.objects.filter(organization=survivor).values_list("pk", flat=True)) == contacts
    assert set(ContactErasure.objects.filter(organization=survivor).values_list("pk", flat=True)) == erasures
    # Participants: every meeting of either, the survivor once in each.
    assert set(Meeting.objects.filter(organizations=survivor).values_list("pk", flat=True)) == meetings_of
    assert after["meetings.Meeting_organizations.organization"] == len(meetings_of)
    # The survey: one participant of the survivor in the round, the one that answered (the merged record's), without
    # its answers about the survivor (itself now); the partner's answers about the two are one per question, about
    # the survivor (its answers about the survivor kept).
    assert list(world["round"].participants.filter(organization=survivor).values_list("pk", flat=True)) == [answered]
    assert set(SurveyAnswer.objects.filter(participant_id=answered).values_list("about_id", flat=True)) == {partner.pk}
    about_survivor = SurveyAnswer.objects.filter(participant__organization=partner, about=survivor)
    assert about_survivor.count() == len(default_questions())
    assert set(about_survivor.values_list("pk", flat=True)) < partners_answers
    assert dict(about_survivor.values_list("question__code", "value"))["frequency"] == 2
    # Districts served: the union.
    assert set(Organization.objects.get(pk=survivor.pk).served_districts.all()) == {pelhrimov, jihlava}
    # Links: survivor→partner merged (strength 4, since 2023, both notes, evidence of both); survivor↔merged dropped;
    # third↔merged merged into survivor↔third; merged→OSPOD moved.
    links = CooperationLink.objects.filter(source=survivor) | CooperationLink.objects.filter(target=survivor)
    pairs = sorted((link.source_id, link.target_id, link.kind) for link in links)
    assert pairs == sorted(
        [
            (survivor.pk, partner.pk, "referral"),
            (survivor.pk, third.pk, "joint_activity"),
            (survivor.pk, ospod.pk, "case_cooperation"),
        ]
    )
    joined = CooperationLink.objects.get(source=survivor, target=partner)
    assert joined.strength == 4
    assert joined.since == datetime.date(2023, 1, 1)
    assert "Survivor's note" in joined.note and "Merged note" in joined.note
    assert joined.evidence.count() == 2
    assert joined.confirmed_on == datetime.date(2026, 4, 1)
    assert not CooperationLink.objects.filter(source=survivor, target=survivor).exists()
    # Case involvements: one per case.
    for case in Case.objects.filter(involvements__organization=survivor).distinct():
        assert CaseInvolvement.objects.filter(case=case, organization=survivor).count() == 1
    assert after["network.CaseInvolvement.organization"] == 2
    # Snapshots' pairs: re-pointed, the pair of the two dropped, the higher band kept.
    assert after["network.JointCasesSnapshot.first"] + after["network.JointCasesSnapshot.second"] == 2
    first, second = sorted([survivor.pk, ospod.pk])
    assert JointCasesSnapshot.objects.get(first_id=first, second_id=second).band == "6-10"
    # "Not a duplicate" follows the survivor.
    first, second = sorted([survivor.pk, third.pk])
    assert NotDuplicate.objects.filter(first_id=first, second_id=second).exists()
    # Verification: the later one.
    assert Organization.objects.get(pk=survivor.pk).verified_at == merged_verified_at
    # The old ids: the merged one and the one merged into it earlier lead to the survivor.
    assert record.merged_id == merged.pk
    assert survivor_of(merged.pk) == survivor.pk
    assert survivor_of(world["older"].pk) == survivor.pk
    assert survivor_of(survivor.pk) is None
    # What came from Jihlava lies in Pelhřimov with the survivor.
    assert not Service.objects.filter(organization=survivor).exclude(district=pelhrimov).exists()
    assert not Contact.objects.filter(organization=survivor).exclude(district=pelhrimov).exists()
    assert not CooperationLink.objects.filter(source=survivor).exclude(district=pelhrimov).exists()


def test_the_history_keeps_both_pasts_and_the_merge_with_who_and_why(world, actor):
    survivor, merged = world["survivor"], world["merged"]
    merged_history = merged.history.count()
    merge_organizations(actor=actor, survivor=survivor, merged=merged, values={}, reason="Same NGO")
    history = Organization.history.filter(id=merged.pk)
    assert history.count() == merged_history + 1
    last = history.order_by("-history_date", "-history_id").first()
    assert last.history_type == "-"
    assert last.history_change_reason == f"merged into #{survivor.pk}"
    entry = survivor.history.order_by("-history_date", "-history_id").first()
    assert entry.history_user == actor
    assert entry.history_change_reason == f"merged #{merged.pk} ({merged.name}): Same NGO"


def test_the_card_shows_both_pasts(world, actor, as_user):
    survivor, merged = world["survivor"], world["merged"]
    merge_organizations(actor=actor, survivor=survivor, merged=merged, values={}, reason="Same NGO")
    response = as_user(actor).get(f"/organizations/{survivor.pk}/")
    entries = [row["entry"] for row in response.context["history"]]
    assert {entry.id for entry in entries} >= {survivor.pk, merged.pk}


def test_the_survivor_takes_the_values_chosen_and_moves_with_the_address(
    actor, make_organization, make_service, jihlava_town, jihlava
):
    survivor = make_organization(name="SPC Jihlava")
    merged = make_organization(name="Speciálně pedagogické centrum Jihlava", ico="00064581", municipality=jihlava_town)
    service = make_service(survivor)
    merge_organizations(
        actor=actor,
        survivor=survivor,
        merged=merged,
        values={"name": merged.name, "ico": merged.ico, "municipality": jihlava_town, "street": "Legionářů 1"},
        reason="SPC twice",
    )
    survivor.refresh_from_db()
    assert (survivor.name, survivor.ico, survivor.district) == (merged.name, "00064581", jihlava)
    service.refresh_from_db()
    assert service.district == jihlava
    assert organization_by_ico("00064581") == survivor


def test_the_ico_of_a_merged_record_finds_the_survivor(actor, make_organization):
    survivor = make_organization(name="Azylový dům Klubko")
    merged = make_organization(name="Azylový dům Klubko, o. p. s.", ico="44992785")
    merge_organizations(actor=actor, survivor=survivor, merged=merged, values={}, reason="Twice")
    assert organization_by_ico("44992785") == survivor
    assert organization_by_ico("00064581") is None


def test_a_merge_needs_a_reason_and_two_records(world, actor):
    survivor, merged = world["survivor"], world["merged"]
    with pytest.raises(ValidationError) as exc:
        merge_organizations(actor=actor, survivor=survivor, merged=merged, values={}, reason="  ")
    assert "reason" in exc.value.message_dict
    with pytest.raises(ValidationError):
        merge_organizations(actor=actor, survivor=survivor, merged=survivor, values={}, reason="x")
    with pytest.raises(ValidationError) as exc:
        merge_organizations(actor=actor, survivor=survivor, merged=merged, values={"verified_at": None}, reason="x")
    assert "verified_at" in exc.value.message_dict
    assert Organization.objects.filter(pk=merged.pk).exists()


def test_a_failure_half_way_leaves_both_records_intact(world, actor, monkeypatch):
    survivor, merged = world["survivor"], world["merged"]
    before_survivor, before_merged = pointing(survivor), pointing(merged)
    links = CooperationLink.objects.count()

    def broken(self):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(merge_module.Merge, "involvements", broken)
    with pytest.raises(RuntimeError):
        merge_organizations(actor=actor, survivor=survivor, merged=merged, values={"name": "X"}, reason="Same NGO")
    assert Organization.objects.filter(pk=merged.pk).exists()
    assert Organization.objects.get(pk=survivor.pk).name == survivor.name
    assert (pointing(survivor), pointing(merged)) == (before_survivor, before_merged)
    assert CooperationLink.objects.count() == links
    assert not OrganizationMerge.objects.filter(merged_id=merged.pk).exists()


def test_what_moves_counts_the_merged_records_rows(world):
    counts = {row["key"]: row["count"] for row in what_moves(world["merged"])}
    assert counts["organizations.Service.organization"] == 1
    assert counts["contacts.Contact.organization"] == 2
    assert counts["meetings.Meeting_organizations.organization"] == 2


# Two records of one OSPOD ---------------------------------------------------------------------------------------


@pytest.fixture
def ospods(actor, make_organization, make_case, make_user, ospod):
    twin = make_organization(name="OSPOD Pelhřimov (MěÚ)", kind="ospod")
    case = make_case(owner=twin)
    worker = make_user("ospod.worker")
    role_assign(actor=actor, user=worker, role="ospod", organization=twin)
    both = make_user("ospod.both")
    role_assign(actor=actor, user=both, role="ospod", organization=twin)
    role_assign(actor=actor, user=both, role="ospod", organization=ospod)
    return {"twin": twin, "case": case, "worker": worker, "both": both}


def test_an_ospods_cases_and_roles_move_and_a_twin_role_is_dropped(ospods, actor, ospod):
    twin = ospods["twin"]
    assert {key for key, count in pointing(twin).items() if count} >= OSPOD_ONLY - {"evaluation.Report.ospod"}
    merge_organizations(actor=actor, survivor=ospod, merged=twin, values={}, reason="One OSPOD")
    assert Case.objects.get(pk=ospods["case"].pk).ospod == ospod
    assert RoleAssignment.objects.filter(organization=ospod, user=ospods["worker"]).count() == 1
    assert RoleAssignment.objects.filter(organization=ospod, user=ospods["both"]).count() == 1


def test_an_ospod_stays_an_ospod(ospods, actor, ospod):
    with pytest.raises(ValidationError) as exc:
        merge_organizations(actor=actor, survivor=ospod, merged=ospods["twin"], values={"kind": "ngo"}, reason="x")
    assert "kind" in exc.value.message_dict


def test_two_forms_of_one_round_refuse_the_merge(ospods, actor, ospod, make_user):
    narodni = make_user("narodni.test")
    role_assign(actor=actor, user=narodni, role="narodni")
    round_open(
        actor=narodni,
        period="2026/2",
        deadline=datetime.date(2027, 1, 31),
        indicators=list(Indicator.objects.filter(code="new_cases")),
        today=timezone.localdate(),
    )
    assert Report.objects.filter(ospod__in=[ospod, ospods["twin"]]).count() == 2
    with pytest.raises(ValidationError) as exc:
        merge_organizations(actor=actor, survivor=ospod, merged=ospods["twin"], values={}, reason="One OSPOD")
    assert "2026/2" in exc.value.message_dict["survivor"][0]
    assert Organization.objects.filter(pk=ospods["twin"].pk).exists()


# Scope ------------------------------------------------------------------------------------------------------------


def test_a_merge_out_of_the_actors_reach_is_refused(
    make_organization, make_role_user, pelhrimov, jihlava_town, liberec_town
):
    sitar = make_role_user("sitar.pe", "sitar", district=pelhrimov)
    here = make_organization(name="A")
    here_too = make_organization(name="B")
    jihlava = make_organization(name="C", municipality=jihlava_town)
    with pytest.raises(OutOfScope):
        merge_organizations(actor=sitar, survivor=here, merged=jihlava, values={}, reason="x")
    merge_organizations(actor=sitar, survivor=here, merged=here_too, values={}, reason="x")
    assert not Organization.objects.filter(pk=here_too.pk).exists()


# Undo ---------------------------------------------------------------------------------------------------------------


def rows_of(organization) -> dict[str, set]:
    """The ids of every row pointing to the organisation, by relation, and its own values."""
    rows = {
        key_of(model, field): set(
            model._base_manager.filter(**{field.name: organization.pk}).values_list("pk", flat=True)
        )
        for model, field in organization_relations()
        if model is not Organization.served_districts.through  # its rows come back as new rows: compared as "served"
    }
    stored = Organization.objects.get(pk=organization.pk)
    rows["values"] = {
        (f.attname, str(getattr(stored, f.attname)))
        for f in Organization._meta.concrete_fields
        if f.attname not in ("updated_at",)
    }
    rows["served"] = set(stored.served_districts.values_list("pk", flat=True))
    return rows


def test_a_merge_is_undone_within_a_day_and_everything_goes_back(world, actor):
    survivor, merged = world["survivor"], world["merged"]
    before_survivor, before_merged = rows_of(survivor), rows_of(merged)
    links = set(CooperationLink.objects.values_list("pk", "source_id", "target_id", "strength", "note"))
    evidence = {link.pk: set(link.evidence.values_list("pk", flat=True)) for link in CooperationLink.objects.all()}
    record = merge_organizations(
        actor=actor, survivor=survivor, merged=merged, values={"name": merged.name, "ico": "44992785"}, reason="Twice"
    )
    restored = merge_undo(actor=actor, record=record)
    assert restored.pk == merged.pk
    assert rows_of(survivor) == before_survivor
    assert rows_of(merged) == before_merged
    assert set(CooperationLink.objects.values_list("pk", "source_id", "target_id", "strength", "note")) == links
    assert {link.pk: set(link.evidence.values_list("pk", flat=True)) for link in CooperationLink.objects.all()} == (
        evidence
    )
    assert not OrganizationMerge.objects.filter(merged_id=merged.pk).exists()
    last = merged.history.order_by("-history_date", "-history_id").first()
    assert last.history_change_reason == f"merge of #{merged.pk} undone" and last.history_user == actor


def test_an_undo_is_refused_when_something_changed_or_too_late(world, actor, make_service):
    survivor, merged = world["survivor"], world["merged"]
    record = merge_organizations(actor=actor, survivor=survivor, merged=merged, values={}, reason="Twice")
    organization_update(actor=actor, organization=Organization.objects.get(pk=survivor.pk), data={"phone": "777123456"})
    with pytest.raises(ValidationError) as exc:
        merge_undo(actor=actor, record=record)
    assert [e.code for e in exc.value.error_dict["__all__"]] == ["undo_changed"]
    assert not Organization.objects.filter(pk=merged.pk).exists()
    OrganizationMerge.objects.filter(pk=record.pk).update(merged_at=timezone.now() - datetime.timedelta(days=2))
    with pytest.raises(ValidationError) as exc:
        merge_undo(actor=actor, record=record)
    assert [e.code for e in exc.value.error_dict["__all__"]] == ["undo_too_late"]


def test_an_undo_is_refused_when_the_merge_took_over_survey_answers(surveyed, actor):
    survivor, merged = surveyed["survivor"], surveyed["merged"]
    record = merge_organizations(actor=actor, survivor=survivor, merged=merged, values={}, reason="Twice")
    with pytest.raises(ValidationError) as exc:
        merge_undo(actor=actor, record=record)
    assert [e.code for e in exc.value.error_dict["__all__"]] == ["undo_irreversible"]
    assert not Organization.objects.filter(pk=merged.pk).exists()
    assert OrganizationMerge.objects.filter(pk=record.pk).exists()


def test_erasure_reaches_a_persons_name_quoted_in_what_a_merge_keeps(actor, make_organization, make_link, make_contact):
    survivor = make_organization(name="Kotva Pelhřimov")
    merged = make_organization(name="Kotva, z. s.")
    partner = make_organization(name="ZŠ Pelhřimov", kind="school")
    person = make_contact(partner, name="Jana Nováková")
    make_link(survivor, partner, note="Domluveno s Jana Nováková")
    make_link(merged, partner, note="Volat: Jana Nováková")
    record = merge_organizations(actor=actor, survivor=survivor, merged=merged, values={}, reason="Twice")
    assert "Jana Nováková" in json.dumps(record.moved, ensure_ascii=False)
    contact_erase(actor=actor, contact=person, ground="request")
    record.refresh_from_db()
    assert "Jana Nováková" not in json.dumps(record.moved, ensure_ascii=False)
