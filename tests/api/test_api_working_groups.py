"""Working groups and platforms through the REST API (/api/v1/working-groups/): read through restrict(), written
through meetings.services, members given by the ids of organisations and contact persons the user can see."""

import pytest

from meetings.models import WorkingGroup
from meetings.services import group_create

pytestmark = [pytest.mark.django_db, pytest.mark.api, pytest.mark.usefixtures("compiled_catalogue")]


@pytest.fixture
def members(make_organization, make_contact, pelhrimov, jihlava, liberec):
    spirala = make_organization(name="Spirála Pelhřimov", district=pelhrimov)
    kamarad = make_organization(name="Kamarád Jihlava", district=jihlava)
    majak = make_organization(name="Maják Liberec", district=liberec)
    return {
        "spirala": spirala,
        "kamarad": kamarad,
        "majak": majak,
        "jana": make_contact(spirala, name="Jana Nováková", legal_basis="public_task"),
        "eva": make_contact(majak, name="Eva Malá", legal_basis="public_task"),
    }


def _group(**fields) -> dict:
    return {"name": "Platforma pro rodinu", "kind": "platform", "district": "6110", **fields}


def test_a_sitar_creates_a_group_in_their_orp_with_members_through_the_service(api, sitar, members):
    body = _group(organizations=[members["spirala"].pk, members["kamarad"].pk], contacts=[members["jana"].pk])
    response = api.post("/api/v1/working-groups/", body, format="json")
    assert response.status_code == 201, response.json()
    group = WorkingGroup.objects.get(pk=response.json()["id"])
    assert (group.district.code, group.region.code, group.kind) == ("6110", "3107", "platform")
    assert set(group.organizations.values_list("pk", flat=True)) == {members["spirala"].pk, members["kamarad"].pk}
    assert sorted(response.json()["organizations"]) == sorted([members["spirala"].pk, members["kamarad"].pk])
    assert response.json()["contacts"] == [members["jana"].pk]
    created = group.history.last()
    assert (created.history_type, created.history_user, created.history_change_reason) == ("+", sitar, "created")


def test_a_group_out_of_scope_answers_404_and_is_not_listed(api, actor, members, liberec):
    far = group_create(
        actor=actor, name="Platforma Liberec", kind="platform", district=liberec, organizations=[members["majak"]]
    )
    assert api.get(f"/api/v1/working-groups/{far.pk}/").status_code == 404
    response = api.patch(f"/api/v1/working-groups/{far.pk}/", {"description": "cizí"}, format="json")
    assert response.status_code == 404
    assert far.pk not in [row["id"] for row in api.get("/api/v1/working-groups/").json()["results"]]
    far.refresh_from_db()
    assert far.description == ""


def test_a_group_of_another_orp_of_the_kraj_is_seen_but_not_changed(api, actor, jihlava):
    near = group_create(actor=actor, name="Kulatý stůl Jihlava", kind="round_table", district=jihlava)
    assert api.get(f"/api/v1/working-groups/{near.pk}/").status_code == 200
    assert api.patch(f"/api/v1/working-groups/{near.pk}/", {"name": "Jiný"}, format="json").status_code == 404


@pytest.mark.parametrize(
    ("field", "member"), [("organizations", "majak"), ("contacts", "eva")], ids=["organisation", "contact"]
)
def test_a_member_the_user_cannot_see_is_a_field_error_in_czech_and_nothing_is_saved(api, members, field, member):
    body = _group(**{field: [members[member].pk]})
    response = api.post("/api/v1/working-groups/", body, format="json", HTTP_ACCEPT_LANGUAGE="cs")
    assert response.status_code == 400, response.content
    assert set(response.json()) == {field}
    [message] = response.json()[field]
    assert "neexistuje" in message and "Liberec" not in message
    assert not WorkingGroup.objects.exists()


def test_an_unknown_member_id_is_a_field_error_too(api, members):
    response = api.post("/api/v1/working-groups/", _group(organizations=[999999]), format="json")
    assert (response.status_code, set(response.json())) == (400, {"organizations"})


def test_a_group_in_another_orp_is_a_field_error_on_the_district(api, members):
    response = api.post("/api/v1/working-groups/", _group(district="6105"), format="json")
    assert (response.status_code, set(response.json())) == (400, {"district"})
    assert not WorkingGroup.objects.exists()


def test_a_bad_kind_and_a_missing_name_are_field_errors(api):
    response = api.post("/api/v1/working-groups/", {"kind": "club", "district": "6110"}, format="json")
    assert (response.status_code, set(response.json())) == (400, {"name", "kind"})


def test_members_out_of_the_users_sight_are_neither_shown_nor_dropped_by_their_change(api, actor, members, pelhrimov):
    group = group_create(
        actor=actor,
        name="Platforma",
        kind="platform",
        district=pelhrimov,
        organizations=[members["spirala"], members["majak"]],
        contacts=[members["jana"], members["eva"]],
    )
    shown = api.get(f"/api/v1/working-groups/{group.pk}/").json()
    assert (shown["organizations"], shown["contacts"]) == ([members["spirala"].pk], [members["jana"].pk])
    listed = api.get("/api/v1/working-groups/").json()["results"]
    assert [(row["id"], row["organizations"]) for row in listed] == [(group.pk, [members["spirala"].pk])]

    response = api.patch(
        f"/api/v1/working-groups/{group.pk}/", {"organizations": [members["kamarad"].pk], "contacts": []}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["organizations"], response.json()["contacts"]) == ([members["kamarad"].pk], [])
    assert set(group.organizations.values_list("pk", flat=True)) == {members["kamarad"].pk, members["majak"].pk}
    assert set(group.contacts.values_list("pk", flat=True)) == {members["eva"].pk}


def test_the_list_filters_by_kind_and_member_organisation(api, actor, members, pelhrimov):
    platform = group_create(
        actor=actor, name="A", kind="platform", district=pelhrimov, organizations=[members["spirala"]]
    )
    group_create(actor=actor, name="B", kind="working_group", district=pelhrimov)

    def ids(params):
        return [row["id"] for row in api.get("/api/v1/working-groups/", params).json()["results"]]

    assert ids({"kind": "platform"}) == [platform.pk]
    assert ids({"organization": members["spirala"].pk}) == [platform.pk]
    assert api.get("/api/v1/working-groups/", {"organization": members["majak"].pk}).status_code == 400


def test_a_group_is_not_deleted_through_the_api(api, sitar, pelhrimov):
    group = group_create(actor=sitar, name="Platforma", kind="platform", district=pelhrimov)
    assert api.delete(f"/api/v1/working-groups/{group.pk}/").status_code == 405
    assert WorkingGroup.objects.filter(pk=group.pk).exists()
