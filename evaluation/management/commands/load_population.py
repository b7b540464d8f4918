"""manage.py load_population FILE: ČSÚ's table of the population by age into children 0–17 per ORP and year."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from evaluation.csu import TableError
from evaluation.population import population_load


class Command(BaseCommand):
    # Developer-facing, like the help of Django's own commands: not translated.
    help = (
        "Load ČSÚ's CSV of the population by age per ORP (codelist 65; columns hodnota, vuzemi_kod, vek_txt, "
        "pohlavi_kod, casref_do or rok, in any order) as children aged 0-17 per ORP and year. Five-year groups: 0-4, "
        "5-9 and 10-14 in full and 3/5 of 15-19. Running it again updates the numbers; a bad row stops the load and "
        "names its line; ORP codes the territory does not know are reported, not fatal."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="ČSÚ's CSV file (UTF-8, with or without a BOM)")
        parser.add_argument("--source", help="the source to store (default: ČSÚ and the file's name)")

    def handle(self, *args, file: Path, source: str | None, **options):
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        try:
            result = population_load(file, source=source)
        except TableError as error:
            raise CommandError(f"{file.name}, {error}") from None
        years = ", ".join(str(year) for year in sorted(result.years)) or "none"
        self.stdout.write(f"{result.rows} rows read, {result.skipped} of other territories or of all ages skipped")
        for code, name in sorted(result.unknown.items()):
            self.stderr.write(f"Unknown ORP code {code} {name}".rstrip() + ": skipped")
        self.stdout.write(
            self.style.SUCCESS(
                f"Populations of years {years}: {result.created} created, {result.updated} updated, "
                f"{result.unchanged} unchanged"
            )
        )
