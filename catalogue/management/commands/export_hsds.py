"""manage.py export_hsds DIR: the public catalogue as HSDS 3.0 CSV files and a datapackage.json in DIR."""

from pathlib import Path

from django.core.management.base import BaseCommand

from catalogue.export import export_hsds


class Command(BaseCommand):
    help = "Write the public catalogue as Open Referral HSDS 3.0 CSV files with a datapackage.json into DIR."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="the folder to write (replaced as a whole)")

    def handle(self, *args, directory: Path, **options):
        counts = export_hsds(directory)
        for table, count in counts.items():
            self.stdout.write(f"{table:26} {count:>8}")
        self.stdout.write(self.style.SUCCESS(f"HSDS export written to {directory.resolve()}"))
