"""The directory screen: search without diacritics, every filter, the map's points, scope, paging, a constant number of
queries, and the CSV/XLSX export of the filtered list."""

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from organizations.models import Organization
from organizations.services import organization_verify

pytestmark = pytest.mark.django_db

LIST = "/organizations/"
EXPORT = "/organizations/export/"


def names(response) -> list[str]:
    return [organization.name for organization in response.context["object_list"]]


def points(response) -> list[dict]:
    return response.context["map_points"]


# ------------------------------------------------------------------------------------------- search and scope --


def test_the_screens_own_their_url_names():
    # The UI's names, not the API router's "organization-list" (the router's names live in the "api" namespace).
    assert (reverse("organization-list"), reverse("organization-export")) == (LIST, EXPORT)
    assert reverse("organization-detail", args=[7]) == "/organizations/7/"


def test_an_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_without_filters_it_lists_every_organisation_in_scope_and_none_outside(
    signed_in, make_organization, jihlava_town, liberec_town
):
    make_organization(name="Spirála Pelhřimov")
    make_organization(name="Nový Start Jihlava", municipality=jihlava_town)
    make_organization(name="Maják Liberec", municipality=liberec_town)
    response = signed_in.get(LIST, {"region": "", "district": ""})
    assert response.status_code == 200
    assert names(response) == ["Nový Start Jihlava", "Spirála Pelhřimov"]
    assert "Maják Liberec" not in response.content.decode()


def test_the_search_ignores_diacritics_and_case(signed_in, make_organization):
    make_organization(name="Česká Lípa – Spirála")
    make_organization(name="Kontakt Pelhřimov")
    assert names(signed_in.get(LIST, {"q": "ceska lipa"})) == ["Česká Lípa – Spirála"]
    assert names(signed_in.get(LIST, {"q": "SPIRALA"})) == ["Česká Lípa – Spirála"]
    assert names(signed_in.get(LIST, {"q": "pelhrimov kontakt"})) == ["Kontakt Pelhřimov"]


def test_the_search_does_not_reach_another_kraj(signed_in, make_organization, liberec_town):
    make_organization(name="Spirála Liberec", municipality=liberec_town)
    response = signed_in.get(LIST, {"q": "spirala"})
    assert names(response) == []
    assert points(response) == []


# ------------------------------------------------------------------------------------------------- filters --


def test_it_filters_by_district(signed_in, make_organization, jihlava_town, jihlava):
    make_organization(name="Spirála Pelhřimov")
    make_organization(name="Nový Start Jihlava", municipality=jihlava_town)
    assert names(signed_in.get(LIST, {"district": jihlava.code})) == ["Nový Start Jihlava"]


def test_the_district_filter_offers_only_districts_with_organisations_in_scope(
    signed_in, make_organization, liberec_town, pelhrimov
):
    make_organization(name="Spirála Pelhřimov")
    make_organization(name="Maják Liberec", municipality=liberec_town)
    choices = dict(signed_in.get(LIST).context["filter"].form.fields["district"].choices)
    assert choices == {"": "---------", pelhrimov.code: "Pelhřimov"}


def test_it_filters_by_kind(signed_in, make_organization):
    make_organization(name="Spirála Pelhřimov")
    make_organization(name="ZŠ Komenského", kind="school")
    assert names(signed_in.get(LIST, {"kind": "school"})) == ["ZŠ Komenského"]


def test_it_filters_by_service_kind_and_target_group(
    signed_in, make_organization, make_service, families_with_children
):
    from organizations.models import ServiceKind

    sas = make_organization(name="Spirála Pelhřimov")
    make_service(sas, target_groups=[families_with_children])
    make_service(sas, name="Druhá SAS")  # two matching services still list the organisation once
    other = make_organization(name="Poradna Pelhřimov")
    make_service(other, kind=ServiceKind.objects.exclude(code="sas_families").first())
    assert names(signed_in.get(LIST, {"service_kind": "sas_families"})) == ["Spirála Pelhřimov"]
    assert names(signed_in.get(LIST, {"target_group": families_with_children.code})) == ["Spirála Pelhřimov"]


def test_it_filters_by_verification_and_staleness(signed_in, actor, make_organization):
    fresh = make_organization(name="Ověřená")
    organization_verify(actor=actor, organization=fresh)
    old = make_organization(name="Ověřená dávno")
    Organization.objects.filter(pk=old.pk).update(verified_at=timezone.now() - datetime.timedelta(days=400))
    make_organization(name="Neověřená")
    assert names(signed_in.get(LIST, {"verified": "true"})) == ["Ověřená", "Ověřená dávno"]
    assert names(signed_in.get(LIST, {"verified": "false"})) == ["Neověřená"]
    assert names(signed_in.get(LIST, {"stale": "true"})) == ["Neověřená", "Ověřená dávno"]
    assert names(signed_in.get(LIST, {"stale": "false"})) == ["Ověřená"]


def test_it_filters_by_status(signed_in, actor, make_organization):
    from organizations.services import organization_update

    closed = make_organization(name="Zrušená")
    organization_update(actor=actor, organization=closed, data={"status": "closed"})
    make_organization(name="Činná")
    assert names(signed_in.get(LIST, {"status": "closed"})) == ["Zrušená"]


def test_a_filter_value_it_does_not_understand_is_an_error_next_to_the_filter_and_lists_nothing(
    signed_in, make_organization
):
    make_organization(name="Spirála Pelhřimov")
    response = signed_in.get(LIST, {"verified": "mozna"})
    assert names(response) == []
    assert response.context["filter"].errors["verified"]
    assert 'aria-invalid="true"' in response.content.decode()


# ------------------------------------------------------------------------------------------------ the map --


def test_the_map_places_an_organisation_by_its_coordinates_or_else_at_the_centre_of_its_orp(
    signed_in, make_organization, pelhrimov
):
    make_organization(name="Se souřadnicemi", latitude=Decimal("49.431"), longitude=Decimal("15.223"))
    make_organization(name="Bez souřadnic")
    by_name = {point["name"]: point for point in points(signed_in.get(LIST))}
    assert (by_name["Se souřadnicemi"]["lat"], by_name["Se souřadnicemi"]["lon"]) == (49.431, 15.223)
    assert by_name["Se souřadnicemi"]["approx"] is False
    assert (by_name["Bez souřadnic"]["lat"], by_name["Bez souřadnic"]["lon"]) == (
        float(pelhrimov.centroid_lat),
        float(pelhrimov.centroid_lon),
    )
    assert by_name["Bez souřadnic"]["approx"] is True


def test_the_page_carries_the_points_as_json_and_loads_leaflet_from_its_own_static_files(
    signed_in, make_organization, settings
):
    settings.MAP_TILES_URL = "https://tiles.example.test/{z}/{x}/{y}.png"
    organization = make_organization(name="Spirála <Pelhřimov>")
    page = signed_in.get(LIST, {"q": "spirala"}).content.decode()
    payload = page.split('<script id="directory-points" type="application/json">')[1].split("</script>")[0]
    # A row a point: [id, name, lat, lon] (directory.js makes the card's URL from the id).
    assert json.loads(payload)[0][:2] == [organization.pk, "Spirála <Pelhřimov>"]
    assert "<Pelhřimov>" not in payload  # escaped: a name is never markup
    assert "/static/leaflet/leaflet.js" in page and "/static/organizations/directory.js" in page
    assert 'data-tiles-url="https://tiles.example.test/{z}/{x}/{y}.png"' in page
    assert "unpkg" not in page and "cdn" not in page.lower()


def test_the_map_follows_the_filters(signed_in, make_organization):
    make_organization(name="Spirála Pelhřimov")
    make_organization(name="Kontakt Pelhřimov")
    assert [point["name"] for point in points(signed_in.get(LIST, {"q": "kontakt"}))] == ["Kontakt Pelhřimov"]


# --------------------------------------------------------------------------------------- paging and queries --


def test_page_links_keep_the_filters(signed_in, make_organization):
    for number in range(51):
        make_organization(name=f"Škola {number:02d}", kind="school")
    response = signed_in.get(LIST, {"kind": "school", "q": "skola"})
    assert len(names(response)) == 50
    assert "kind=school&amp;q=skola&amp;page=2" in response.content.decode()
    second = signed_in.get(LIST, {"kind": "school", "q": "skola", "page": 2})
    assert names(second) == ["Škola 50"]


def _queries_for_list(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST, {"kind": "ngo"})
    assert response.status_code == 200
    return len(queries)


def test_the_directory_costs_the_same_number_of_queries_for_1_and_30_organisations(
    signed_in, make_organization, make_service, jihlava_town
):
    first = make_organization(name="Organizace 00")
    make_service(first)
    _queries_for_list(signed_in)  # the per-process tables of codes (core.reference) are read on first use
    one = _queries_for_list(signed_in)
    for number in range(1, 30):
        organization = make_organization(
            name=f"Organizace {number:02d}", **({"municipality": jihlava_town} if number % 2 else {})
        )
        make_service(organization)
    many = signed_in.get(LIST, {"kind": "ngo"})
    assert len(names(many)) == 30
    assert _queries_for_list(signed_in) == one


# ---------------------------------------------------------------------------------------------- the export --


def test_the_csv_export_has_the_filtered_organisations_and_opens_in_excel(
    signed_in, make_organization, make_service, liberec_town
):
    spirala = make_organization(name="Spirála Pelhřimov", ico="00551023", phone="+420 565 351 111")
    make_service(spirala)
    make_organization(name="ZŠ Komenského", kind="school")
    make_organization(name="Spirála Liberec", municipality=liberec_town)
    response = signed_in.get(EXPORT, {"q": "spirala", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="organizace-')
    assert response.content.startswith("\ufeff".encode())  # the BOM Excel needs to read UTF-8
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Název", "Druh", "IČO"]
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1]))
    assert row["Název"] == "Spirála Pelhřimov"
    assert row["IČO"] == "00551023"
    assert row["Obec"] == "Pelhřimov"
    assert row["Kraj"] == "Kraj Vysočina"
    assert "sociálně aktivizační služby pro rodiny s dětmi" in row["Služby"]


def test_the_xlsx_export_has_the_same_rows(signed_in, make_organization):
    make_organization(name="Spirála Pelhřimov")
    make_organization(name="ZŠ Komenského", kind="school")
    response = signed_in.get(EXPORT, {"kind": "school", "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("Název", "Druh")
    assert [row[:2] for row in rows[1:]] == [("ZŠ Komenského", "škola / mateřská škola")]


def test_the_export_writes_dates_as_dates(signed_in, actor, make_organization):
    organization = make_organization(name="Ověřená")
    organization_verify(actor=actor, organization=organization)
    response = signed_in.get(EXPORT, {"format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content), read_only=True).active.iter_rows(values_only=True))
    verified = dict(zip(rows[0], rows[1]))["Ověřeno dne"]
    assert isinstance(verified, datetime.datetime)
    assert verified.date() == timezone.localdate()


def test_a_name_that_looks_like_a_formula_is_exported_as_text_and_control_characters_are_dropped(
    signed_in, make_organization
):
    make_organization(name='=HYPERLINK("http://example.invalid","klik")')
    make_organization(name="Spolek\x0bU Rybníka")
    response = signed_in.get(EXPORT, {"format": "xlsx"})
    assert response.status_code == 200
    cells = [row[0] for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2)]
    # A text cell (shown as it is, with Excel's quote prefix), never a formula.
    assert {cell.data_type for cell in cells} == {"s"}
    assert sorted(cell.value for cell in cells) == ['=HYPERLINK("http://example.invalid","klik")', "SpolekU Rybníka"]
    csv_text = signed_in.get(EXPORT, {"format": "csv"}).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(csv_text), delimiter=";"))
    assert sorted(row[0] for row in rows[1:]) == ['\'=HYPERLINK("http://example.invalid","klik")', "SpolekU Rybníka"]


def test_the_export_never_has_organisations_of_another_kraj(signed_in, make_organization, liberec_town):
    make_organization(name="Maják Liberec", municipality=liberec_town)
    response = signed_in.get(EXPORT, {"format": "csv"})
    assert "Maják" not in response.content.decode("utf-8-sig")


@pytest.mark.parametrize("query", [{"verified": "mozna", "format": "csv"}, {"q": "x", "format": "pdf"}, {"q": "x"}])
def test_an_export_it_cannot_make_as_asked_sends_the_user_back_to_the_list_never_exports_everything(
    signed_in, make_organization, query
):
    make_organization(name="Spirála Pelhřimov")
    response = signed_in.get(EXPORT, query)
    assert response.status_code == 302
    assert response["Location"].startswith(LIST + "?")
    assert "format" not in response["Location"]
