"""Extended statistics on the scope keys of every scoped table (PostgreSQL only).

A district lies in one region, so ``region_id IN (…) AND district_id = …`` selects as many rows as the district alone;
without these statistics the planner multiplies the two selectivities, expects a few hundred rows where there are
thousands, and sorts them instead of reading the (district, date) index in order.
"""
from django.db import migrations

TABLES = [
    "organizations_organization", "organizations_service", "contacts_contact", "meetings_meeting",
    "meetings_followup", "meetings_need", "network_cooperationlink", "network_case", "network_caseinvolvement",
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(
            f"CREATE STATISTICS IF NOT EXISTS {table}_scope_stat (dependencies, ndistinct) ON region_id, district_id "
            f"FROM {table}"
        )
        schema_editor.execute(f"ANALYZE {table}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP STATISTICS IF EXISTS {table}_scope_stat")


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0008_background_job"),
        ("organizations", "0005_import_batch"),
        ("contacts", "0002_initial"),
        ("meetings", "0005_meeting_covering_indexes"),
    ]

    operations = [migrations.RunPython(create, drop)]
