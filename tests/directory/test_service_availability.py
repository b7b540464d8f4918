"""Free places and waiting time of a service: said on a visit through service_availability_update, validated (never
more free places than the capacity, nothing negative, no day in the future), kept in the history, and summed in the
directory's rows."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from organizations.models import AVAILABILITY_STALE_AFTER, Service
from organizations.selectors import organization_list
from organizations.services import service_availability_update

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def spirala(make_organization):
    return make_organization(name="Spirála Pelhřimov")


@pytest.fixture
def sas(spirala, make_service):
    return make_service(spirala, name="SAS", capacity=10, capacity_unit="families")


def test_free_places_said_today_are_stored_as_of_today_with_their_author_in_the_history(sas, sitar):
    service_availability_update(actor=sitar, service=sas, free_places=3, waiting_days=14)
    sas.refresh_from_db()
    assert (sas.free_places, sas.waiting_days, sas.availability_as_of) == (3, 14, TODAY())
    latest = sas.history.first()
    assert (latest.history_user_id, latest.free_places) == (sitar.pk, 3)


def test_an_earlier_answer_stays_in_the_history(sas, sitar):
    service_availability_update(actor=sitar, service=sas, free_places=3, waiting_days=14)
    service_availability_update(actor=sitar, service=sas, free_places=0, waiting_days=30)
    assert [row.free_places for row in sas.history.all()[:2]] == [0, 3]


def test_more_free_places_than_the_capacity_is_an_error_on_the_free_places_and_nothing_is_saved(sas, sitar):
    with pytest.raises(ValidationError) as caught:
        service_availability_update(actor=sitar, service=sas, free_places=11, waiting_days=None)
    assert set(caught.value.message_dict) == {"free_places"}
    assert Service.objects.get(pk=sas.pk).free_places is None


def test_a_new_capacity_is_checked_with_the_free_places_given_with_it(sas, sitar):
    service_availability_update(actor=sitar, service=sas, free_places=12, waiting_days=0, capacity=12)
    sas.refresh_from_db()
    assert (sas.capacity, sas.free_places) == (12, 12)


def test_capacity_and_its_unit_stay_unless_given_and_none_clears_them(sas, sitar):
    service_availability_update(actor=sitar, service=sas, free_places=3, waiting_days=0)
    sas.refresh_from_db()
    assert (sas.capacity, sas.capacity_unit) == (10, "families")
    service_availability_update(
        actor=sitar, service=sas, free_places=3, waiting_days=0, capacity=None, capacity_unit=""
    )
    sas.refresh_from_db()
    assert (sas.capacity, sas.capacity_unit, sas.free_places) == (None, "", 3)


def test_a_day_in_the_future_is_an_error_on_the_date(sas, sitar):
    with pytest.raises(ValidationError) as caught:
        service_availability_update(
            actor=sitar, service=sas, free_places=1, waiting_days=0, as_of=TODAY() + datetime.timedelta(days=1)
        )
    assert set(caught.value.message_dict) == {"availability_as_of"}


def test_negative_numbers_are_errors_on_their_fields(sas, sitar):
    with pytest.raises(ValidationError) as caught:
        service_availability_update(actor=sitar, service=sas, free_places=-1, waiting_days=-5)
    assert {"free_places", "waiting_days"} <= set(caught.value.message_dict)


def test_free_places_without_a_day_are_an_error_on_the_date(sas):
    sas.free_places = 2
    with pytest.raises(ValidationError) as caught:
        sas.full_clean()
    assert set(caught.value.message_dict) == {"availability_as_of"}


def test_an_answer_older_than_the_limit_is_stale_and_a_newer_one_is_not(sas):
    sas.availability_as_of = TODAY() - AVAILABILITY_STALE_AFTER
    assert not sas.availability_stale
    sas.availability_as_of -= datetime.timedelta(days=1)
    assert sas.availability_stale


def test_the_directory_sums_the_free_places_of_active_services_as_of_the_oldest_answer(
    spirala, sas, make_service, sitar, make_organization
):
    service_availability_update(actor=sitar, service=sas, free_places=3, waiting_days=0)
    old = TODAY() - datetime.timedelta(days=20)
    make_service(spirala, name="Krizová pomoc", free_places=2, availability_as_of=old)
    make_service(spirala, name="Ukončená", free_places=5, availability_as_of=old, status="ended", active_until=old)
    quiet = make_organization(name="Bez údajů")
    rows = {row.pk: (row.free_places, row.availability_as_of) for row in organization_list(user=sitar)}
    assert rows[spirala.pk] == (5, old)
    assert rows[quiet.pk] == (None, None)


def test_the_card_form_saves_through_the_service_and_returns_to_the_services(client, sas, sitar):
    client.force_login(sitar)
    response = client.post(
        reverse("service-availability", args=[sas.pk]),
        {
            "capacity": "10",
            "capacity_unit": "families",
            "free_places": "4",
            "waiting_days": "",
            "availability_as_of": TODAY().isoformat(),
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"/organizations/{sas.organization_id}/#services")
    sas.refresh_from_db()
    assert (sas.free_places, sas.waiting_days) == (4, None)


def test_the_card_form_clears_the_capacity_left_empty(client, sas, sitar):
    client.force_login(sitar)
    response = client.post(
        reverse("service-availability", args=[sas.pk]),
        {"capacity": "", "capacity_unit": "", "free_places": "4", "availability_as_of": TODAY().isoformat()},
    )
    assert response.status_code == 302
    sas.refresh_from_db()
    assert (sas.capacity, sas.capacity_unit, sas.free_places) == (None, "", 4)


def test_the_card_form_shows_a_czech_error_next_to_the_free_places(client, sas, sitar):
    client.force_login(sitar)
    response = client.post(
        reverse("service-availability", args=[sas.pk]),
        {"capacity": "10", "free_places": "40", "availability_as_of": TODAY().isoformat()},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["free_places"] == ["Volných míst nemůže být víc, než je kapacita."]


def test_a_service_out_of_reach_answers_404(client, make_organization, make_service, liberec, sitar):
    far = make_service(make_organization(name="Daleko", district=liberec), capacity=5)
    client.force_login(sitar)
    response = client.post(reverse("service-availability", args=[far.pk]), {"free_places": "1"})
    assert response.status_code == 404
    assert Service.objects.get(pk=far.pk).free_places is None


def test_the_card_asks_for_the_form_of_a_service_row_only_when_it_is_opened(client, sas, sitar):
    """The card carries a link per service row (the form's own page without JavaScript); htmx asks for the fields alone
    when the row is opened, with the service's current answer filled in."""
    sas.free_places, sas.availability_as_of = 3, TODAY()
    sas.save()
    client.force_login(sitar)
    form_url = reverse("service-availability", args=[sas.pk])
    card = client.get(reverse("organization-detail", args=[sas.organization_id])).content.decode()
    assert f'hx-get="{form_url}"' in card and f'href="{form_url}"' in card
    assert 'name="free_places"' not in card

    fragment = client.get(form_url, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    html = fragment.content.decode()
    assert "<html" not in html and f'action="{form_url}"' in html
    assert fragment.context["form"]["free_places"].value() == 3

    page = client.get(form_url)
    assert "<html" in page.content.decode() and 'name="free_places"' in page.content.decode()
