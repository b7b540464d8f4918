"""The territory's models, moved from the network app with their tables (network_region, network_district, network_municipality): state only."""

import django.db.models.deletion
from django.db import migrations, models


MODELS = ['region', 'district', 'municipality']


def move_content_types(apps, schema_editor):
    """Existing databases: the content types (and so permissions and grants) of the moved models follow them."""
    content_type = apps.get_model("contenttypes", "ContentType")
    content_type.objects.filter(app_label="territory", model__in=MODELS).delete()  # none yet, unless made by hand
    content_type.objects.filter(app_label="network", model__in=MODELS).update(app_label="territory")


def move_content_types_back(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    content_type.objects.filter(app_label="territory", model__in=MODELS).update(app_label="network")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("network", "0011_drop_clear_api_tokens"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.CreateModel(
                name='District',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('code', models.CharField(max_length=4, unique=True, verbose_name='ČSÚ code')),
                    ('name', models.CharField(max_length=100, verbose_name='name')),
                    ('ruian_code', models.PositiveIntegerField(unique=True, verbose_name='RÚIAN code')),
                    ('legacy_code_mzcr', models.CharField(blank=True, max_length=4, verbose_name='MZČR/ArcČR code')),
                    ('seat_code', models.CharField(max_length=6, verbose_name='seat municipality code')),
                    ('centroid_lat', models.DecimalField(decimal_places=5, max_digits=8, verbose_name='centroid latitude')),
                    ('centroid_lon', models.DecimalField(decimal_places=5, max_digits=8, verbose_name='centroid longitude')),
                ],
                options={
                    'verbose_name': 'district (ORP)',
                    'verbose_name_plural': 'districts (ORP)',
                    'db_table': 'network_district',
                    'ordering': ['name'],
                    'permissions': [('work_in_district', 'Add and change records in the district')],
                },
            ),
            migrations.CreateModel(
                name='Region',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('code', models.CharField(max_length=4, unique=True, verbose_name='ČSÚ code')),
                    ('name', models.CharField(max_length=100, unique=True, verbose_name='name')),
                    ('abbreviation', models.CharField(max_length=3, verbose_name='abbreviation')),
                    ('nuts3', models.CharField(max_length=5, unique=True, verbose_name='NUTS 3 code')),
                    ('ruian_code', models.PositiveIntegerField(unique=True, verbose_name='RÚIAN code')),
                    ('ico', models.CharField(blank=True, max_length=8, verbose_name='IČO of the kraj')),
                ],
                options={
                    'verbose_name': 'region',
                    'verbose_name_plural': 'regions',
                    'db_table': 'network_region',
                    'ordering': ['code'],
                    'permissions': [('view_region_records', 'View the records of the region'), ('work_in_region', 'Add and change records anywhere in the region'), ('verify_in_region', 'Verify records of the region'), ('assign_roles_in_region', 'Assign roles within the region'), ('use_directory_in_region', 'Look up organisations and services of the region')],
                },
            ),
            migrations.CreateModel(
                name='Municipality',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('code', models.CharField(max_length=6, unique=True, verbose_name='code')),
                    ('name', models.CharField(max_length=100, verbose_name='name')),
                    ('kind', models.CharField(max_length=30, verbose_name='kind')),
                    ('pou_code', models.CharField(max_length=5, verbose_name='POU code')),
                    ('lau_code', models.CharField(max_length=6, verbose_name='okres LAU code')),
                    ('district', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='municipalities', to='territory.district', verbose_name='district')),
                ],
                options={
                    'verbose_name': 'municipality',
                    'verbose_name_plural': 'municipalities',
                    'db_table': 'network_municipality',
                    'ordering': ['name', 'code'],
                },
            ),
            migrations.AddField(
                model_name='district',
                name='region',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='districts', to='territory.region', verbose_name='region'),
            ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
