"""A GIN trigram index for a search by words anywhere in a name (``search_name LIKE '%word%'``, which a b-tree cannot
serve), as a migration operation: PostgreSQL only, with the pg_trgm extension. pg_trgm is a trusted extension
(PostgreSQL 13+), so the database's owner may create it; where that is not allowed the search still works without the
index, only slower, and the migration says so."""

from django.db import DatabaseError, migrations, transaction


def trigram_index(table: str, column: str, index: str, search: str) -> migrations.RunPython:
    """The operation creating (and, backwards, dropping) ``index`` on ``table(column)``; ``search`` names the search
    it serves in the message shown where pg_trgm is not available."""

    def create(apps, schema_editor):
        connection = schema_editor.connection
        if connection.vendor != "postgresql":
            return
        try:
            with transaction.atomic(using=connection.alias):
                schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except DatabaseError as exc:
            print(f"\n  pg_trgm is not available ({str(exc).strip()}); {search} runs without its index.")
            return
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {index} ON {table} USING gin ({column} gin_trgm_ops)")

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {index}")

    return migrations.RunPython(create, drop, elidable=False)
