"""A cooperation link the pair already has is offered instead of a dead end: on the form (with a one-tap confirmation by
the meeting given) and in the API's 400 (its id), only to a user who may see it; the strength is chosen in words."""

import datetime

import pytest

from network.forms import LinkForm
from network.models import CooperationLink
from network.selectors import existing_link
from tests.helpers import api_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(make_organization, make_link, make_meeting):
    spirala = make_organization(name="Spirála")
    school = make_organization(name="ZŠ", kind="school")
    link = make_link(spirala, school, kind="referral", strength=2)
    meeting = make_meeting(held_on=datetime.date(2026, 3, 10), organizations=[spirala, school])
    return {"spirala": spirala, "school": school, "link": link, "meeting": meeting}


def test_the_form_offers_the_existing_link_and_confirms_it_with_the_meeting_in_one_step(
    as_user, make_role_user, pelhrimov, pair
):
    user = make_role_user("sitar.pelhrimov", "sitar", district=pelhrimov)
    client = as_user(user)
    url = f"/links/new/?meeting={pair['meeting'].pk}"
    answer = client.post(
        url,
        {
            "source": pair["school"].pk,
            "target": pair["spirala"].pk,
            "kind": "referral",
            "strength": 3,
            "status": "active",
            "evidence": [pair["meeting"].pk],
        },
    )
    assert answer.status_code == 200
    assert answer.context["view"].duplicate.pk == pair["link"].pk
    assert f'action="/links/{pair["link"].pk}/confirm/"' in answer.content.decode()
    assert CooperationLink.objects.count() == 1

    confirmed = client.post(f"/links/{pair['link'].pk}/confirm/", {"meeting": pair["meeting"].pk})
    assert confirmed.status_code == 302
    pair["link"].refresh_from_db()
    assert pair["link"].confirmed_on == datetime.date(2026, 3, 10)
    assert list(pair["link"].evidence.values_list("pk", flat=True)) == [pair["meeting"].pk]


def test_a_duplicate_the_user_may_see_but_not_change_is_opened_not_confirmed(
    as_user, make_role_user, make_organization, make_link, make_meeting, jihlava_town, pelhrimov
):
    ours = make_organization(name="NNO Pelhřimov")
    theirs = make_organization(name="NNO Jihlava", municipality=jihlava_town)
    link = make_link(theirs, ours, kind="information_sharing")  # placed in Jihlava, the source's ORP
    meeting = make_meeting(organizations=[ours, theirs])
    user = make_role_user("sitar.pelhrimov", "sitar", district=pelhrimov)
    answer = as_user(user).post(
        f"/links/new/?meeting={meeting.pk}",
        {"source": ours.pk, "target": theirs.pk, "kind": "information_sharing", "strength": 3, "status": "active"},
    )
    page = answer.content.decode()
    assert answer.context["view"].duplicate.pk == link.pk
    assert f'href="/links/{link.pk}/"' in page
    assert f"/links/{link.pk}/confirm/" not in page


def test_a_duplicate_the_user_may_not_see_is_not_named(make_role_user, ospod, pair):
    worker = make_role_user("ospod.pelhrimov", "ospod", organization=ospod)
    found = existing_link(worker, source_id=pair["spirala"].pk, target_id=pair["school"].pk, kind="referral")
    assert found is None
    assert existing_link(worker, source_id=pair["spirala"].pk, target_id=pair["school"].pk, kind="funding") is None


def test_the_api_keeps_its_400_and_names_the_existing_link_the_user_may_see(make_role_user, pelhrimov, pair):
    user = make_role_user("sitar.pelhrimov", "sitar", district=pelhrimov)
    answer = api_client(user).post(
        "/api/v1/links/",
        {"source": pair["spirala"].pk, "target": pair["school"].pk, "kind": "referral", "strength": 4},
        format="json",
    )
    assert answer.status_code == 400
    assert answer.json()["existing_link"] == pair["link"].pk


def test_a_directed_link_back_is_no_duplicate_of_a_directed_one(make_role_user, pelhrimov, pair, make_link):
    user = make_role_user("sitar.pelhrimov", "sitar", district=pelhrimov)
    ahead = make_link(pair["spirala"], pair["school"], kind="funding", directed=True)
    answer = api_client(user).post(
        "/api/v1/links/",
        {"source": pair["school"].pk, "target": pair["spirala"].pk, "kind": "funding", "directed": True},
        format="json",
    )
    assert answer.status_code == 201
    assert answer.json()["id"] != ahead.pk


def test_strength_is_a_choice_of_five_in_words_and_stays_a_number(make_role_user, pelhrimov, pair):
    user = make_role_user("sitar.pelhrimov", "sitar", district=pelhrimov)
    form = LinkForm(user=user)
    assert [value for value, _label in form.fields["strength"].choices] == [1, 2, 3, 4, 5]
    assert form.fields["strength"].widget.input_type == "radio"
    assert form.fields["strength"].clean("5") == 5
