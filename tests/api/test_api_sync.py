"""What a tablet that syncs relies on: a meeting sent in one request, creates it may repeat, ETags with If-Match,
throttles, and errors in the language of Accept-Language."""

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone
from rest_framework.settings import api_settings
from rest_framework.test import APIClient

from meetings.models import FollowUp, Meeting, Need
from meetings.services import meeting_create
from organizations.services import organization_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit(organization, partner, make_contact, sitar):
    """What a tablet sends after a visit: participants, two follow-ups and a need, each with the tablet's UUID."""
    contact = make_contact(organization, name="Jana Dvořáková")
    return {
        "uuid": str(uuid.uuid4()),
        "kind": "visit",
        "title": "Návštěva Spirály",
        "held_on": "2026-11-20",
        "district": "6110",
        "organizations": [organization.pk, partner.pk],
        "contacts": [contact.pk],
        "summary": "Probrali jsme spolupráci se školou.",
        "outcomes": "Společná schůzka v prosinci.",
        "followups": [
            {
                "uuid": str(uuid.uuid4()),
                "description": "Poslat kontakt na OSPOD",
                "assignee": sitar.username,
                "due_on": "2026-12-01",
            },
            {"uuid": str(uuid.uuid4()), "description": "Domluvit termín schůzky", "due_on": "2026-12-05"},
        ],
        "needs": [{"uuid": str(uuid.uuid4()), "title": "Chybí dluhová poradna", "category": "missing_service"}],
    }


def test_a_meeting_comes_in_one_request_with_participants_follow_ups_and_needs(api, visit, sitar):
    response = api.post("/api/v1/meetings/", visit, format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    meeting = Meeting.objects.get(uuid=visit["uuid"])
    assert body["id"] == meeting.pk and body["version"] == 1 and response["ETag"] == '"1"'
    assert (body["district"], body["region"]) == ("6110", "3107")
    assert sorted(body["organizations"]) == sorted(visit["organizations"]) and body["contacts"] == visit["contacts"]
    assert {f["uuid"] for f in body["followups"]} == {f["uuid"] for f in visit["followups"]}
    assert FollowUp.objects.get(uuid=visit["followups"][0]["uuid"]).assignee == sitar
    need = Need.objects.get(uuid=visit["needs"][0]["uuid"])
    assert (need.raised_in, need.district.code, need.created_by) == (meeting, "6110", sitar)
    assert [n["uuid"] for n in body["needs"]] == [visit["needs"][0]["uuid"]]


def test_sending_the_same_meeting_again_returns_it_and_creates_nothing(api, visit):
    first = api.post("/api/v1/meetings/", visit, format="json")
    again = api.post("/api/v1/meetings/", visit, format="json")

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert (Meeting.objects.count(), FollowUp.objects.count(), Need.objects.count()) == (1, 2, 1)


def test_a_repeated_follow_up_is_not_duplicated(api, make_meeting):
    meeting = make_meeting()
    body = {"uuid": str(uuid.uuid4()), "meeting": meeting.pk, "description": "Zavolat škole"}
    statuses = [api.post("/api/v1/followups/", body, format="json").status_code for _ in range(2)]
    assert statuses == [201, 200] and FollowUp.objects.filter(uuid=body["uuid"]).count() == 1


def test_a_uuid_of_a_record_out_of_sight_is_refused_on_its_field(api, make_meeting, liberec):
    hidden = make_meeting(district=liberec)
    response = api.post(
        "/api/v1/meetings/",
        {"uuid": str(hidden.uuid), "kind": "visit", "title": "Cizí", "held_on": "2026-11-20", "district": "6110"},
        format="json",
    )
    assert response.status_code == 400 and "uuid" in response.json()
    assert Meeting.objects.count() == 1


def test_a_meeting_that_fails_in_one_need_saves_nothing(api, visit):
    visit["needs"][0]["category"] = "no_such_category"
    response = api.post("/api/v1/meetings/", visit, format="json")

    assert response.status_code == 400
    assert "category" in response.json()["needs"]["0"]
    assert (Meeting.objects.count(), FollowUp.objects.count(), Need.objects.count()) == (0, 0, 0)


def test_an_edit_based_on_the_current_etag_goes_through_and_gets_the_next_one(api, visit):
    created = api.post("/api/v1/meetings/", visit, format="json")
    url = f"/api/v1/meetings/{created.json()['id']}/"
    etag = api.get(url)["ETag"]

    response = api.patch(url, {"outcomes": "Schůzka 10. 12."}, format="json", HTTP_IF_MATCH=etag)

    assert response.status_code == 200 and response.json()["version"] == 2 and response["ETag"] == '"2"'


def test_an_edit_based_on_a_stale_etag_is_refused_with_the_current_version(api, visit):
    created = api.post("/api/v1/meetings/", visit, format="json")
    url = f"/api/v1/meetings/{created.json()['id']}/"
    stale = api.get(url)["ETag"]
    api.patch(url, {"outcomes": "Změna z jiného tabletu"}, format="json")

    response = api.patch(url, {"outcomes": "Moje starší změna"}, format="json", HTTP_IF_MATCH=stale)

    assert response.status_code == 412
    assert response.json()["version"] == "2"
    assert response.json()["current"]["outcomes"] == "Změna z jiného tabletu"
    assert Meeting.objects.get().outcomes == "Změna z jiného tabletu"


def test_records_without_a_version_counter_use_their_change_time_as_etag(api, organization):
    url = f"/api/v1/organizations/{organization.pk}/"
    stale = api.get(url)["ETag"]
    assert api.patch(url, {"phone": "+420 565 111 222"}, format="json", HTTP_IF_MATCH=stale).status_code == 200

    response = api.patch(url, {"phone": "+420 565 333 444"}, format="json", HTTP_IF_MATCH=stale)

    assert response.status_code == 412 and response.json()["current"]["phone"] == "+420 565 111 222"


def test_an_edit_without_if_match_is_taken(api, organization):
    response = api.patch(f"/api/v1/organizations/{organization.pk}/", {"phone": "+420 565 111 222"}, format="json")
    assert response.status_code == 200 and response.has_header("ETag")


def _rates(**rates):
    return override_settings(
        REST_FRAMEWORK={
            **_current_rest_framework(),
            "DEFAULT_THROTTLE_RATES": {**api_settings.DEFAULT_THROTTLE_RATES, **rates},
        }
    )


def _current_rest_framework():
    from django.conf import settings

    return settings.REST_FRAMEWORK


def test_too_many_token_requests_are_throttled(sitar):
    client = APIClient()
    with _rates(auth="3/minute"):
        statuses = [
            client.post(
                "/api/v1/auth/token/", {"username": sitar.username, "password": "špatně"}, format="json"
            ).status_code
            for _ in range(4)
        ]
    assert statuses == [400, 400, 400, 429]


def test_too_many_writes_are_throttled_but_reads_are_not(api, organization):
    url = f"/api/v1/organizations/{organization.pk}/"
    with _rates(writes="2/minute"):
        writes = [api.patch(url, {"phone": f"+420 565 111 22{i}"}, format="json").status_code for i in range(3)]
        reads = [api.get(url).status_code for _ in range(3)]
    assert writes == [200, 200, 429] and reads == [200, 200, 200]


def test_a_throttled_answer_says_when_to_retry(api, organization):
    with _rates(writes="1/minute"):
        api.patch(f"/api/v1/organizations/{organization.pk}/", {"phone": "+420 565 111 222"}, format="json")
        response = api.patch(f"/api/v1/organizations/{organization.pk}/", {"phone": "+420 565 111 223"}, format="json")
    assert response.status_code == 429 and int(response["Retry-After"]) > 0


@pytest.mark.parametrize(("language", "message"), [("cs", "Chybný formát data"), ("en", "Date has wrong format")])
def test_errors_speak_the_language_of_accept_language(api, visit, language, message):
    visit["held_on"] = "2026-13-45"
    response = api.post("/api/v1/meetings/", visit, format="json", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 400
    assert message in response.json()["held_on"][0]


@pytest.mark.parametrize(("language", "message"), [("cs", "Toto pole je vyžadováno"), ("en", "This field is required")])
def test_a_missing_field_is_reported_in_the_language_of_accept_language(api, language, message):
    response = api.post("/api/v1/needs/", {"district": "6110"}, format="json", HTTP_ACCEPT_LANGUAGE=language)
    assert message in response.json()["title"][0]


def test_a_follow_up_the_service_refuses_is_reported_under_its_row(api, visit):
    """Each row is fine for the serializer; the follow-up's own validation (in the service) finds the error."""
    visit["followups"][1]["uuid"] = visit["followups"][0]["uuid"]
    response = api.post("/api/v1/meetings/", visit, format="json")

    assert response.status_code == 400 and "uuid" in response.json()["followups"]["1"]
    assert (Meeting.objects.count(), FollowUp.objects.count()) == (0, 0)


# ---------------------------------------------------------------------------------------- work logged offline --


def _ago(**delta) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(**delta)


def test_a_meeting_logged_offline_is_created_at_the_time_it_was_logged(api, visit):
    logged = _ago(days=3)
    visit["recorded_at"] = logged.isoformat()
    visit["followups"][1]["recorded_at"] = _ago(days=2).isoformat()

    response = api.post("/api/v1/meetings/", visit, format="json")

    assert response.status_code == 201, response.json()
    meeting = Meeting.objects.get(uuid=visit["uuid"])
    assert meeting.created_at == logged and "recorded_at" not in response.json()
    assert meeting.history.earliest().history_date == logged
    # The follow-ups and the need came with it: logged then too, unless they say otherwise.
    assert FollowUp.objects.get(uuid=visit["followups"][0]["uuid"]).created_at == logged
    assert FollowUp.objects.get(uuid=visit["followups"][1]["uuid"]).created_at.date() == _ago(days=2).date()
    assert Need.objects.get(uuid=visit["needs"][0]["uuid"]).created_at == logged
    assert meeting.updated_at > logged


def test_a_need_logged_offline_shows_the_time_it_was_logged(api):
    logged = _ago(hours=5)
    response = api.post(
        "/api/v1/needs/",
        {
            "title": "Chybí psycholog",
            "category": "missing_service",
            "district": "6110",
            "recorded_at": logged.isoformat(),
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert datetime.datetime.fromisoformat(response.json()["created_at"]) == logged


@pytest.mark.parametrize(
    ("when", "language", "message"),
    [
        ({"minutes": -10}, "cs", "Čas zaznamenání leží v budoucnosti."),
        ({"days": 15}, "cs", "Práci zaznamenanou offline lze poslat nejpozději 14 dní po zaznamenání."),
        ({"days": 15}, "en", "Work logged offline is taken at most 14 days after it was logged."),
    ],
)
def test_a_time_logged_in_the_future_or_too_long_ago_is_refused_on_its_field(api, visit, when, language, message):
    visit["recorded_at"] = _ago(**when).isoformat()
    response = api.post("/api/v1/meetings/", visit, format="json", HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 400 and response.json()["recorded_at"] == [message]
    assert Meeting.objects.count() == 0


def test_a_tablet_clock_a_little_ahead_is_taken(api, visit):
    visit["recorded_at"] = _ago(minutes=-2).isoformat()
    assert api.post("/api/v1/meetings/", visit, format="json").status_code == 201
    assert Meeting.objects.get().created_at <= timezone.now()


def test_a_follow_up_logged_too_long_ago_is_refused_under_its_row(api, visit):
    visit["followups"][0]["recorded_at"] = _ago(days=20).isoformat()
    response = api.post("/api/v1/meetings/", visit, format="json")
    assert response.status_code == 400 and "recorded_at" in response.json()["followups"]["0"]


def test_an_edit_keeps_the_time_the_record_was_created(api, visit):
    created = api.post("/api/v1/meetings/", visit, format="json").json()
    response = api.patch(
        f"/api/v1/meetings/{created['id']}/",
        {"outcomes": "Jinak", "recorded_at": _ago(days=1).isoformat()},
        format="json",
    )
    assert response.status_code == 200 and response.json()["created_at"] == created["created_at"]


# ------------------------------------------------------------------------------------ refusals shown per field --


def test_a_meeting_naming_a_closed_organisation_is_refused_on_organizations(api, visit, partner, actor):
    organization_update(actor=actor, organization=partner, data={"status": "closed"})
    response = api.post("/api/v1/meetings/", visit, format="json", HTTP_ACCEPT_LANGUAGE="cs")

    assert response.status_code == 400
    assert response.json()["organizations"] == [f"Ukončená organizace se nemůže účastnit setkání: {partner.name}."]
    assert Meeting.objects.count() == 0


def test_a_closed_organiser_is_refused_too(api, visit, partner, actor):
    organization_update(actor=actor, organization=partner, data={"status": "closed"})
    visit["organizations"].remove(partner.pk)
    visit["organizer"] = partner.pk
    response = api.post("/api/v1/meetings/", visit, format="json")
    assert response.status_code == 400 and "organizations" in response.json()


def test_an_organisation_that_took_part_before_it_closed_stays_on_an_edit(api, visit, partner, organization, actor):
    created = api.post("/api/v1/meetings/", visit, format="json").json()
    organization_update(actor=actor, organization=partner, data={"status": "closed"})
    url = f"/api/v1/meetings/{created['id']}/"

    kept = api.patch(url, {"organizations": [organization.pk, partner.pk], "outcomes": "Doplněno"}, format="json")
    assert kept.status_code == 200, kept.json()

    api.patch(url, {"organizations": [organization.pk], "contacts": []}, format="json")
    added_again = api.patch(url, {"organizations": [organization.pk, partner.pk]}, format="json")
    assert added_again.status_code == 400 and "organizations" in added_again.json()


def test_the_web_form_gets_the_same_refusal_from_the_service(actor, partner, pelhrimov):
    organization_update(actor=actor, organization=partner, data={"status": "closed"})
    with pytest.raises(ValidationError) as refused:
        meeting_create(
            actor=actor, kind="visit", title="Návštěva", held_on=datetime.date(2026, 11, 2), district=pelhrimov,
            organizations=[partner],
        )  # fmt: skip
    assert "organizations" in refused.value.message_dict


def test_a_meeting_in_a_district_outside_the_users_scope_is_refused_on_district(api, visit):
    visit["district"] = "5105"  # Liberec: another kraj
    response = api.post("/api/v1/meetings/", visit, format="json")
    assert response.status_code == 400 and "district" in response.json()
    assert Meeting.objects.count() == 0
