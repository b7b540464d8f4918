"""The background job, moved from the network app with its table (network_job): state only."""

import django.db.models.deletion
import uuid
from django.conf import settings
from django.db import migrations, models


MODELS = ['job']


def move_content_types(apps, schema_editor):
    """Existing databases: the content types (and so permissions and grants) of the moved models follow them."""
    content_type = apps.get_model("contenttypes", "ContentType")
    content_type.objects.filter(app_label="core", model__in=MODELS).delete()  # none yet, unless made by hand
    content_type.objects.filter(app_label="network", model__in=MODELS).update(app_label="core")


def move_content_types_back(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    content_type.objects.filter(app_label="core", model__in=MODELS).update(app_label="network")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("network", "0011_drop_clear_api_tokens"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.CreateModel(
                name='Job',
                fields=[
                    ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                    ('kind', models.CharField(max_length=30, verbose_name='kind')),
                    ('title', models.CharField(max_length=200, verbose_name='title')),
                    ('params', models.JSONField(blank=True, default=dict, verbose_name='parameters')),
                    ('state', models.CharField(choices=[('queued', 'waiting to start'), ('running', 'running'), ('done', 'done'), ('failed', 'failed')], default='queued', max_length=10, verbose_name='state')),
                    ('done', models.PositiveIntegerField(default=0, verbose_name='done')),
                    ('total', models.PositiveIntegerField(blank=True, null=True, verbose_name='total')),
                    ('result', models.JSONField(blank=True, null=True, verbose_name='result')),
                    ('error', models.TextField(blank=True, verbose_name='error')),
                    ('output', models.BinaryField(blank=True, null=True, verbose_name='output file')),
                    ('output_name', models.CharField(blank=True, max_length=200, verbose_name='output file name')),
                    ('output_type', models.CharField(blank=True, max_length=100, verbose_name='output content type')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                    ('started_at', models.DateTimeField(blank=True, null=True, verbose_name='started at')),
                    ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished at')),
                    ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='jobs', to=settings.AUTH_USER_MODEL, verbose_name='started by')),
                ],
                options={
                    'verbose_name': 'background job',
                    'verbose_name_plural': 'background jobs',
                    'db_table': 'network_job',
                    'ordering': ['-created_at'],
                    'indexes': [models.Index(fields=['user', '-created_at'], name='job_user_created_idx')],
                },
            ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
