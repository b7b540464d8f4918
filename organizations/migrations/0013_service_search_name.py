"""The services' names without diacritics and case, for the public catalogue's search (``search_name LIKE '%word%'``),
with a trigram index where PostgreSQL has pg_trgm (core.trigram)."""

from django.db import migrations, models

from core.trigram import trigram_index


def fill(apps, schema_editor):
    from organizations.search import normalize

    Service = apps.get_model("organizations", "Service")
    rows = list(Service.objects.only("pk", "name"))
    for row in rows:
        row.search_name = normalize(row.name)
    Service.objects.bulk_update(rows, ["search_name"], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [("organizations", "0012_service_catalogue")]

    operations = [
        migrations.AddField(
            model_name="service",
            name="search_name",
            field=models.CharField(default="", editable=False, max_length=255, verbose_name="name for search"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        trigram_index(
            "organizations_service", "search_name", "organizations_service_search_trgm", "the catalogue's search"
        ),
    ]
