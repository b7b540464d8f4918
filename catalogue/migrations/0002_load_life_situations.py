from django.db import migrations


def load(apps, schema_editor):
    from catalogue.situations import load_life_situations

    load_life_situations(
        apps.get_model("catalogue", "LifeSituation"),
        apps.get_model("organizations", "ServiceKind"),
        apps.get_model("organizations", "TargetGroup"),
    )


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_life_situations")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
