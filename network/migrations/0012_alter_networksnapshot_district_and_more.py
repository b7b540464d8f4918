"""The foreign keys to the territory (and the job) follow the models to their new apps; the tables and their constraints stay as they are: state only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0001_initial"),
        ('contacts', '0004_alter_contact_district_alter_contact_region_and_more'),
        ('meetings', '0007_alter_followup_district_alter_followup_region_and_more'),
        ('network', '0011_drop_clear_api_tokens'),
        ('organizations', '0007_alter_historicalorganization_district_and_more'),
        ('permissions', '0004_alter_districtuserobjectpermission_content_object_and_more'),
        ('territory', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.AlterField(
                model_name='networksnapshot',
                name='district',
                field=models.ForeignKey(blank=True, help_text='Empty for the snapshot of the whole region.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='network_snapshots', to='territory.district', verbose_name='district'),
            ),
            migrations.AlterField(
                model_name='historicalcooperationlink',
                name='district',
                field=models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='territory.district', verbose_name='district'),
            ),
            migrations.AlterField(
                model_name='networkrecommendation',
                name='district',
                field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='network_recommendation', to='territory.district', verbose_name='district (ORP)'),
            ),
            migrations.AlterField(
                model_name='historicalcaseinvolvement',
                name='district',
                field=models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='territory.district', verbose_name='district'),
            ),
            migrations.AlterField(
                model_name='case',
                name='district',
                field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='%(class)ss', to='territory.district', verbose_name='district'),
            ),
            migrations.AlterField(
                model_name='historicalnetworkrecommendation',
                name='district',
                field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='territory.district', verbose_name='district (ORP)'),
            ),
            migrations.AlterField(
                model_name='cooperationlink',
                name='district',
                field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='%(class)ss', to='territory.district', verbose_name='district'),
            ),
            migrations.AlterField(
                model_name='caseinvolvement',
                name='district',
                field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='%(class)ss', to='territory.district', verbose_name='district'),
            ),
            migrations.AlterField(
                model_name='historicalcase',
                name='district',
                field=models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='territory.district', verbose_name='district'),
            ),
            migrations.RemoveField(
                model_name='municipality',
                name='district',
            ),
            migrations.RemoveField(
                model_name='job',
                name='user',
            ),
            migrations.AlterField(
                model_name='historicalcooperationlink',
                name='region',
                field=models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='territory.region', verbose_name='region'),
            ),
            migrations.AlterField(
                model_name='case',
                name='region',
                field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='%(class)ss', to='territory.region', verbose_name='region'),
            ),
            migrations.AlterField(
                model_name='historicalcaseinvolvement',
                name='region',
                field=models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='territory.region', verbose_name='region'),
            ),
            migrations.AlterField(
                model_name='cooperationlink',
                name='region',
                field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='%(class)ss', to='territory.region', verbose_name='region'),
            ),
            migrations.AlterField(
                model_name='caseinvolvement',
                name='region',
                field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='%(class)ss', to='territory.region', verbose_name='region'),
            ),
            migrations.AlterField(
                model_name='historicalcase',
                name='region',
                field=models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='territory.region', verbose_name='region'),
            ),
            migrations.AlterField(
                model_name='networksnapshot',
                name='region',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='network_snapshots', to='territory.region', verbose_name='region'),
            ),
            migrations.DeleteModel(
                name='District',
            ),
            migrations.DeleteModel(
                name='Municipality',
            ),
            migrations.DeleteModel(
                name='Job',
            ),
            migrations.DeleteModel(
                name='Region',
            ),
            ],
            database_operations=[],
        ),
    ]
