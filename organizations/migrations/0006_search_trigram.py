"""A trigram index on the organisations' search names (PostgreSQL only, with the pg_trgm extension).

The directory search (``q``) asks for every word anywhere in the name: ``search_name LIKE '%word%'``, which a b-tree
cannot serve. A GIN trigram index can, so a search of the whole country reads the matching rows instead of every
organisation. pg_trgm is a trusted extension (PostgreSQL 13+), so the database's owner may create it; where that is
not allowed, the search still works without the index, only slower, and the migration says so.
"""
from django.db import DatabaseError, migrations, transaction

INDEX = "organizations_organization_search_trgm"


def create(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError as exc:
        print(f"\n  pg_trgm is not available ({str(exc).strip()}); the directory search runs without its index.")
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON organizations_organization USING gin (search_name gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("organizations", "0005_import_batch")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
