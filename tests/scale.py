"""Data at a scale where PostgreSQL's plans are those of the national dataset (after ANALYZE): thousands of
organisations and services, for the tests that check a plan with EXPLAIN."""

import pytest
from django.db import connection

from organizations.models import Organization, Service

ORGANIZATIONS = 4000


@pytest.fixture
def country(make_organization, pelhrimov, liberec):
    """Thousands of organisations, an eighth of them in Kraj Vysočina (a kraj is a fourteenth of the country)."""
    first = make_organization(district=pelhrimov)
    rows = [
        Organization(
            region_id=district.region_id,
            district=district,
            name=f"Organizace {n:05d}",
            search_name=f"organizace {n:05d}",
            kind=first.kind,
        )
        for n in range(ORGANIZATIONS)
        for district in [pelhrimov if n % 8 == 0 else liberec]
    ]
    Organization.objects.bulk_create(rows)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE organizations_organization")


SERVICES = 6000


@pytest.fixture
def services_serving(country, make_organization, make_service, pelhrimov, jihlava, liberec):
    """Thousands of services elsewhere, 40 of them, of organisations of Jihlava, serving Pelhřimov too."""
    template = make_service(Organization.objects.filter(district=liberec).first())
    elsewhere = list(Organization.objects.filter(district=liberec).values_list("pk", flat=True)[:500])
    jihlava_organizations = [make_organization(district=jihlava).pk for _ in range(40)]
    Service.objects.bulk_create(
        Service(
            region_id=liberec.region_id,
            district=liberec,
            organization_id=elsewhere[n % len(elsewhere)],
            name=f"Služba {n}",
            kind_id=template.kind_id,
        )
        for n in range(SERVICES)
    )
    serving = Service.objects.bulk_create(
        Service(
            region_id=jihlava.region_id, district=jihlava, organization_id=pk, name="Terénní", kind_id=template.kind_id
        )
        for pk in jihlava_organizations
    )
    through = Service.served_districts.through
    through.objects.bulk_create(through(service_id=service.pk, district_id=pelhrimov.pk) for service in serving)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE organizations_service, organizations_service_served_districts")
    return set(jihlava_organizations)
