"""The delta feed of the offline tablets (/api/v1/sync/): the copy of the user's own districts and nothing more, never a
case, deltas with what changed and what left, and a whole copy again whenever the cursor cannot be trusted."""

import datetime
import json

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from api.sync import COLLECTIONS
from contacts.models import Contact
from contacts.services import contact_erase
from meetings.services import followup_create, meeting_update, need_create
from network.models import CooperationLink
from organizations.services import organization_update
from permissions.services import role_assign
from tests.helpers import api_client, fresh

pytestmark = pytest.mark.django_db

URL = "/api/v1/sync/"


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def sync(user, since=None, **headers) -> dict:
    response = api_client(fresh(user)).get(URL, {"since": since} if since else {}, **headers)
    assert response.status_code == 200, response.content
    return response.json()


def ids(answer: dict, name: str) -> set[int]:
    return {record["id"] for record in answer["records"][name]}


def age_everything() -> None:
    """Every row of the copy and its history as written a day ago: a delta sees only what changes after this."""
    past = timezone.now() - datetime.timedelta(days=1)
    for model in COLLECTIONS.values():
        model._base_manager.update(updated_at=past)
        model.history.model.objects.update(history_date=past)


def keys(value) -> set[str]:
    """Every key anywhere in a JSON value."""
    if isinstance(value, dict):
        return set(value) | {key for item in value.values() for key in keys(item)}
    if isinstance(value, list):
        return {key for item in value for key in keys(item)}
    return set()


@pytest.fixture
def field(
    make_organization, make_service, make_contact, make_meeting, make_need, make_link, jihlava_town, liberec_town
):
    """Records in Pelhřimov (the sitar's ORP), in Jihlava (the same kraj) and in Liberec (another kraj)."""
    here = make_organization(name="Spirála Pelhřimov")
    partner = make_organization(name="ZŠ Pelhřimov", kind="school")
    jihlava = make_organization(name="Rodinné centrum Jihlava", municipality=jihlava_town)
    liberec = make_organization(name="Centrum Liberec", municipality=liberec_town)
    return {
        "here": here,
        "jihlava": jihlava,
        "liberec": liberec,
        "service": make_service(here),
        "contact": make_contact(here),
        "jihlava_contact": make_contact(jihlava),
        "link": make_link(here, partner),
        "jihlava_link": make_link(jihlava, make_organization(municipality=jihlava_town)),
        "meeting": make_meeting(held_on=days_ago(10), organizations=[here]),
        "jihlava_meeting": make_meeting(held_on=days_ago(10), district=jihlava.district),
        "liberec_meeting": make_meeting(held_on=days_ago(10), district=liberec.district),
        "need": make_need(),
        "jihlava_need": make_need(district=jihlava.district),
        "partner": partner,
    }


def test_the_copy_holds_the_rows_of_the_users_district_and_nothing_of_another_district_or_kraj(sitar, field):
    answer = sync(sitar)

    assert answer["full"] is True and answer["user"]["districts"] == ["6110"] and answer["user"]["roles"] == ["sitar"]
    assert ids(answer, "organizations") == {field["here"].pk, field["partner"].pk}
    assert ids(answer, "services") == {field["service"].pk}
    assert ids(answer, "contacts") == {field["contact"].pk}
    assert ids(answer, "links") == {field["link"].pk}
    assert ids(answer, "meetings") == {field["meeting"].pk}
    assert ids(answer, "needs") == {field["need"].pk}
    assert [d["code"] for d in answer["records"]["districts"]] == ["6110"]
    assert {m["district"] for m in answer["records"]["municipalities"]} == {"6110"}
    assert all(value == [] for value in answer["deleted"].values())


def test_each_record_is_what_its_collection_shows_plus_its_etag(sitar, field):
    answer = sync(sitar)
    client = api_client(sitar)

    for name, path in (("organizations", "organizations"), ("meetings", "meetings"), ("needs", "needs")):
        record = answer["records"][name][0]
        response = client.get(f"/api/v1/{path}/{record['id']}/")
        shown = response.json()
        shown.pop("case", None)
        assert {**shown, "etag": response["ETag"]} == record


def test_an_organisation_serving_the_district_is_in_the_copy_and_a_closed_one_is_not(
    sitar, make_organization, jihlava, pelhrimov, jihlava_town
):
    serving = make_organization(name="Poradna Jihlava", municipality=jihlava_town, served_districts=[pelhrimov])
    closed = make_organization(name="Zavřená", status="closed")
    assert serving.district == jihlava

    assert ids(sync(sitar), "organizations") == {serving.pk}
    assert closed.pk not in ids(sync(sitar), "organizations")


def test_an_organisation_serving_the_district_by_one_of_its_services_is_in_the_copy_as_in_the_directory(
    sitar, make_organization, make_service, jihlava_town, pelhrimov, client
):
    """The tablet's copy of an ORP holds what the directory's ORP filter shows (organizations.selectors.
    seated_in_or_serving): an organisation seated elsewhere whose service serves the ORP too."""
    elsewhere = make_organization(name="Poradna Jihlava", municipality=jihlava_town)
    make_service(elsewhere, served_districts=[pelhrimov])
    make_organization(name="Jinde a bez služby", municipality=jihlava_town)

    client.force_login(sitar)
    listed = client.get("/api/v1/organizations/", {"district": pelhrimov.code, "page_size": 100}).json()["results"]
    assert ids(sync(sitar), "organizations") == {row["id"] for row in listed} == {elsewhere.pk}


def test_old_meetings_stay_only_while_something_in_them_is_open(sitar, make_meeting, actor):
    recent = make_meeting(held_on=days_ago(170))
    old = make_meeting(held_on=days_ago(200))
    old_open = make_meeting(held_on=days_ago(200), followups=[{"description": "Zavolat"}])

    answer = sync(sitar)

    assert ids(answer, "meetings") == {recent.pk, old_open.pk} and old.pk not in ids(answer, "meetings")
    assert ids(answer, "followups") == set(old_open.followups.values_list("pk", flat=True))


def test_no_case_conference_nor_a_case_id_comes_to_an_ospod_worker(
    make_role_user, ospod, make_case, make_meeting, make_link, partner
):
    worker = make_role_user("ospod.pelhrimov", "ospod", organization=ospod)
    case = make_case()
    conference = make_meeting(
        kind="case_conference", case=case, organizer=ospod, organizations=[ospod, partner], held_on=days_ago(3)
    )
    need_create(actor=None, title="Potřeba z konference", category="other", raised_in=conference)
    followup_create(actor=None, meeting=conference, description="Úkol z konference", assignee=worker)
    own = make_meeting(organizer=ospod, organizations=[ospod, partner], held_on=days_ago(3))
    make_link(ospod, partner, evidence=[conference, own])

    answer = sync(worker)

    assert ids(answer, "meetings") == {own.pk}
    assert ids(answer, "followups") == set() and ids(answer, "needs") == set()
    assert "case" not in keys(answer["records"]) and case.reference not in json.dumps(answer)
    assert [link["evidence"] for link in answer["records"]["links"]] == [[own.pk]]


def test_an_ospod_worker_keeps_its_kraj_and_only_the_contacts_shared_with_ospod(
    make_role_user, ospod, make_contact, organization, sitar
):
    worker = make_role_user("ospod.pelhrimov", "ospod", organization=ospod)
    shared = make_contact(organization, shareable_with_ospod=True)
    private = make_contact(organization, shareable_with_ospod=False)

    mine, networker = sync(worker), sync(sitar)

    assert "6110" in mine["user"]["districts"] and "6105" in mine["user"]["districts"]
    assert "5105" not in mine["user"]["districts"]
    assert ids(mine, "contacts") == {shared.pk}
    assert ids(networker, "contacts") == {shared.pk, private.pk}


@pytest.mark.parametrize("who", ["narodni", "vedouci", "superuser", "nobody"])
def test_a_user_without_a_field_role_gets_an_empty_copy(who, make_role_user, make_user, vedouci, field):
    user = {
        "narodni": lambda: make_role_user("narodni.x", "narodni"),
        "vedouci": lambda: vedouci,
        "superuser": lambda: make_user("root", is_superuser=True),
        "nobody": lambda: make_user("nikdo"),
    }[who]()

    answer = sync(user)

    assert answer["user"]["districts"] == [] and answer["full"] is True
    assert all(answer["records"][name] == [] for name in COLLECTIONS)


def test_a_superuser_with_a_field_role_keeps_that_roles_district(make_user, actor, pelhrimov, field):
    root = make_user("root.sitar", is_superuser=True)
    role_assign(actor=actor, user=root, role="sitar", district=pelhrimov)

    answer = sync(root)

    assert answer["user"]["districts"] == ["6110"]
    assert ids(answer, "meetings") == {field["meeting"].pk}


def test_a_delta_after_a_change_returns_just_the_changed_row(sitar, field, actor):
    age_everything()
    first = sync(sitar)
    organization_update(actor=actor, organization=field["here"], data={"phone": "+420 565 111 222"})

    delta = sync(sitar, first["cursor"])

    assert delta["full"] is False
    assert {name: ids(delta, name) for name in COLLECTIONS} == {
        **{name: set() for name in COLLECTIONS},
        "organizations": {field["here"].pk},
        # Its services and contacts come again with it: they may have entered the copy with their organisation.
        "services": {field["service"].pk},
        "contacts": {field["contact"].pk},
        "links": {field["link"].pk},
    }
    assert all(value == [] for value in delta["deleted"].values())
    assert delta["records"]["districts"] == []


def test_a_delta_with_nothing_changed_is_empty(sitar, field):
    age_everything()
    delta = sync(sitar, sync(sitar)["cursor"])

    assert delta["full"] is False
    assert all(delta["records"][name] == [] for name in COLLECTIONS)
    assert all(value == [] for value in delta["deleted"].values())


def test_a_new_follow_up_comes_with_its_meeting(sitar, field, actor):
    age_everything()
    first = sync(sitar)
    followup = followup_create(actor=actor, meeting=field["meeting"], description="Poslat zápis")

    delta = sync(sitar, first["cursor"])

    assert ids(delta, "followups") == {followup.pk} and ids(delta, "meetings") == {field["meeting"].pk}


def test_rows_moved_closed_or_deleted_appear_in_deleted(sitar, field, actor, jihlava):
    age_everything()
    first = sync(sitar)
    meeting_update(actor=actor, meeting=field["meeting"], data={"district": jihlava})
    organization_update(actor=actor, organization=field["here"], data={"status": "closed"})
    need_id = field["need"].pk
    field["need"].delete()

    delta = sync(sitar, first["cursor"])

    assert delta["deleted"]["meetings"] == [field["meeting"].pk]
    assert delta["deleted"]["organizations"] == [field["here"].pk]
    assert delta["deleted"]["services"] == [field["service"].pk]
    assert delta["deleted"]["contacts"] == [field["contact"].pk]
    # The link stays: it also touches the school, which is still in the copy.
    assert delta["deleted"]["links"] == []
    assert delta["deleted"]["needs"] == [need_id]
    assert ids(delta, "meetings") == set() and ids(delta, "organizations") == set()
    others = {field["jihlava_meeting"].pk, field["liberec_meeting"].pk, field["jihlava"].pk, field["liberec"].pk}
    assert not others & {pk for value in delta["deleted"].values() for pk in value}


def test_an_erased_contact_leaves_the_copy(sitar, field, actor):
    age_everything()
    first = sync(sitar)
    contact_erase(actor=actor, contact=field["contact"], ground="objection")

    assert sync(sitar, first["cursor"])["deleted"]["contacts"] == [field["contact"].pk]
    assert not Contact.objects.filter(pk=field["contact"].pk, erased_at__isnull=True).exists()


def test_a_changed_scope_gives_the_whole_copy_again(sitar, field, actor, jihlava):
    first = sync(sitar)
    role_assign(actor=actor, user=sitar, role="sitar", district=jihlava)

    answer = sync(sitar, first["cursor"])

    assert answer["full"] is True and answer["user"]["districts"] == ["6105", "6110"]
    assert field["jihlava_meeting"].pk in ids(answer, "meetings")


@pytest.mark.parametrize("cursor", ["garbage", "x" * 500, "eyJ0IjoxfQ:1abc:def", "\u017e\u00e1dn\u00fd"])
def test_a_malformed_cursor_gives_the_whole_copy(sitar, field, cursor):
    answer = sync(sitar, cursor)
    assert answer["full"] is True and field["meeting"].pk in ids(answer, "meetings")


def test_another_users_cursor_gives_the_whole_copy(sitar, make_role_user, pelhrimov, field):
    colleague = make_role_user("sitar.kolega", "sitar", district=pelhrimov)
    assert sync(sitar, sync(colleague)["cursor"])["full"] is True


def test_a_cursor_older_than_the_offline_limit_gives_the_whole_copy(sitar, field):
    cursor = sync(sitar)["cursor"]
    with override_settings(SITAR_OFFLINE_MAX_DAYS=0):
        assert sync(sitar, cursor)["full"] is True
    assert sync(sitar, cursor)["full"] is False


def test_anonymous_gets_401():
    assert APIClient().get(URL).status_code == 401


def test_a_session_says_when_it_ends_and_a_shared_device_says_so(sitar, field):
    client = APIClient()
    client.force_login(sitar)
    answer = client.get(URL).json()
    assert answer["settings"]["session_expires_at"] is not None and answer["settings"]["shared_device"] is False
    assert answer["settings"]["offline_max_days"] == 14

    session = client.session
    session.set_expiry(0)
    session.save()
    shared = client.get(URL).json()["settings"]
    assert shared == {"offline_max_days": 14, "session_expires_at": None, "shared_device": True}


def test_a_token_has_no_session_end(sitar):
    assert sync(sitar)["settings"] == {"offline_max_days": 14, "session_expires_at": None, "shared_device": False}


@pytest.mark.parametrize(("language", "label"), [("cs", "návštěva"), ("en", "visit")])
def test_labels_come_in_the_language_of_the_request(sitar, language, label):
    labels = sync(sitar, HTTP_ACCEPT_LANGUAGE=language)["labels"]
    assert labels["meeting.kind"]["visit"] == label
    assert {"organization.kind", "organization.status", "need.category", "need.priority", "need.status"} <= set(labels)
    assert {"link.kind", "link.status", "service.status"} <= set(labels)


def _world(count: int, make_organization, make_service, make_contact, make_meeting, make_need, make_link, sitar):
    for _ in range(count):
        organization = make_organization()
        make_service(organization)
        make_contact(organization)
        make_link(organization, make_organization())
        meeting = make_meeting(
            held_on=days_ago(5), organizations=[organization], followups=[{"description": "Úkol", "assignee": sitar}]
        )
        make_need(raised_in=meeting)


@pytest.mark.parametrize("delta", [False, True])
def test_the_query_count_does_not_grow_with_the_rows(
    delta, sitar, make_organization, make_service, make_contact, make_meeting, make_need, make_link
):
    makers = (make_organization, make_service, make_contact, make_meeting, make_need, make_link, sitar)
    counts = []
    for count in (1, 4):
        _world(count, *makers)
        cursor = sync(sitar)["cursor"]
        client = api_client(fresh(sitar))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL, {"since": cursor} if delta else {})
        assert response.status_code == 200
        rows = sum(len(response.json()["records"][name]) for name in COLLECTIONS)
        assert rows >= 6 * count
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert counts[0] <= (50 if delta else 30), counts


def test_a_link_of_the_copy_keeps_its_other_organisation_by_id(sitar, field):
    link = next(r for r in sync(sitar)["records"]["links"] if r["id"] == field["link"].pk)
    assert (link["source"], link["target"]) == (field["here"].pk, field["partner"].pk)
    assert CooperationLink.objects.filter(pk=link["id"]).exists()
