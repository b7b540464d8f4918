"""What the families' public catalogue may show of a service: its own phone, e-mail and web, and whether it is
published there. Services from the MPSV registry are published from the start, the others wait for a networker; a
withdrawal needs a reason, which the service and its history keep; nothing is saved when a field is wrong."""

import pytest
from django.core.exceptions import ValidationError

from organizations.models import Service
from organizations.services import service_publication, service_update

pytestmark = pytest.mark.django_db


def test_a_registry_service_is_published_and_a_hand_entered_one_waits(make_organization, make_service):
    organization = make_organization()
    registered = make_service(organization, registry_id="1234567")
    by_hand = make_service(organization)
    assert Service.objects.get(pk=registered.pk).published is True
    assert Service.objects.get(pk=by_hand.pk).published is False
    chosen = make_service(organization, registry_id="7654321", published=False)
    assert Service.objects.get(pk=chosen.pk).published is False


def test_a_withdrawal_without_a_reason_is_a_field_error_and_nothing_changes(actor, make_organization, make_service):
    service = make_service(make_organization(), registry_id="1234567")
    with pytest.raises(ValidationError) as error:
        service_publication(actor=actor, service=service, published=False, reason="   ")
    assert set(error.value.message_dict) == {"withdrawal_reason"}
    with pytest.raises(ValidationError) as error:
        service_update(actor=actor, service=Service.objects.get(pk=service.pk), data={"published": False})
    assert set(error.value.message_dict) == {"withdrawal_reason"}
    stored = Service.objects.get(pk=service.pk)
    assert (stored.published, stored.withdrawal_reason, stored.history.count()) == (True, "", 1)


def test_a_withdrawal_keeps_its_reason_in_the_service_and_its_history_and_publishing_clears_it(
    actor, make_organization, make_service
):
    service = make_service(make_organization(), registry_id="1234567")
    service_publication(actor=actor, service=service, published=False, reason="Služba se přestěhovala, ověřuji.")
    stored = Service.objects.get(pk=service.pk)
    assert (stored.published, stored.withdrawal_reason) == (False, "Služba se přestěhovala, ověřuji.")
    latest = stored.history.order_by("-history_id").first()
    assert (latest.history_change_reason, latest.history_user_id, latest.published) == (
        "Služba se přestěhovala, ověřuji.",
        actor.pk,
        False,
    )
    service_publication(actor=actor, service=stored, published=True)
    stored = Service.objects.get(pk=service.pk)
    assert (stored.published, stored.withdrawal_reason) == (True, "")
    assert stored.history.order_by("-history_id").first().history_change_reason == "published in the catalogue"


def test_the_services_own_ways_in_are_checked_field_by_field(actor, make_organization, make_service):
    service = make_service(make_organization())
    with pytest.raises(ValidationError) as error:
        service_update(actor=actor, service=service, data={"phone": "volejte", "email": "nikdo", "web": "nic"})
    assert set(error.value.message_dict) == {"phone", "email", "web"}
    assert Service.objects.filter(pk=service.pk, phone="", email="", web="").exists()
    service_update(
        actor=actor,
        service=Service.objects.get(pk=service.pk),
        data={"phone": "+420 565 123 456", "email": "poradna@example.cz", "web": "https://poradna.example.cz"},
    )
    assert Service.objects.filter(pk=service.pk, email="poradna@example.cz").exists()
