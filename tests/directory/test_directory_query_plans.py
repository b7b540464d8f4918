"""The directory's order (name, id) at scale, planned by PostgreSQL after ANALYZE: nationwide and in a kraj the first
page and the map's points are read from an index in that order (org_name_idx; in a kraj org_region_name_idx, or
org_name_idx where the planner finds that cheaper), never by sorting every organisation (on the national data that sort was 23 + 13 ms of an 83 ms page)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from organizations.models import Organization

pytestmark = pytest.mark.django_db


def directory_plans(client, query: str) -> dict[str, str]:
    """EXPLAIN of the directory page's ordered reads of organisations: "page" and "map" (its first 1 000 points)."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(f"/organizations/{query}").status_code == 200
    selects = [re.sub(r"^DECLARE .*? CURSOR WITH HOLD FOR ", "", q["sql"]) for q in captured.captured_queries]
    ordered = [
        sql
        for sql in selects
        if re.match(r'SELECT .*? FROM "organizations_organization"', sql) and "ORDER BY" in sql and "LIMIT" in sql
    ]
    plans = {}
    with connection.cursor() as cursor:
        for sql in ordered:
            cursor.execute(f"EXPLAIN {sql}")
            plans["map" if sql.endswith("LIMIT 1000") else "page"] = "\n".join(row[0] for row in cursor.fetchall())
    return plans


def assert_read_in_order(plan: str, *indexes: str) -> None:
    assert any(f"Index Scan using {index} " in plan for index in indexes), plan
    assert not re.search(r"Sort Key: .*organizations_organization\.name", plan), plan


def test_nationwide_the_page_and_the_map_read_the_name_index(country, make_role_user, as_user):
    plans = directory_plans(as_user(make_role_user("narodni.plans", "narodni")), "?region=&district=")
    assert plans.keys() == {"page", "map"}
    assert_read_in_order(plans["page"], "org_name_idx")
    assert_read_in_order(plans["map"], "org_name_idx")


def test_in_a_kraj_the_page_reads_the_kraj_and_name_index(country, make_role_user, as_user, vysocina):
    client = as_user(make_role_user("vedouci.plans", "vedouci", region=vysocina))
    plans = directory_plans(client, "?region=3107&district=")
    assert plans.keys() == {"page", "map"}
    assert_read_in_order(plans["page"], "org_region_name_idx", "org_name_idx")
    # The map reads every organisation of a kraj of fewer than 1 000 (sorting them is the cheaper plan here).


def test_an_orps_services_serving_it_are_looked_up_by_their_ids_not_joined_with_every_service(
    services_serving, make_role_user, as_user, pelhrimov
):
    client = as_user(make_role_user("sitar.plans", "sitar", district=pelhrimov))
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/organizations/?district=6110&region=")
    assert response.status_code == 200
    seated = Organization.objects.filter(district=pelhrimov).count()
    assert response.context["paginator"].count == seated + len(services_serving)
    count = next(q["sql"] for q in captured.captured_queries if q["sql"].startswith(COUNT))
    assert re.search(
        r'"id" = ANY\(ARRAY\(SELECT U\d+\."service_id" AS "service_id" FROM "organizations_service_served', count
    )
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {count}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Seq Scan on organizations_service " not in plan, plan


COUNT = 'SELECT COUNT(*) AS "__count" FROM "organizations_organization"'
