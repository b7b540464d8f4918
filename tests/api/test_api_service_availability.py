"""Free places and waiting time of a service in the API: read with the service and in an organisation's short list of
services, written with the service, and refused as Czech field errors when they cannot be true."""

import datetime

import pytest
from django.utils import timezone

from organizations.models import Service

pytestmark = pytest.mark.django_db


@pytest.fixture
def sas(make_organization, make_service):
    return make_service(make_organization(name="Spirála"), name="SAS", capacity=10, capacity_unit="clients")


def test_free_places_are_written_and_read_with_the_service(api, sas):
    today = timezone.localdate().isoformat()
    response = api.patch(
        f"/api/v1/services/{sas.pk}/",
        {"free_places": 3, "waiting_days": 14, "availability_as_of": today},
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["capacity"], body["capacity_unit"], body["free_places"], body["waiting_days"]) == (
        10,
        "clients",
        3,
        14,
    )
    assert body["availability_as_of"] == today
    nested = api.get(f"/api/v1/organizations/{sas.organization_id}/").json()["services"]
    assert [(row["id"], row["free_places"], row["availability_as_of"]) for row in nested] == [(sas.pk, 3, today)]


def test_more_free_places_than_the_capacity_is_a_czech_field_error(api, sas):
    today = timezone.localdate().isoformat()
    response = api.patch(f"/api/v1/services/{sas.pk}/", {"free_places": 11, "availability_as_of": today}, format="json")
    assert response.status_code == 400
    assert response.json()["free_places"] == ["Volných míst nemůže být víc, než je kapacita."]
    assert Service.objects.get(pk=sas.pk).free_places is None


def test_a_day_in_the_future_is_a_czech_field_error(api, sas):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = api.patch(
        f"/api/v1/services/{sas.pk}/", {"free_places": 1, "availability_as_of": tomorrow}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["availability_as_of"] == ["Datum nemůže být v budoucnosti."]


def test_a_negative_waiting_time_is_a_field_error(api, sas):
    response = api.patch(
        f"/api/v1/services/{sas.pk}/",
        {"waiting_days": -1, "availability_as_of": timezone.localdate().isoformat()},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"waiting_days"}
