"""Loads the service kinds (zákon 108/2006 Sb. and others), target groups and forms of service."""
from django.db import migrations


def load(apps, schema_editor):
    from organizations.codelists import load_codelists

    load_codelists(apps.get_model("organizations", "ServiceKind"), apps.get_model("organizations", "TargetGroup"),
                   apps.get_model("organizations", "ServiceForm"))


def unload(apps, schema_editor):
    for name in ("ServiceKind", "TargetGroup", "ServiceForm"):
        apps.get_model("organizations", name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("organizations", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
