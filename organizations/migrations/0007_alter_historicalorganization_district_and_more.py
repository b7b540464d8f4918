"""The foreign keys to the territory follow it to the territory app; the tables and their constraints stay as they are: state only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('organizations', '0006_search_trigram'),
        ('territory', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.AlterField(
                model_name='historicalorganization',
                name='district',
                field=models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='territory.district', verbose_name='district'),
            ),
            migrations.AlterField(
                model_name='historicalorganization',
                name='municipality',
                field=models.ForeignKey(blank=True, db_constraint=False, help_text='The obec of the address; it decides the district. Leave empty for a hidden address.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='territory.municipality', verbose_name='municipality'),
            ),
            migrations.AlterField(
                model_name='historicalorganization',
                name='region',
                field=models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='territory.region', verbose_name='region'),
            ),
            migrations.AlterField(
                model_name='historicalorganization_served_districts',
                name='district',
                field=models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='territory.district'),
            ),
            migrations.AlterField(
                model_name='historicalservice',
                name='district',
                field=models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='territory.district', verbose_name='district'),
            ),
            migrations.AlterField(
                model_name='historicalservice',
                name='region',
                field=models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='territory.region', verbose_name='region'),
            ),
            migrations.AlterField(
                model_name='historicalservice_served_districts',
                name='district',
                field=models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='territory.district'),
            ),
            migrations.AlterField(
                model_name='organization',
                name='district',
                field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='%(class)ss', to='territory.district', verbose_name='district'),
            ),
            migrations.AlterField(
                model_name='organization',
                name='municipality',
                field=models.ForeignKey(blank=True, help_text='The obec of the address; it decides the district. Leave empty for a hidden address.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='organizations', to='territory.municipality', verbose_name='municipality'),
            ),
            migrations.AlterField(
                model_name='organization',
                name='region',
                field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='%(class)ss', to='territory.region', verbose_name='region'),
            ),
            migrations.AlterField(
                model_name='organization',
                name='served_districts',
                field=models.ManyToManyField(blank=True, related_name='served_organizations', to='territory.district', verbose_name='districts served'),
            ),
            migrations.AlterField(
                model_name='service',
                name='district',
                field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='%(class)ss', to='territory.district', verbose_name='district'),
            ),
            migrations.AlterField(
                model_name='service',
                name='region',
                field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='%(class)ss', to='territory.region', verbose_name='region'),
            ),
            migrations.AlterField(
                model_name='service',
                name='served_districts',
                field=models.ManyToManyField(blank=True, related_name='served_services', to='territory.district', verbose_name='districts served'),
            ),
            ],
            database_operations=[],
        ),
    ]
