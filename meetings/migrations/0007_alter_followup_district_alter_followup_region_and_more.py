"""The foreign keys to the territory follow it to the territory app; the tables and their constraints stay as they are: state only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0006_meeting_of_case_index'),
        ('territory', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.AlterField(
                model_name='followup',
                name='district',
                field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='%(class)ss', to='territory.district', verbose_name='district'),
            ),
            migrations.AlterField(
                model_name='followup',
                name='region',
                field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='%(class)ss', to='territory.region', verbose_name='region'),
            ),
            migrations.AlterField(
                model_name='historicalfollowup',
                name='district',
                field=models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='territory.district', verbose_name='district'),
            ),
            migrations.AlterField(
                model_name='historicalfollowup',
                name='region',
                field=models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='territory.region', verbose_name='region'),
            ),
            migrations.AlterField(
                model_name='historicalmeeting',
                name='district',
                field=models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='territory.district', verbose_name='district'),
            ),
            migrations.AlterField(
                model_name='historicalmeeting',
                name='region',
                field=models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='territory.region', verbose_name='region'),
            ),
            migrations.AlterField(
                model_name='historicalneed',
                name='district',
                field=models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='territory.district', verbose_name='district'),
            ),
            migrations.AlterField(
                model_name='historicalneed',
                name='region',
                field=models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='territory.region', verbose_name='region'),
            ),
            migrations.AlterField(
                model_name='meeting',
                name='district',
                field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='%(class)ss', to='territory.district', verbose_name='district'),
            ),
            migrations.AlterField(
                model_name='meeting',
                name='region',
                field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='%(class)ss', to='territory.region', verbose_name='region'),
            ),
            migrations.AlterField(
                model_name='need',
                name='district',
                field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='%(class)ss', to='territory.district', verbose_name='district'),
            ),
            migrations.AlterField(
                model_name='need',
                name='region',
                field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='%(class)ss', to='territory.region', verbose_name='region'),
            ),
            ],
            database_operations=[],
        ),
    ]
