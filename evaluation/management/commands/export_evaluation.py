"""manage.py export_evaluation DIR: the indicators of the approved forms, suppressed, as CSV and a datapackage.json."""

from pathlib import Path

from django.core.management.base import BaseCommand

from evaluation.opendata import export_evaluation


class Command(BaseCommand):
    help = (
        "Write the collected indicators of the approved forms per ORP and kraj, small counts suppressed, as CSV files "
        "with a Frictionless datapackage.json (CC BY 4.0) into DIR."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="the folder to write (replaced as a whole)")

    def handle(self, *args, directory: Path, **options):
        counts = export_evaluation(directory)
        for name, count in counts.items():
            self.stdout.write(f"{name:26} {count:>8}")
        self.stdout.write(self.style.SUCCESS(f"Evaluation open data written to {directory.resolve()}"))
