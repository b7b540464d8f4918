"""Cooperation links and case networks, validated through their services, with nothing half-saved."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from network.models import Case, CaseInvolvement, CooperationLink
from network.services import (
    case_create,
    case_involvement_add,
    case_involvement_remove,
    case_update,
    link_confirm,
    link_create,
    link_update,
)
from organizations.services import organization_update

pytestmark = pytest.mark.django_db

OPENED_ON = datetime.date(2026, 1, 15)


def _refused_link(actor, source, target, **fields) -> ValidationError:
    """Try to create a link that must be refused; check nothing was saved and return the error."""
    before = CooperationLink.objects.count()
    with pytest.raises(ValidationError) as exc:
        link_create(actor=actor, source=source, target=target, **{"kind": "referral", **fields})
    assert CooperationLink.objects.count() == before
    return exc.value


def _refused_case(actor, ospod, reference, **fields) -> ValidationError:
    before = Case.objects.count()
    with pytest.raises(ValidationError) as exc:
        case_create(actor=actor, ospod=ospod, reference=reference, **{"opened_on": OPENED_ON, **fields})
    assert Case.objects.count() == before
    return exc.value


# ---------------------------------------------------------------------------------------------------- links ----


def test_a_link_is_placed_in_the_territory_of_its_source(make_organization, make_link, liberec_town, organization):
    source = make_organization(municipality=liberec_town)
    link = make_link(source, organization)
    assert (link.district_id, link.region_id) == (source.district_id, source.region_id)


def test_it_refuses_a_link_to_itself(actor, organization):
    error = _refused_link(actor, organization, organization)
    assert "target" in error.message_dict
    assert error.message_dict["target"][0].strip()


@pytest.mark.parametrize("strength", [0, 6])
def test_it_refuses_a_strength_outside_one_to_five(actor, organization, partner, strength):
    error = _refused_link(actor, organization, partner, strength=strength)
    assert "strength" in error.message_dict


@pytest.mark.parametrize("strength", [1, 5])
def test_it_accepts_a_strength_from_one_to_five(make_link, organization, partner, strength):
    assert make_link(organization, partner, strength=strength).strength == strength


def test_it_refuses_a_formalised_link_without_the_date_of_its_agreement(actor, organization, partner):
    error = _refused_link(actor, organization, partner, kind="formal_agreement", formalized=True)
    assert "agreement_date" in error.message_dict


def test_it_refuses_an_agreement_date_on_a_link_not_marked_formalised(actor, organization, partner):
    error = _refused_link(actor, organization, partner, agreement_date=datetime.date(2025, 6, 1))
    assert "formalized" in error.message_dict


def test_it_accepts_a_formalised_link_with_its_agreement_date(make_link, organization, partner):
    link = make_link(
        organization, partner, kind="formal_agreement", formalized=True, agreement_date=datetime.date(2025, 6, 1)
    )
    assert link.formalized


def test_it_refuses_a_link_that_ends_before_it_starts(actor, organization, partner):
    error = _refused_link(
        actor, organization, partner, since=datetime.date(2025, 6, 1), until=datetime.date(2025, 1, 1)
    )
    assert "until" in error.message_dict


def test_it_refuses_an_ended_link_without_its_end_date(actor, organization, partner):
    error = _refused_link(actor, organization, partner, status="ended")
    assert "until" in error.message_dict


def test_it_refuses_a_second_link_of_the_same_kind_between_the_same_organisations(
    actor, make_link, organization, partner
):
    make_link(organization, partner)
    error = _refused_link(actor, organization, partner)
    assert error.messages


def test_it_refuses_the_reverse_of_an_undirected_link_of_the_same_kind(actor, make_link, organization, partner):
    make_link(organization, partner, kind="information_sharing")
    error = _refused_link(actor, partner, organization, kind="information_sharing")
    assert "target" in error.message_dict


def test_it_accepts_directed_links_both_ways(make_link, organization, partner):
    make_link(organization, partner, directed=True)
    make_link(partner, organization, directed=True)
    assert CooperationLink.objects.count() == 2


def test_it_refuses_as_evidence_a_meeting_one_of_the_organisations_missed(actor, make_meeting, organization, partner):
    meeting = make_meeting(organizations=[organization])
    error = _refused_link(actor, organization, partner, evidence=[meeting])
    assert "evidence" in error.message_dict


def test_a_link_is_confirmed_on_the_date_of_its_latest_evidence(make_meeting, make_link, organization, partner):
    earlier = make_meeting(held_on=datetime.date(2025, 9, 1), organizations=[organization, partner])
    later = make_meeting(held_on=datetime.date(2026, 2, 1), organizations=[organization, partner])
    link = make_link(organization, partner, evidence=[earlier, later])
    link.refresh_from_db()
    assert link.confirmed_on == datetime.date(2026, 2, 1)


def test_the_organiser_of_a_meeting_counts_as_present_for_evidence(make_meeting, make_link, organization, partner):
    meeting = make_meeting(organizer=organization, organizations=[partner])
    assert make_link(organization, partner, evidence=[meeting]).confirmed_on == meeting.held_on


def test_link_confirm_reconfirms_a_link_on_the_date_of_the_meeting(
    actor, make_meeting, make_link, organization, partner
):
    link = make_link(organization, partner, since=datetime.date(2024, 1, 1))
    assert link.needs_reconfirmation(datetime.date(2026, 3, 1))
    meeting = make_meeting(held_on=datetime.date(2026, 2, 20), organizations=[organization, partner])
    link_confirm(actor=actor, link=link, meeting=meeting)
    link.refresh_from_db()
    assert link.confirmed_on == datetime.date(2026, 2, 20)
    assert not link.needs_reconfirmation(datetime.date(2026, 3, 1))


def test_link_confirm_refuses_a_meeting_one_of_the_organisations_missed(
    actor, make_meeting, make_link, organization, partner
):
    link = make_link(organization, partner)
    meeting = make_meeting(organizations=[partner])
    with pytest.raises(ValidationError) as exc:
        link_confirm(actor=actor, link=link, meeting=meeting)
    assert "meeting" in exc.value.message_dict
    assert not link.evidence.exists()


def test_link_update_refuses_a_strength_of_six_and_keeps_the_old_one(actor, make_link, organization, partner):
    link = make_link(organization, partner, strength=4)
    with pytest.raises(ValidationError) as exc:
        link_update(actor=actor, link=link, data={"strength": 6})
    assert "strength" in exc.value.message_dict
    link.refresh_from_db()
    assert link.strength == 4


def test_link_update_refuses_changing_the_organisations(actor, make_link, organization, partner, make_organization):
    link = make_link(organization, partner)
    with pytest.raises(ValidationError) as exc:
        link_update(actor=actor, link=link, data={"target": make_organization()})
    assert "target" in exc.value.message_dict


def test_a_link_follows_its_source_organisation_to_another_district(
    actor, make_link, organization, partner, liberec_town
):
    link = make_link(organization, partner)
    organization_update(actor=actor, organization=organization, data={"municipality": liberec_town})
    link.refresh_from_db()
    assert (link.district.code, link.region.code) == ("5105", "3077")


def test_a_link_stays_in_its_sources_territory_when_the_target_moves(
    actor, make_link, organization, partner, liberec_town
):
    link = make_link(organization, partner)
    organization_update(actor=actor, organization=partner, data={"municipality": liberec_town})
    link.refresh_from_db()
    assert link.district.code == "6110"


# ---------------------------------------------------------------------------------------------------- cases ----


def test_a_case_is_placed_in_the_district_of_its_ospod(make_case, ospod):
    case = make_case()
    assert (case.district_id, case.region_id) == (ospod.district_id, ospod.region_id)


@pytest.mark.parametrize("reference", ["OSPOD-2026-014", "PE/2026/7", "rodina_A.12"])
def test_it_accepts_a_pseudonymous_case_reference(make_case, reference):
    assert make_case(reference=reference).reference == reference


@pytest.mark.parametrize(
    ("reference", "code"),
    [
        ("080512/1234", "birth_number"),
        ("0805121234", "birth_number"),
        ("080512 / 123", "birth_number"),
        ("Jan Novák", "personal_name"),
        ("případ Jan Novák", "personal_name"),
        ("12.5.2008", "date"),
        ("12. 5. 2008", "date"),
        ("2008-05-12", "date"),
        ("OSPOD#1", "characters"),
    ],
)
def test_it_refuses_a_case_reference_that_could_identify_a_child(actor, ospod, reference, code):
    error = _refused_case(actor, ospod, reference)
    assert [e.code for e in error.error_dict["reference"]] == [code]
    assert error.message_dict["reference"][0].strip()


def test_it_refuses_a_case_reference_with_the_surname_in_capitals_first(actor, ospod):
    error = _refused_case(actor, ospod, "NOVÁK Jan")
    assert "reference" in error.message_dict


def test_it_refuses_a_case_reference_with_a_date_written_with_slashes(actor, ospod):
    error = _refused_case(actor, ospod, "12/5/2008")
    assert "reference" in error.message_dict


def test_case_update_refuses_a_birth_number_and_keeps_the_old_reference(actor, make_case):
    case = make_case(reference="OSPOD-2026-001")
    with pytest.raises(ValidationError) as exc:
        case_update(actor=actor, case=case, data={"reference": "080512/1234"})
    assert "reference" in exc.value.message_dict
    case.refresh_from_db()
    assert case.reference == "OSPOD-2026-001"


def test_it_refuses_a_case_owned_by_an_organisation_that_is_not_an_ospod(actor, organization):
    error = _refused_case(actor, organization, "OSPOD-2026-001")
    assert "ospod" in error.message_dict


def test_it_refuses_the_same_reference_twice_for_one_ospod(actor, make_case, ospod):
    make_case(reference="OSPOD-2026-001")
    error = _refused_case(actor, ospod, "OSPOD-2026-001")
    assert error.messages


def test_it_refuses_a_case_that_closes_before_it_opens(actor, ospod):
    error = _refused_case(actor, ospod, "OSPOD-2026-001", status="closed", closed_on=datetime.date(2025, 12, 1))
    assert "closed_on" in error.message_dict


def test_it_refuses_a_closed_case_without_the_date_it_closed(actor, ospod):
    error = _refused_case(actor, ospod, "OSPOD-2026-001", status="closed")
    assert "closed_on" in error.message_dict


def test_an_involvement_is_scoped_with_its_case(actor, make_case, organization):
    case = make_case()
    involvement = case_involvement_add(actor=actor, case=case, organization=organization, role="social_service")
    assert (involvement.district_id, involvement.region_id) == (case.district_id, case.region_id)


def test_it_refuses_involving_the_owning_ospod_in_its_own_case(actor, make_case, ospod):
    case = make_case()
    with pytest.raises(ValidationError) as exc:
        case_involvement_add(actor=actor, case=case, organization=ospod, role="other")
    assert "organization" in exc.value.message_dict
    assert not CaseInvolvement.objects.exists()


def test_it_refuses_an_involvement_that_ends_before_it_starts(actor, make_case, organization):
    with pytest.raises(ValidationError) as exc:
        case_involvement_add(
            actor=actor,
            case=make_case(),
            organization=organization,
            role="school",
            since=datetime.date(2026, 2, 1),
            until=datetime.date(2026, 1, 1),
        )
    assert "until" in exc.value.message_dict
    assert not CaseInvolvement.objects.exists()


def test_it_refuses_the_same_organisation_twice_in_the_same_role(actor, make_case, organization):
    case = make_case()
    case_involvement_add(actor=actor, case=case, organization=organization, role="school")
    with pytest.raises(ValidationError):
        case_involvement_add(actor=actor, case=case, organization=organization, role="school")
    assert CaseInvolvement.objects.count() == 1


def test_it_refuses_an_unknown_involvement_role(actor, make_case, organization):
    with pytest.raises(ValidationError) as exc:
        case_involvement_add(actor=actor, case=make_case(), organization=organization, role="bystander")
    assert "role" in exc.value.message_dict


def test_removing_an_involvement_deletes_it(actor, make_case, organization):
    involvement = case_involvement_add(actor=actor, case=make_case(), organization=organization, role="school")
    case_involvement_remove(actor=actor, involvement=involvement)
    assert not CaseInvolvement.objects.exists()


def test_the_cases_of_an_ospod_and_their_involvements_follow_it_to_another_district(
    actor, make_case, ospod, organization, jihlava_town
):
    case = make_case()
    involvement = case_involvement_add(actor=actor, case=case, organization=organization, role="school")
    organization_update(actor=actor, organization=ospod, data={"municipality": jihlava_town})
    case.refresh_from_db()
    involvement.refresh_from_db()
    assert case.district.code == involvement.district.code == "6105"
