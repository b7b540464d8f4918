"""Indexes of the districts served, by district first: the directory's ORP filter ("seated in the ORP or serving it")
reads the organisations and services serving an ORP by the ORP alone, and these indexes answer it without reading the
table (Django's own index of the district column alone would then look up each row for the other id)."""

from django.db import migrations

INDEXES = {
    "organizations_organization_served_districts": ("org_served_by_district_idx", "organization_id"),
    "organizations_service_served_districts": ("service_served_by_district_idx", "service_id"),
}


class Migration(migrations.Migration):
    dependencies = [("organizations", "0007_alter_historicalorganization_district_and_more")]

    # The tables are Django's own for the many-to-many fields (no model to declare an index on); the SQL is the same
    # on PostgreSQL and SQLite.
    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} (district_id, {other})",
            f"DROP INDEX IF EXISTS {name}",
            elidable=False,
        )
        for table, (name, other) in INDEXES.items()
    ]
