"""Take the snapshots of the cooperation network's metrics for every ORP and kraj."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from network.analysis.snapshots import snapshot_take


def _day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value}") from exc


class Command(BaseCommand):
    help = "Store the network metrics of every ORP and kraj for a day (default today); a re-run replaces that day."

    def add_arguments(self, parser):
        parser.add_argument("--on", type=str, default=None, help="The day, YYYY-MM-DD (default: today).")

    def handle(self, *args, on=None, **options):
        count = snapshot_take(on=_day(on) if on else None)
        self.stdout.write(f"{count} snapshots stored.")
