"""The foreign keys to the territory follow it to the territory app; the tables and their constraints stay as they are: state only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('permissions', '0003_ospod_head_role'),
        ('territory', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.AlterField(
                model_name='districtuserobjectpermission',
                name='content_object',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='user_grants', to='territory.district'),
            ),
            migrations.AlterField(
                model_name='historicalroleassignment',
                name='district',
                field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='territory.district', verbose_name='district'),
            ),
            migrations.AlterField(
                model_name='historicalroleassignment',
                name='region',
                field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='territory.region', verbose_name='region'),
            ),
            migrations.AlterField(
                model_name='regionuserobjectpermission',
                name='content_object',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='user_grants', to='territory.region'),
            ),
            migrations.AlterField(
                model_name='roleassignment',
                name='district',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='role_assignments', to='territory.district', verbose_name='district'),
            ),
            migrations.AlterField(
                model_name='roleassignment',
                name='region',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='role_assignments', to='territory.region', verbose_name='region'),
            ),
            ],
            database_operations=[],
        ),
    ]
