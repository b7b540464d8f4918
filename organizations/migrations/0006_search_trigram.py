"""A trigram index on the organisations' search names (PostgreSQL only, with the pg_trgm extension; core.trigram).

The directory search (``q``) asks for every word anywhere in the name: ``search_name LIKE '%word%'``. With the index a
search of the whole country reads the matching rows instead of every organisation.
"""

from django.db import migrations

from core.trigram import trigram_index


class Migration(migrations.Migration):
    dependencies = [("organizations", "0005_import_batch")]

    operations = [
        trigram_index(
            "organizations_organization",
            "search_name",
            "organizations_organization_search_trgm",
            "the directory search",
        )
    ]
