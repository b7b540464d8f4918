"""Codes of kraje, ORP, obce and codelists read from memory (network.reference), and the directory search's index."""
import pytest
from django.db import connection
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from network import reference
from network.models import District, Municipality, Region
from organizations.models import Organization, ServiceKind


@pytest.fixture(autouse=True)
def _empty_tables():
    reference.forget()
    yield
    reference.forget()


@pytest.mark.django_db
def test_codes_and_ids_of_the_territory_loaded_by_migration(pelhrimov, vysocina):
    assert reference.code_of(District, pelhrimov.pk) == "6110"
    assert reference.id_of("network.District", "6110") == pelhrimov.pk
    assert reference.id_of("network.Region", "3107") == vysocina.pk
    assert reference.id_of("network.District", "9999") is None
    assert reference.code_of(Region, 10**9) is None


@pytest.mark.django_db
def test_a_row_saved_in_this_process_is_seen_at_once(django_assert_num_queries):
    reference.code_of(ServiceKind, ServiceKind.objects.first().pk)  # the table is in memory now
    kind = ServiceKind.objects.create(code="nova_sluzba", name="Nová služba", category="other")
    assert reference.id_of("organizations.ServiceKind", "nova_sluzba") == kind.pk
    with django_assert_num_queries(0):
        assert reference.code_of(ServiceKind, kind.pk) == "nova_sluzba"


@pytest.mark.django_db
def test_a_row_written_elsewhere_is_found_by_reading_the_table_again(pelhrimov):
    reference.code_of(Municipality, Municipality.objects.first().pk)
    # bulk_create sends no signal, as a row written by another process sends none to this one
    [town] = Municipality.objects.bulk_create([Municipality(code="999999", name="Nová obec", kind="obec",
                                                            district=pelhrimov, pou_code="61101", lau_code="CZ0633")])
    town_pk = town.pk or Municipality.objects.get(code="999999").pk
    assert reference.code_of(Municipality, town_pk) == "999999"


@pytest.mark.django_db
def test_the_api_shows_the_codes_without_joining_the_territory(make_organization, make_user, actor, pelhrimov):
    from permissions.services import role_assign

    organization = make_organization(name="Rodinné centrum")
    user = make_user("codes.sitar")
    role_assign(actor=actor, user=user, role="sitar", district=pelhrimov)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        body = client.get("/api/v1/organizations/", {"q": "rodinne"}).json()
    [row] = body["results"]
    assert (row["id"], row["district"], row["region"]) == (organization.pk, "6110", "3107")
    assert row["municipality"] == organization.municipality.code
    listing = next(q["sql"] for q in captured.captured_queries
                   if q["sql"].startswith('SELECT "organizations_organization"."id"'))
    for table in ("network_region", "network_district", "network_municipality"):
        assert table not in listing


@pytest.mark.django_db
def test_the_directory_search_reads_a_trigram_index_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("the trigram index is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'organizations_organization_search_trgm'")
        [definition] = cursor.fetchone()
        assert "gin_trgm_ops" in definition
        cursor.execute("SET LOCAL enable_seqscan = off")  # the test table is tiny: make the planner show the index
        plan = Organization.objects.filter(search_name__contains="rodin").explain()
    assert "organizations_organization_search_trgm" in plan
