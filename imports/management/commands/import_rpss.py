"""python manage.py import_rpss DATA [--codelists DIR] [--actor USERNAME]: import the MPSV registry (RPSS) JSON."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from imports.registry import DEFAULT_CODELISTS_DIR, RegistryFileError, rpss_import


class Command(BaseCommand):
    help = "Import the MPSV registry of social-service providers (RPSS open-data JSON) into organisations and services."

    def add_arguments(self, parser):
        parser.add_argument("data", help="The registry's JSON file (rpss.json).")
        parser.add_argument(
            "--codelists",
            default=None,
            help=f"Directory of the registry's codelist files (default: {DEFAULT_CODELISTS_DIR}).",
        )
        parser.add_argument(
            "--actor", default=None, help="Username recorded in the history as the author (default: the system)."
        )

    def handle(self, *args, data, codelists, actor, verbosity, **options):
        user = None
        if actor:
            try:
                user = get_user_model().objects.get(username=actor)
            except get_user_model().DoesNotExist as exc:
                raise CommandError(f"No user {actor!r}.") from exc

        def progress(done, total):
            if verbosity >= 2:
                self.stderr.write(f"{done} …")

        try:
            report = rpss_import(actor=user, source=data, codelists_dir=codelists, progress=progress)
        except RegistryFileError as exc:  # a missing file, a broken JSON document
            raise CommandError(str(exc)) from exc
        self.stdout.write(report.as_text())
