from django.db import migrations


def load(apps, schema_editor):
    from evaluation.starter import load_starter_indicators

    load_starter_indicators(apps.get_model("evaluation", "Indicator"))


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0001_indicators")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
