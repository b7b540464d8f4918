"""What serves ORP X (issue 16, item 1): the ORP filter finds the organisations seated in the ORP or serving it (their
own districts served, or a service's), in the directory, its export and the API, the seat shown apart; and the
directory opens on the user's home territory (item 6)."""

import csv
import io

import pytest

from organizations.models import ServiceKind

pytestmark = pytest.mark.django_db

LIST = "/organizations/"
EXPORT = "/organizations/export/"
API = "/api/v1/organizations/"


@pytest.fixture
def studnice(make_organization, make_service, jihlava, pelhrimov):
    """Diakonie in Pelhřimov whose SAS serves ORP Jihlava (and its own)."""
    diakonie = make_organization(name="Diakonie ČCE Pelhřimov")
    make_service(diakonie, name="SAS Studnice", served_districts=[pelhrimov, jihlava])
    return diakonie


@pytest.fixture
def ospod_worker(make_role_user, ospod_jihlava):
    return make_role_user("ospod.jihlava", "ospod", organization=ospod_jihlava)


@pytest.fixture
def world(studnice, make_organization, make_service, jihlava_town):
    crisis = ServiceKind.objects.get(code="crisis_help")
    seated = make_organization(name="Nový Start Jihlava", municipality=jihlava_town)
    make_service(seated)
    elsewhere = make_organization(name="Krizová pomoc Pelhřimov")
    # Serves Jihlava, but with crisis help, not SAS.
    make_service(elsewhere, kind=crisis, served_districts=[seated.district])
    by_itself = make_organization(name="Poradna Pelhřimov")
    by_itself.served_districts.set([seated.district])
    make_organization(name="Škola Pelhřimov", kind="school")
    return {"studnice": studnice, "seated": seated, "elsewhere": elsewhere, "by_itself": by_itself}


def ids(response) -> list[int]:
    return sorted(organization.pk for organization in response.context["object_list"])


def test_the_directory_finds_under_an_orp_the_organisations_serving_it_from_elsewhere(
    as_user, ospod_worker, ospod_jihlava, world, jihlava
):
    client = as_user(ospod_worker)
    response = client.get(LIST, {"district": jihlava.code})
    expected = [ospod_jihlava.pk, *(world[name].pk for name in ("studnice", "seated", "elsewhere", "by_itself"))]
    assert ids(response) == sorted(expected)
    assert response.context["served_district"] == jihlava.pk


def test_with_a_kind_of_service_the_service_of_that_kind_must_be_the_one_serving_the_orp(
    as_user, ospod_worker, world, jihlava
):
    response = as_user(ospod_worker).get(LIST, {"district": jihlava.code, "service_kind": "sas_families"})
    # Crisis help serving Jihlava is not SAS; the counselling centre serving it has no SAS at all.
    assert ids(response) == sorted([world["studnice"].pk, world["seated"].pk])


def test_the_list_marks_an_organisation_serving_the_orp_and_shows_its_seat(as_user, ospod_worker, world, jihlava):
    html = as_user(ospod_worker).get(LIST, {"district": jihlava.code, "service_kind": "sas_families"}).content.decode()
    row = html[html.index(f'data-id="{world["studnice"].pk}"') :]
    row = row[: row.index("</tr>")]
    assert "působí zde" in row and "sídlo:" in row and "Pelhřimov" in row
    seated = html[html.index(f'data-id="{world["seated"].pk}"') :]
    assert "působí zde" not in seated[: seated.index("</tr>")]


def test_the_export_lists_the_organisations_serving_the_orp(as_user, ospod_worker, world, jihlava):
    response = as_user(ospod_worker).get(
        EXPORT, {"district": jihlava.code, "service_kind": "sas_families", "format": "csv"}
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    exported = sorted(int(row[-1]) for row in rows[1:])
    assert world["studnice"].pk in exported and world["elsewhere"].pk not in exported


def test_the_api_filter_by_district_includes_serving_organisations_and_keeps_the_code(
    api_as, ospod_worker, world, jihlava
):
    response = api_as(ospod_worker).get(API, {"district": jihlava.code, "service_kind": "sas_families"})
    assert response.status_code == 200
    found = {row["id"]: row for row in response.json()["results"]}
    assert world["studnice"].pk in found and world["elsewhere"].pk not in found
    # The seat stays the organisation's own district.
    assert found[world["studnice"].pk]["district"] != jihlava.code
    assert api_as(ospod_worker).get(API, {"district": "9999"}).json()["count"] == 0


def test_the_api_schema_explains_the_district_filter(api_as, ospod_worker):
    schema = api_as(ospod_worker).get("/api/schema/", {"format": "json"}).json()
    parameters = schema["paths"]["/api/v1/organizations/"]["get"]["parameters"]
    district = next(parameter for parameter in parameters if parameter["name"] == "district")
    assert "působí" in district["description"]


# -------------------------------------------------------------------------------------- where it opens (item 6) --


def test_a_sitar_opens_the_directory_on_their_orp_with_the_kraj_one_tap_away(as_user, make_role_user, world, pelhrimov):
    sitar = make_role_user("sitar.pelhrimov", "sitar", district=pelhrimov)
    response = as_user(sitar).get(LIST)
    assert response.context["filter"].form.cleaned_data["district"] == pelhrimov.code
    labels = [link["label"] for link in response.context["shortcuts"]]
    assert [str(label) for label in labels] == ["Moje ORP", "Celý kraj", "Vše, co vidím"]
    assert response.context["shortcuts"][0]["current"]
    everything = as_user(sitar).get(response.context["shortcuts"][2]["url"])
    assert world["seated"].pk in ids(everything)


def test_an_ospod_worker_opens_on_the_orp_of_their_ospod(as_user, ospod_worker, jihlava, world):
    response = as_user(ospod_worker).get(LIST)
    assert response.context["filter"].form.cleaned_data["district"] == jihlava.code
    assert world["studnice"].pk in ids(response)


def test_a_regional_lead_opens_on_the_kraj(as_user, make_role_user, vysocina, world):
    lead = make_role_user("vedouci.vysocina", "vedouci", region=vysocina)
    response = as_user(lead).get(LIST)
    assert response.context["filter"].form.cleaned_data["region"] == vysocina.code
    assert not response.context["filter"].form.cleaned_data["district"]


def test_a_national_role_and_a_superuser_open_unfiltered(as_user, make_role_user, make_user, world):
    national = make_role_user("narodni", "narodni")
    superuser = make_user("root", is_superuser=True, is_staff=True)
    for user in (national, superuser):
        response = as_user(user).get(LIST)
        assert response.context["shortcuts"] == []
        assert world["seated"].pk in ids(response) and world["studnice"].pk in ids(response)


def test_a_search_as_one_types_answers_with_the_results_alone(as_user, ospod_worker, world, jihlava):
    response = as_user(ospod_worker).get(LIST, {"q": "diakonie", "district": jihlava.code}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith("<section") or 'id="directory-results"' in html[:300]
    assert "<html" not in html and 'role="search"' not in html


def test_a_home_with_nothing_to_see_opens_on_everything_rather_than_an_error(
    as_user, make_role_user, vysocina, make_organization, liberec_town
):
    lead = make_role_user("vedouci.vysocina", "vedouci", region=vysocina)
    response = as_user(lead).get(LIST)
    assert response.status_code == 200
    assert response.context["filter"].is_valid()
    assert list(response.context["object_list"]) == []
