"""Issue 14, item 2: what an OSPOD worker (or head) adds and changes stays in its OSPOD's kraj.

On main an OSPOD worker of Jihlava (Kraj Vysočina) could log a meeting of its OSPOD placed in ORP Liberec
(``"district": "5105"``, Liberecký kraj) and record a need placed there: the rules of ``ospod`` asked only whose
meeting it was, never where. The chosen territory is the OSPOD's kraj (permissions/rules.py, README "Who sees what"):
a meeting in another ORP of the same kraj stays allowed. Tests compare ids, rows and fields, never display names.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from meetings.models import FollowUp, Meeting, Need
from meetings.services import meeting_create, need_create
from territory.models import District

pytestmark = pytest.mark.django_db

HELD_ON = datetime.date(2026, 11, 2)


@pytest.fixture(params=["ospod", "vedouci_ospod"])
def worker(request, make_role_user, ospod_jihlava):
    """An OSPOD worker of Jihlava, and the head of that OSPOD: the same rules of territory hold for both."""
    return make_role_user(f"{request.param}.jihlava", request.param, organization=ospod_jihlava)


@pytest.fixture
def own_meeting(make_meeting, ospod_jihlava, jihlava):
    return make_meeting(district=jihlava, organizer=ospod_jihlava, organizations=[ospod_jihlava])


def meeting_body(district: str, ospod, **extra) -> dict:
    return {
        "kind": "working_meeting",
        "title": "Porada OSPOD",
        "held_on": HELD_ON.isoformat(),
        "district": district,
        "organizer": ospod.pk,
        "organizations": [ospod.pk],
        **extra,
    }


def counts() -> tuple[int, int, int]:
    return Meeting.objects.count(), Need.objects.count(), FollowUp.objects.count()


# ------------------------------------------------------------------------------------------------------- API --


def test_an_ospod_worker_posting_a_meeting_in_a_district_of_another_kraj_gets_a_field_error_and_nothing_is_saved(
    api_as, worker, ospod_jihlava
):
    before = counts()
    response = api_as(worker).post(
        "/api/v1/meetings/",
        meeting_body(
            "5105",
            ospod_jihlava,
            followups=[{"description": "úkol"}],
            needs=[{"title": "potřeba", "category": "other"}],
        ),
        format="json",
    )
    assert response.status_code == 400, response.content
    assert set(response.json()) == {"district"}
    assert counts() == before


def test_an_ospod_worker_posting_a_need_placed_in_another_kraj_gets_a_field_error_and_nothing_is_saved(
    api_as, worker, own_meeting
):
    before = counts()
    response = api_as(worker).post(
        "/api/v1/needs/",
        {"district": "5105", "title": "potřeba v Liberci", "category": "other", "raised_in": own_meeting.pk},
        format="json",
    )
    assert response.status_code == 400, response.content
    assert set(response.json()) == {"district"}
    assert counts() == before


def test_a_need_of_a_meeting_placed_in_another_kraj_is_a_field_error_of_that_need_and_nothing_is_saved(
    api_as, worker, ospod_jihlava
):
    before = counts()
    response = api_as(worker).post(
        "/api/v1/meetings/",
        meeting_body(
            "6105", ospod_jihlava, needs=[{"title": "potřeba v Liberci", "category": "other", "district": "5105"}]
        ),
        format="json",
    )
    assert response.status_code == 400, response.content
    assert set(response.json()) == {"needs"}
    assert "district" in next(iter(response.json()["needs"].values()))
    assert counts() == before


def test_an_ospod_worker_cannot_move_a_meeting_of_its_ospod_to_another_kraj(api_as, worker, own_meeting, jihlava):
    response = api_as(worker).patch(f"/api/v1/meetings/{own_meeting.pk}/", {"district": "5105"}, format="json")
    assert response.status_code == 400, response.content
    assert set(response.json()) == {"district"}
    own_meeting.refresh_from_db()
    assert own_meeting.district_id == jihlava.pk
    assert set(own_meeting.followups.values_list("district_id", flat=True)) <= {jihlava.pk}


def test_an_ospod_worker_cannot_move_a_need_of_its_ospod_to_another_kraj(api_as, worker, own_meeting, jihlava):
    need = need_create(actor=None, raised_in=own_meeting, title="potřeba", category="other")
    response = api_as(worker).patch(f"/api/v1/needs/{need.pk}/", {"district": "5105"}, format="json")
    assert response.status_code == 400, response.content
    assert set(response.json()) == {"district"}
    need.refresh_from_db()
    assert need.district_id == jihlava.pk


def test_an_ospod_worker_still_logs_a_meeting_in_another_orp_of_its_own_kraj(api_as, worker, ospod_jihlava, pelhrimov):
    response = api_as(worker).post(
        "/api/v1/meetings/",
        meeting_body("6110", ospod_jihlava, needs=[{"title": "potřeba", "category": "other"}]),
        format="json",
    )
    assert response.status_code == 201, response.content
    meeting = Meeting.objects.get(pk=response.json()["id"])
    assert (meeting.district_id, meeting.organizer_id) == (pelhrimov.pk, ospod_jihlava.pk)
    assert list(meeting.needs.values_list("district_id", flat=True)) == [pelhrimov.pk]


# -------------------------------------------------------------------------------------------------- services --


def test_the_service_refuses_a_case_conference_of_the_own_case_placed_in_another_kraj(
    worker, ospod_jihlava, make_case, liberec
):
    case = make_case(owner=ospod_jihlava)
    before = counts()
    with pytest.raises(ValidationError) as refused:
        meeting_create(
            actor=worker,
            kind="case_conference",
            case=case,
            title="Případová konference",
            held_on=HELD_ON,
            district=liberec,
            organizer=ospod_jihlava,
            organizations=[ospod_jihlava],
            followups=[{"description": "úkol"}],
            needs=[{"title": "potřeba", "category": "other"}],
        )
    assert set(refused.value.message_dict) == {"district"}
    assert counts() == before


def test_the_service_refuses_a_need_of_a_case_conference_placed_in_another_kraj(
    worker, ospod_jihlava, make_case, jihlava, liberec
):
    case = make_case(owner=ospod_jihlava)
    conference = meeting_create(
        actor=worker,
        kind="case_conference",
        case=case,
        title="Případová konference",
        held_on=HELD_ON,
        district=jihlava,
        organizer=ospod_jihlava,
        organizations=[ospod_jihlava],
    )
    before = counts()
    with pytest.raises(ValidationError) as refused:
        need_create(actor=worker, raised_in=conference, district=liberec, title="potřeba", category="other")
    assert set(refused.value.message_dict) == {"district"}
    assert counts() == before


# -------------------------------------------------------------------------------------------------------- UI --


def test_the_meeting_and_need_forms_offer_only_the_districts_of_the_ospods_kraj(client, worker, vysocina, own_meeting):
    client.force_login(worker)
    in_kraj = set(District.objects.filter(region=vysocina).values_list("pk", flat=True))
    for url in (reverse("meeting-create"), reverse("meeting-edit", args=[own_meeting.pk]), reverse("need-create")):
        offered = client.get(url).context["form"].fields["district"].queryset
        assert set(offered.values_list("pk", flat=True)) == in_kraj, url


def test_the_meeting_form_refuses_a_district_of_another_kraj_on_its_field(client, worker, ospod_jihlava, liberec):
    client.force_login(worker)
    before = counts()
    response = client.post(
        reverse("meeting-create"),
        {
            "kind": "working_meeting",
            "title": "Porada OSPOD",
            "held_on": HELD_ON.isoformat(),
            "district": liberec.pk,
            "organizer": ospod_jihlava.pk,
            "organizations": [ospod_jihlava.pk],
            **{
                f"{prefix}-{key}": value
                for prefix in ("followups", "needs")
                for key, value in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"))
            },
        },
    )
    assert response.status_code == 200
    assert "district" in response.context["form"].errors
    assert counts() == before
