"""What serves an ORP, planned by PostgreSQL at the national dataset's scale (tests/scale.py): the report's
organisations and services serving the ORP, and the coverage's active services, are looked up by their keys, never
by reading or hashing every service or organisation of the country (the ORP report 169 → 120 ms, a kraj's coverage
188 → 95 ms on the national data)."""

import pytest
from django.db import connection
from django.utils import timezone

from network.analysis.coverage import active_services
from network.analysis.report import _services_for
from organizations.models import Organization, Service
from organizations.selectors import serving_organizations

pytestmark = pytest.mark.django_db


def plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_the_organisations_serving_an_orp_are_found_by_their_keys(services_serving, pelhrimov):
    serving = Organization.objects.filter(serving_organizations([pelhrimov.pk]))
    assert set(serving.values_list("pk", flat=True)) == services_serving
    read = plan(serving)
    assert "Seq Scan on organizations_service " not in read, read
    assert "Seq Scan on organizations_organization " not in read, read


def test_the_services_of_an_orp_are_those_placed_there_or_serving_it_found_by_their_keys(
    services_serving, make_service, make_organization, pelhrimov
):
    placed = make_service(make_organization(district=pelhrimov))
    services = Service.objects.filter(_services_for(pelhrimov))
    assert set(services.values_list("organization_id", flat=True)) == services_serving | {placed.organization_id}
    read = plan(services)
    assert "Seq Scan on organizations_service " not in read, read


def test_active_services_look_up_the_closed_organisations_instead_of_joining_every_organisation(
    services_serving, sitar, make_organization, make_service, pelhrimov
):
    closed = make_organization(district=pelhrimov, status="closed")
    gone = make_service(closed)
    kept = make_service(make_organization(district=pelhrimov))
    provided = active_services(sitar, timezone.localdate()).filter(_services_for(pelhrimov))
    ids = set(provided.values_list("pk", flat=True))
    assert kept.pk in ids and gone.pk not in ids
    read = plan(provided.order_by())
    assert "org_not_active_idx" in read, read
    assert "Seq Scan on organizations_organization " not in read, read
