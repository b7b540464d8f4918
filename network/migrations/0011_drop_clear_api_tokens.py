"""API tokens moved from rest_framework.authtoken (kept in clear) to django-rest-knox (a digest and an expiry).

The old tokens are not carried over: only their clear text could be, so they are dropped with their table and every
client signs in again. Nothing to restore going back: the old app is no longer installed.
"""
from django.db import migrations


def forget_authtoken_content_types(apps, schema_editor):
    # The admin's permissions and log entries of the removed app go with its content types.
    apps.get_model("contenttypes", "ContentType").objects.filter(app_label="authtoken").delete()


class Migration(migrations.Migration):

    dependencies = [
        ("network", "0010_joint_cases_snapshot"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunSQL("DROP TABLE IF EXISTS authtoken_token", reverse_sql=migrations.RunSQL.noop),
        migrations.RunPython(forget_authtoken_content_types, reverse_code=migrations.RunPython.noop),
    ]
