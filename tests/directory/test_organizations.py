"""Organisations and services: IČO, placement by address, and validation through the services (nothing half-saved)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from organizations.models import Organization, Service
from organizations.services import (
    organization_create,
    organization_update,
    organization_verify,
    service_create,
    service_update,
)
from organizations.validators import ico_is_valid, validate_ico

pytestmark = pytest.mark.django_db

VALID_ICOS = ["00551023", "00064581", "44992785", "00845451", "70891095"]
INVALID_ICOS = [("12345678", "ico_checksum"), ("1234", "ico_format"), ("abcdefgh", "ico_format")]


# --------------------------------------------------------------------------------------------------------- IČO ----


@pytest.mark.parametrize("ico", VALID_ICOS)
def test_it_accepts_a_valid_ico(ico):
    assert ico_is_valid(ico)
    validate_ico(ico)


@pytest.mark.parametrize(("ico", "code"), INVALID_ICOS)
def test_it_rejects_an_invalid_ico_with_a_clear_message(ico, code):
    assert not ico_is_valid(ico)
    with pytest.raises(ValidationError) as exc:
        validate_ico(ico)
    assert exc.value.code == code
    assert str(exc.value.messages[0]).strip()


@pytest.mark.parametrize(("ico", "code"), INVALID_ICOS)
def test_organization_create_refuses_an_invalid_ico_on_the_ico_field_and_saves_nothing(
    actor, pelhrimov_town, ico, code
):
    before = Organization.objects.count()
    with pytest.raises(ValidationError) as exc:
        organization_create(
            actor=actor, name="Charita Pelhřimov", kind="church_charity", ico=ico, municipality=pelhrimov_town
        )
    assert "ico" in exc.value.message_dict
    assert code in [error.code for error in exc.value.error_dict["ico"]]
    assert exc.value.message_dict["ico"][0].strip()
    assert Organization.objects.count() == before


@pytest.mark.parametrize("ico", VALID_ICOS)
def test_organization_create_accepts_a_valid_ico(make_organization, ico):
    assert make_organization(ico=ico).ico == ico


def test_it_keeps_leading_zeros_and_trims_spaces_of_an_ico(make_organization):
    organization = make_organization(ico=" 00064581 ")
    organization.refresh_from_db()
    assert organization.ico == "00064581"


def test_it_refuses_a_second_organisation_with_the_same_ico(make_organization):
    make_organization(ico="44992785")
    before = Organization.objects.count()
    with pytest.raises(ValidationError) as exc:
        make_organization(ico="44992785")
    assert [error.code for error in exc.value.error_dict["ico"]] == ["unique"]
    assert Organization.objects.count() == before


def test_it_allows_several_organisations_without_ico(make_organization):
    make_organization(ico="")
    make_organization(ico=None)
    make_organization()
    assert Organization.objects.filter(ico__isnull=True).count() == 3


def test_organization_update_refuses_an_invalid_ico_and_keeps_the_old_one(actor, make_organization):
    organization = make_organization(ico="00551023")
    with pytest.raises(ValidationError) as exc:
        organization_update(actor=actor, organization=organization, data={"ico": "12345678"})
    assert "ico" in exc.value.message_dict
    organization.refresh_from_db()
    assert organization.ico == "00551023"


# ------------------------------------------------------------------------------------------------ placement ----


def test_an_organisation_is_placed_in_the_district_and_region_of_its_municipality(
    make_organization, kamenice_nad_lipou
):
    organization = make_organization(municipality=kamenice_nad_lipou)
    assert organization.district.code == "6110"
    assert organization.region.code == "3107"


def test_an_organisation_without_address_is_placed_in_the_district_given(make_organization, liberec):
    organization = make_organization(district=liberec)
    assert organization.municipality is None
    assert (organization.district, organization.region_id) == (liberec, liberec.region_id)


def test_it_refuses_an_organisation_with_neither_address_nor_district(actor):
    before = Organization.objects.count()
    with pytest.raises(ValidationError) as exc:
        organization_create(actor=actor, name="Bez adresy", kind="ngo")
    assert "district" in exc.value.message_dict
    assert Organization.objects.count() == before


def test_it_refuses_a_municipality_that_lies_in_another_district_than_the_one_given(actor, jihlava, pelhrimov_town):
    before = Organization.objects.count()
    with pytest.raises(ValidationError) as exc:
        organization_create(actor=actor, name="Zmatek", kind="ngo", municipality=pelhrimov_town, district=jihlava)
    assert "district" in exc.value.message_dict
    assert exc.value.message_dict["district"][0].strip()
    assert Organization.objects.count() == before


def test_it_accepts_a_municipality_with_its_own_district_given(make_organization, pelhrimov, kamenice_nad_lipou):
    organization = make_organization(municipality=kamenice_nad_lipou, district=pelhrimov)
    assert organization.district == pelhrimov


# ------------------------------------------------------------------------------------------ other fields ----


@pytest.mark.parametrize("given", [{"latitude": "49.3863"}, {"longitude": "15.1680"}])
def test_it_refuses_only_one_of_the_two_coordinates(actor, pelhrimov_town, given):
    before = Organization.objects.count()
    with pytest.raises(ValidationError) as exc:
        organization_create(actor=actor, name="Půl mapy", kind="ngo", municipality=pelhrimov_town, **given)
    assert set(exc.value.message_dict) & {"latitude", "longitude"}
    assert Organization.objects.count() == before


def test_it_accepts_both_coordinates(make_organization):
    organization = make_organization(latitude="49.386312", longitude="15.168041")
    organization.refresh_from_db()
    assert (str(organization.latitude), str(organization.longitude)) == ("49.386312", "15.168041")


def test_it_refuses_coordinates_outside_czechia(actor, pelhrimov_town):
    with pytest.raises(ValidationError) as exc:
        organization_create(
            actor=actor, name="Daleko", kind="ngo", municipality=pelhrimov_town, latitude="60.0", longitude="15.0"
        )
    assert "latitude" in exc.value.message_dict


@pytest.mark.parametrize(
    ("field", "value"),
    [("postcode", "3930"), ("phone", "12"), ("email", "not-an-email"), ("web", "not a web"), ("kind", "spaceship")],
)
def test_it_refuses_a_malformed_field_on_that_field(actor, pelhrimov_town, field, value):
    before = Organization.objects.count()
    data = {"name": "Překlepy", "kind": "ngo", "municipality": pelhrimov_town, field: value}
    with pytest.raises(ValidationError) as exc:
        organization_create(actor=actor, **data)
    assert field in exc.value.message_dict
    assert Organization.objects.count() == before


def test_it_refuses_to_set_a_field_the_service_does_not_allow(actor, make_organization):
    organization = make_organization()
    with pytest.raises(ValidationError) as exc:
        organization_update(actor=actor, organization=organization, data={"verified_at": None})
    assert "verified_at" in exc.value.message_dict


# ----------------------------------------------------------------------------------- moving the address ----


def test_moving_the_address_to_another_region_moves_the_organisation(actor, make_organization, liberec_town):
    organization = make_organization()
    organization_update(actor=actor, organization=organization, data={"municipality": liberec_town})
    organization.refresh_from_db()
    assert organization.district.code == "5105"
    assert organization.region.code == "3077"


def test_moving_the_address_moves_the_services_and_contacts(
    actor, make_organization, make_service, make_contact, liberec_town
):
    organization = make_organization()
    service = make_service(organization)
    contact = make_contact(organization)
    organization_update(actor=actor, organization=organization, data={"municipality": liberec_town})
    service.refresh_from_db()
    contact.refresh_from_db()
    assert (service.district_id, service.region_id) == (organization.district_id, organization.region_id)
    assert (contact.district_id, contact.region_id) == (organization.district_id, organization.region_id)


def test_moving_the_address_within_the_district_keeps_it_there(actor, make_organization, kamenice_nad_lipou):
    organization = make_organization()
    organization_update(actor=actor, organization=organization, data={"municipality": kamenice_nad_lipou})
    organization.refresh_from_db()
    assert organization.district.code == "6110"


def test_hiding_the_address_keeps_the_district(actor, make_organization, pelhrimov):
    organization = make_organization()
    organization_update(actor=actor, organization=organization, data={"municipality": None})
    organization.refresh_from_db()
    assert organization.municipality is None
    assert organization.district == pelhrimov


def test_a_refused_move_leaves_the_organisation_and_its_services_where_they_were(
    actor, make_organization, make_service, liberec_town, pelhrimov
):
    organization = make_organization()
    service = make_service(organization)
    with pytest.raises(ValidationError):
        organization_update(
            actor=actor, organization=organization, data={"municipality": liberec_town, "ico": "12345678"}
        )
    organization.refresh_from_db()
    service.refresh_from_db()
    assert organization.district == pelhrimov
    assert service.district == pelhrimov


def test_an_organisation_without_address_moves_with_the_district_given_and_its_services_follow(
    actor, make_organization, make_service, pelhrimov, liberec
):
    organization = make_organization(district=pelhrimov)
    service = make_service(organization)
    organization_update(actor=actor, organization=organization, data={"district": liberec})
    service.refresh_from_db()
    assert (service.district, service.region_id) == (liberec, liberec.region_id)


def test_organization_update_refuses_a_district_other_than_that_of_its_municipality(
    actor, make_organization, liberec, pelhrimov
):
    organization = make_organization()
    with pytest.raises(ValidationError) as exc:
        organization_update(actor=actor, organization=organization, data={"district": liberec})
    assert "district" in exc.value.message_dict
    organization.refresh_from_db()
    assert organization.district == pelhrimov


# -------------------------------------------------------------------------------------------- verification ----


def test_verifying_records_when_by_whom_and_on_which_visit(actor, make_organization, make_meeting):
    organization = make_organization()
    visit = make_meeting(kind="visit", organizations=[organization])
    organization_verify(actor=actor, organization=organization, meeting=visit)
    organization.refresh_from_db()
    assert organization.verified_at is not None
    assert (organization.verified_by, organization.verified_in) == (actor, visit)


def test_a_visit_logged_later_verifies_the_organisation_on_the_day_of_the_visit(actor, make_organization, make_meeting):
    organization = make_organization()
    visit = make_meeting(
        kind="visit", organizations=[organization], held_on=datetime.date(2026, 3, 10), ends_at=datetime.time(11, 30)
    )
    organization_verify(actor=actor, organization=organization, meeting=visit)
    organization.refresh_from_db()
    assert timezone.localtime(organization.verified_at).replace(tzinfo=None) == datetime.datetime(2026, 3, 10, 11, 30)


def test_the_organiser_of_a_visit_counts_as_taking_part_in_it(actor, make_organization, make_meeting):
    organization = make_organization()
    visit = make_meeting(kind="visit", organizer=organization)
    organization_verify(actor=actor, organization=organization, meeting=visit)
    organization.refresh_from_db()
    assert organization.verified_in == visit


def test_it_refuses_verifying_on_a_visit_the_organisation_did_not_take_part_in(
    actor, make_organization, make_meeting, partner
):
    organization = make_organization()
    visit = make_meeting(kind="visit", organizations=[partner])
    with pytest.raises(ValidationError) as exc:
        organization_verify(actor=actor, organization=organization, meeting=visit)
    assert "meeting" in exc.value.message_dict
    organization.refresh_from_db()
    assert organization.verified_at is None


def test_editing_an_organisation_does_not_count_as_verifying_it(actor, make_organization):
    organization = make_organization()
    organization_update(actor=actor, organization=organization, data={"phone": "+420 565 351 111"})
    organization.refresh_from_db()
    assert (organization.verified_at, organization.verified_by) == (None, None)


# ------------------------------------------------------------------------------------------------ services ----


def test_a_service_is_scoped_with_its_organisation(make_organization, make_service, liberec_town):
    organization = make_organization(municipality=liberec_town)
    service = make_service(organization)
    assert (service.district_id, service.region_id) == (organization.district_id, organization.region_id)


def test_it_refuses_an_ended_service_without_its_end_date(actor, organization, sas_families):
    before = Service.objects.count()
    with pytest.raises(ValidationError) as exc:
        service_create(actor=actor, organization=organization, name="SAS", kind=sas_families, status="ended")
    assert "active_until" in exc.value.message_dict
    assert Service.objects.count() == before


def test_it_accepts_an_ended_service_with_its_end_date(make_service, organization):
    service = make_service(organization, status="ended", active_until=datetime.date(2025, 12, 31))
    assert service.status == "ended"


def test_it_refuses_a_service_that_ends_before_it_starts(actor, organization, sas_families):
    with pytest.raises(ValidationError) as exc:
        service_create(
            actor=actor,
            organization=organization,
            name="SAS",
            kind=sas_families,
            active_from=datetime.date(2026, 1, 1),
            active_until=datetime.date(2025, 1, 1),
        )
    assert "active_until" in exc.value.message_dict


def test_it_refuses_an_upper_age_below_the_lower_one(actor, organization, sas_families):
    with pytest.raises(ValidationError) as exc:
        service_create(actor=actor, organization=organization, name="NZDM", kind=sas_families, age_from=15, age_to=12)
    assert "age_to" in exc.value.message_dict


def test_it_refuses_a_second_service_with_the_same_registry_identifier(make_service, organization):
    make_service(organization, registry_id="1234567")
    before = Service.objects.count()
    with pytest.raises(ValidationError) as exc:
        make_service(organization, registry_id="1234567")
    assert "registry_id" in exc.value.message_dict
    assert Service.objects.count() == before


def test_it_allows_several_services_without_registry_identifier(make_service, organization):
    make_service(organization, registry_id="")
    make_service(organization)
    assert Service.objects.filter(registry_id__isnull=True).count() == 2


def test_a_service_keeps_its_target_groups_and_districts_served(
    make_service, organization, families_with_children, pelhrimov, jihlava
):
    service = make_service(organization, target_groups=[families_with_children], served_districts=[pelhrimov, jihlava])
    assert list(service.target_groups.all()) == [families_with_children]
    assert set(service.served_districts.all()) == {pelhrimov, jihlava}


def test_service_update_refuses_ending_a_service_without_the_date_and_keeps_it_active(
    actor, make_service, organization
):
    service = make_service(organization)
    with pytest.raises(ValidationError) as exc:
        service_update(actor=actor, service=service, data={"status": "ended"})
    assert "active_until" in exc.value.message_dict
    service.refresh_from_db()
    assert service.status == "active"


def test_the_search_name_follows_the_name_without_diacritics_and_case(actor, make_organization):
    organization = make_organization(name="Středisko  Úsměv")
    assert organization.search_name == "stredisko usmev"
    organization_update(actor=actor, organization=organization, data={"name": "Žlutý Kůň"})
    organization.refresh_from_db()
    assert organization.search_name == "zluty kun"
