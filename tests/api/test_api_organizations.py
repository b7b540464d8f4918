"""The REST API's first collections: reference data and organisations, scoped, through the services."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from organizations.models import Organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def orgs(make_organization, pelhrimov, jihlava, liberec):
    return {
        "pe": make_organization(name="Spirála Pelhřimov", district=pelhrimov),
        "ji": make_organization(name="Kamarád Jihlava", district=jihlava),
        "li": make_organization(name="Maják Liberec", district=liberec),
    }


def test_an_anonymous_client_gets_nothing():
    assert APIClient().get("/api/v1/organizations/").status_code in (401, 403)


def test_a_token_is_issued_for_a_username_and_password(sitar):
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": sitar.username, "password": "heslo-pro-test-2026"}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/regions/").status_code == 200


def test_regions_and_districts_are_referenced_by_their_csu_codes(api):
    assert len(api.get("/api/v1/regions/").json()["results"]) == 14
    district = api.get("/api/v1/districts/6110/").json()
    assert (district["name"], district["region"]) == ("Pelhřimov", "3107")


def test_a_sitar_lists_the_organisations_of_its_kraj_only(api, orgs):
    body = api.get("/api/v1/organizations/").json()
    assert {row["name"] for row in body["results"]} == {"Spirála Pelhřimov", "Kamarád Jihlava"}
    assert body["count"] == 2 and {"next", "previous"} <= set(body)


def test_an_organisation_outside_the_scope_answers_404(api, orgs):
    assert api.get(f"/api/v1/organizations/{orgs['li'].pk}/").status_code == 404


def test_a_visible_organisation_outside_the_district_cannot_be_changed(api, orgs):
    response = api.patch(f"/api/v1/organizations/{orgs['ji'].pk}/", {"phone": "+420 565 111 222"}, format="json")
    assert response.status_code == 404


def test_a_sitar_creates_an_organisation_in_its_district_through_the_service(api, sitar):
    response = api.post(
        "/api/v1/organizations/",
        {"name": "Nová poradna", "kind": "ngo", "municipality": "547492", "ico": "00551023"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    created = Organization.objects.get(pk=response.json()["id"])
    assert (created.district.code, response.json()["district"], response.json()["region"]) == ("6110", "6110", "3107")
    assert created.history.get().history_user == sitar


def test_a_bad_ico_is_a_field_error_in_czech_and_nothing_is_saved(api):
    response = api.post(
        "/api/v1/organizations/", {"name": "X", "kind": "ngo", "district": "6110", "ico": "12345678"}, format="json"
    )
    assert response.status_code == 400
    assert "IČO" in response.json()["ico"][0] and "kontrolní" in response.json()["ico"][0]
    assert not Organization.objects.filter(name="X").exists()


def test_creating_in_another_district_is_a_field_error(api):
    response = api.post("/api/v1/organizations/", {"name": "Y", "kind": "ngo", "district": "6105"}, format="json")
    assert response.status_code == 400 and "district" in response.json()
    assert not Organization.objects.filter(name="Y").exists()


def test_an_unknown_district_code_is_a_field_error(api):
    response = api.post("/api/v1/organizations/", {"name": "Z", "kind": "ngo", "district": "9999"}, format="json")
    assert response.status_code == 400 and "district" in response.json()


def test_a_body_that_is_not_json_is_refused(api):
    response = api.generic("POST", "/api/v1/organizations/", "{nope", content_type="application/json")
    assert response.status_code == 400


def test_brief_form_for_nesting(api, orgs):
    row = api.get("/api/v1/organizations/?brief=1&district=6110").json()["results"][0]
    assert set(row) == {"id", "name", "kind", "district"}


def _queries(api) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert api.get("/api/v1/organizations/").status_code == 200
    return len(captured.captured_queries)


def test_the_list_costs_the_same_queries_for_1_and_50_rows(api, make_organization, pelhrimov):
    make_organization(name="první", district=pelhrimov)
    _queries(api)  # the forced user keeps its resolved scope from here on, as one request would
    one = _queries(api)
    for index in range(49):
        make_organization(name=f"org {index}", district=pelhrimov)
    assert _queries(api) == one


def test_the_schema_and_the_docs_load_without_any_cdn(api):
    assert api.get("/api/schema/?format=json").status_code == 200
    page = api.get("/api/docs/").content.decode()
    assert "cdn" not in page.lower() and "/static/drf_spectacular_sidecar/" in page


def test_an_organisation_without_a_place_is_a_czech_field_error(api):
    response = api.post("/api/v1/organizations/", {"name": "Bez místa", "kind": "ngo"}, format="json")
    assert response.status_code == 400
    assert "obec" in response.json()["district"][0]


def test_search_ignores_diacritics_and_case(api, make_organization, pelhrimov):
    make_organization(name="Česká Lípa – poradna", district=pelhrimov)
    make_organization(name="Jiná poradna", district=pelhrimov)
    names = [row["name"] for row in api.get("/api/v1/organizations/", {"q": "ceska LIPA"}).json()["results"]]
    assert names == ["Česká Lípa – poradna"]
