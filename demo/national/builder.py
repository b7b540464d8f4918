"""The national dataset built step by step: each step's rows in bulk, a progress line after each (see demo.national)."""

import random
import time
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext

from demo.collection import first_values, next_values
from demo.national.activity import NationalActivity
from demo.national.actors import NationalActors
from demo.national.directory import NationalDirectory
from demo.national.targets import SEED, TARGETS, USER_DOMAIN
from evaluation.models import CollectionRound, Report, ReportStatus, ReportValue
from territory.models import District, Municipality, Region


def national_present() -> bool:
    """True when the national dataset is already in the database."""
    return get_user_model().objects.filter(email__endswith=f"@{USER_DOMAIN}").exists()


def seed_national(*, factor: float = 1.0, progress: Callable[[str], None] = print) -> bool:
    """Add the national dataset (scaled by factor) unless it is there; False when it was there already."""
    if national_present():
        return False
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Check foreign keys as each batch goes in rather than queueing millions of deferred checks for COMMIT:
            # about as fast in all (441 s against 453 s for the full dataset), but the progress lines tell the truth
            # (no silent two-minute COMMIT at the end) and the queue of pending checks no longer grows with the data.
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        NationalBuilder(factor, progress).build()
    return True


class NationalBuilder(NationalActors, NationalDirectory):
    """Generates the national dataset step by step, printing a line after each step."""

    def __init__(self, factor: float, progress: Callable[[str], None]):
        self.want = {name: max(1, round(count * factor)) for name, count in TARGETS.items()}
        self.progress = progress
        self.rng = random.Random(SEED)
        self.today = timezone.localdate()
        self.started = time.monotonic()
        self.regions = {region.pk: region for region in Region.objects.all()}
        self.districts = list(District.objects.order_by("code"))
        self.district_by_pk = {district.pk: district for district in self.districts}
        self.towns: dict[int, list[Municipality]] = {}
        for municipality in Municipality.objects.order_by("code"):
            self.towns.setdefault(municipality.district_id, []).append(municipality)
        # pk → (district_id, region_id, kind, name)
        self.orgs: dict[int, tuple[int, int, str, str]] = {}
        self.archetype_of: dict[int, tuple[str, str, str]] = {}
        self.by_district: dict[int, list[int]] = {}
        self.contacts_of: dict[int, list[int]] = {}
        self.users_by_district: dict[int, list[int]] = {}
        self.users_by_region: dict[int, list[int]] = {}
        self.cases_by_district: dict[int, list[tuple]] = {}  # (pk, reference, OSPOD, partners, opened on)
        self.new_users: list[tuple] = []  # (user, role, district, region)

    def say(self, what: str, count: int) -> None:
        """Print one progress line: what was created, how many, and the time since the start."""
        self.progress(f"  {what:<34} {count:>9,}   {time.monotonic() - self.started:7.1f} s".replace(",", " "))

    def build(self) -> None:
        """Run every step of the national dataset in order."""
        self.progress(
            gettext("National dataset: %(organizations)d organisations, %(meetings)d meetings, %(users)d users …")
            % self.want
        )
        self._users()
        self._organizations()
        self._assignments()
        self._services()
        self._contacts()
        self._cases()
        activity = NationalActivity(self)
        activity.meetings()
        activity.links()
        self._collection()

    def _collection(self) -> None:
        """The forms of every OSPOD of the country in the demo's past rounds, approved with generated numbers (bulk,
        without history like the rest of the dataset): the evaluation's screens at national scale."""
        rounds = list(CollectionRound.objects.order_by("period").prefetch_related("items__indicator"))
        ospods = sorted(pk for pk, (_district, _region, kind, _name) in self.orgs.items() if kind == "ospod")
        previous: dict[int, dict[str, int]] = {}
        created = 0
        now = timezone.now()
        for round_ in rounds:
            indicators = {item.indicator.code: item.indicator for item in round_.items.all()}
            have = set(round_.reports.values_list("ospod_id", flat=True))
            reports = [
                Report(
                    round=round_,
                    ospod_id=pk,
                    district_id=self.orgs[pk][0],
                    region_id=self.orgs[pk][1],
                    status=ReportStatus.APPROVED,
                    submitted_at=now,
                    decided_at=now,
                )
                for pk in ospods
                if pk not in have
            ]
            Report.objects.bulk_create(reports, batch_size=1000)
            values = []
            for report in reports:
                if report.ospod_id in previous:
                    numbers = next_values(self.rng, previous[report.ospod_id], None)
                else:
                    numbers = first_values(self.rng, indicators)
                previous[report.ospod_id] = numbers
                values.extend(
                    ReportValue(report=report, indicator=indicators[code], value=number)
                    for code, number in numbers.items()
                    if code in indicators
                )
            ReportValue.objects.bulk_create(values, batch_size=2000)
            created += len(reports)
        self.say("forms of the collection rounds", created)
