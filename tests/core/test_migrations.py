"""The migrations match the models, and their data steps can be reversed."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import RunPython, RunSQL

pytestmark = pytest.mark.django_db

PROJECT_APPS = {"network", "organizations", "contacts", "meetings", "permissions", "api"}


def test_the_models_have_no_changes_missing_a_migration():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    assert "No changes detected" in out.getvalue()


def test_every_data_step_of_the_project_migrations_can_be_reversed():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    irreversible = [
        f"{app}.{name}: {operation.describe()}"
        for (app, name), migration in loader.disk_migrations.items()
        if app in PROJECT_APPS
        for operation in migration.operations
        if isinstance(operation, (RunPython, RunSQL)) and not operation.reversible
    ]
    assert irreversible == []
