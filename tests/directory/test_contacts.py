"""Contact persons: scoped with their organisation, validated through the services, erasable on request."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from contacts.models import ERASED_NAME, Contact
from contacts.services import contact_create, contact_erase, contact_update

pytestmark = pytest.mark.django_db


def test_a_contact_is_scoped_with_its_organisation(make_organization, make_contact, liberec_town):
    organization = make_organization(municipality=liberec_town)
    contact = make_contact(organization)
    assert (contact.district_id, contact.region_id) == (organization.district_id, organization.region_id)


def test_it_refuses_consent_as_legal_basis_without_the_date_of_consent(actor, organization):
    before = Contact.objects.count()
    with pytest.raises(ValidationError) as exc:
        contact_create(actor=actor, organization=organization, name="Jana Dvořáková", legal_basis="consent")
    assert "consent_on" in exc.value.message_dict
    assert Contact.objects.count() == before


def test_it_accepts_consent_with_its_date(make_contact, organization):
    contact = make_contact(
        organization, legal_basis="consent", consent_on=datetime.date(2026, 2, 1), shareable_with_ospod=True
    )
    assert contact.shareable_with_ospod


@pytest.mark.parametrize(
    ("field", "value"), [("legal_basis", "because"), ("email", "jana@"), ("phone", "abc"), ("name", "")]
)
def test_it_refuses_a_malformed_field_on_that_field(actor, organization, field, value):
    before = Contact.objects.count()
    data = {"name": "Jana Dvořáková", "legal_basis": "legitimate_interest", field: value}
    with pytest.raises(ValidationError) as exc:
        contact_create(actor=actor, organization=organization, **data)
    assert field in exc.value.message_dict
    assert Contact.objects.count() == before


def test_contact_update_refuses_switching_to_consent_without_its_date_and_keeps_the_old_basis(
    actor, make_contact, organization
):
    contact = make_contact(organization)
    with pytest.raises(ValidationError) as exc:
        contact_update(actor=actor, contact=contact, data={"legal_basis": "consent"})
    assert "consent_on" in exc.value.message_dict
    contact.refresh_from_db()
    assert contact.legal_basis == "legitimate_interest"


def test_contact_update_refuses_moving_a_contact_to_another_organisation(actor, make_contact, organization, partner):
    contact = make_contact(organization)
    with pytest.raises(ValidationError) as exc:
        contact_update(actor=actor, contact=contact, data={"organization": partner})
    assert "organization" in exc.value.message_dict


def test_an_erased_contact_keeps_its_organisation_and_meetings(actor, make_contact, make_meeting, organization):
    contact = make_contact(organization, name="Jana Dvořáková")
    meeting = make_meeting(organizations=[organization], contacts=[contact])
    contact_erase(actor=actor, contact=contact, ground="request")
    contact.refresh_from_db()
    assert contact.name == ERASED_NAME
    assert contact.organization == organization
    assert list(meeting.contacts.all()) == [contact]


def test_an_erased_contact_is_no_longer_shown_to_ospod(actor, make_contact, organization):
    contact = make_contact(organization, shareable_with_ospod=True)
    contact_erase(actor=actor, contact=contact, ground="request")
    contact.refresh_from_db()
    assert contact.is_erased
    assert not contact.shareable_with_ospod


def test_it_refuses_to_fill_an_erased_contact_with_personal_data_again(actor, make_contact, organization):
    contact = make_contact(organization, name="Jana Dvořáková")
    contact_erase(actor=actor, contact=contact, ground="request")
    with pytest.raises(ValidationError):
        contact_update(actor=actor, contact=contact, data={"name": "Jana Dvořáková"})
