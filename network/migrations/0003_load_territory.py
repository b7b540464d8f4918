"""Loads the 14 kraje, 206 ORP (205 + Praha) and 6 258 obcí from territory/data/ (ČSÚ, 1. 1. 2026)."""
from django.db import migrations


def load(apps, schema_editor):
    from territory.loading import load_territory

    load_territory(apps.get_model("network", "Region"), apps.get_model("network", "District"),
                   apps.get_model("network", "Municipality"))


def unload(apps, schema_editor):
    for name in ("Municipality", "District", "Region"):
        apps.get_model("network", name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("network", "0002_initial")]

    operations = [migrations.RunPython(load, unload)]
