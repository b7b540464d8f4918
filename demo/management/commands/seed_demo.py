"""`manage.py seed_demo`: the demo data, and with --scale national the benchmark dataset."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from demo.national.builder import seed_national
from demo.populations import seed_populations
from demo.seed import seed_regional
from demo.users import user_table

DEMO_URL = "http://127.0.0.1:8000/"


class Command(BaseCommand):
    # Developer-facing, like the help of Django's own commands: not translated.
    help = (
        "Build the demo: Kraj Vysočina in depth and a smaller Liberecký kraj (validated, with history rows naming the "
        "demo user who recorded each record) and the demo users, whose password is DEMO_PASSWORD. Running it again "
        "changes no data: it only resets the demo users' password and role assignments. Every ORP gets made-up "
        "children aged 0-17 for the last three years (demo populations) where it has none. --scale national adds the "
        "benchmark dataset over all 14 kraje (about 20 000 organisations, 60 000 services, 80 000 contacts, 500 000 "
        "meetings, 60 000 links, 2 000 users) with bulk inserts and WITHOUT history rows; use it on PostgreSQL."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            choices=["regional", "national"],
            default="regional",
            help=_("regional (default): the demo kraje; national: the benchmark dataset on top of them."),
        )
        parser.add_argument(
            "--national-factor",
            type=float,
            default=1.0,
            help=_("Scale the national numbers, e.g. 0.01 for a quick try (default 1)."),
        )

    def handle(self, *args, scale: str, national_factor: float, **options):
        if not 0 < national_factor <= 1:
            raise CommandError(_("--national-factor must be greater than 0 and at most 1."))
        password = settings.DEMO_PASSWORD
        result = seed_regional(password=password)
        if result.created:
            self.stdout.write(_("Regional demo built in %(seconds).1f s.") % {"seconds": result.seconds})
        else:
            self.stdout.write(
                _(
                    "The regional demo was already there: only the demo users' password and role "
                    "assignments were refreshed."
                )
            )
        # Made-up children per ORP, so that the demo shows rates per 1 000 children (never over ČSÚ's numbers).
        populations = seed_populations(today=timezone.localdate())
        if populations:
            self.stdout.write(
                _("Demo populations (made-up children 0–17 per ORP): %(count)d rows created.") % {"count": populations}
            )
        if scale == "national":
            started = time.monotonic()
            built = seed_national(factor=national_factor, progress=self._progress)
            if built:
                self.stdout.write(
                    _("National dataset built in %(seconds).0f s.") % {"seconds": time.monotonic() - started}
                )
            else:
                self.stdout.write(_("The national dataset was already there: nothing added."))
        self._print_users(password)

    def _progress(self, line: str) -> None:
        """Print a progress line at once, even when the output goes to a file or a pipe."""
        self.stdout.write(line)
        self.stdout.flush()

    def _print_users(self, password: str) -> None:
        """Print the demo users with their role, scope and password, and where to log in."""
        headers = (_("username"), _("role"), _("scope"), _("password"))
        rows = [headers, *user_table(password)]
        widths = [max(len(str(row[i])) for row in rows) for i in range(len(headers))]
        self.stdout.write("")
        self.stdout.write(_("Demo users:"))
        for index, row in enumerate(rows):
            self.stdout.write("  " + "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths)).rstrip())
            if index == 0:
                self.stdout.write("  " + "  ".join("-" * width for width in widths))
        self.stdout.write("")
        self.stdout.write(_("Log in at %(url)s") % {"url": DEMO_URL})
