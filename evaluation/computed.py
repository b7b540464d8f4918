"""The network's indicators computed by Síťař from its own records, per ORP and period, as a user may see them.

Each reads only rows of ``restrict(user, "view")``: a kraj's lead gets the ORP of the kraj, the national methodologist
the country; an ORP out of the user's scope comes out as nothing, never as a count of rows the user may not see.
"""

import datetime
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone

from meetings.models import Meeting, Need, NeedStatus
from network.models import CooperationLink
from organizations.models import Organization, OrganizationKind, OrganizationStatus, Service, ServiceStatus
from territory.models import District

VERIFIED_WITHIN = datetime.timedelta(days=365)


@dataclass(frozen=True)
class Period:
    """A half-year or a year, its first and last day."""

    start: datetime.date
    end: datetime.date
    label: str

    @classmethod
    def half_year(cls, year: int, half: int) -> "Period":
        if half not in (1, 2):
            raise ValueError("half is 1 or 2")
        start = datetime.date(year, 1 if half == 1 else 7, 1)
        end = datetime.date(year, 6, 30) if half == 1 else datetime.date(year, 12, 31)
        return cls(start, end, f"{year}/{half}")

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31), str(year))

    @classmethod
    def containing(cls, day: datetime.date) -> "Period":
        """The half-year the day falls in."""
        return cls.half_year(day.year, 1 if day.month <= 6 else 2)

    @classmethod
    def of_label(cls, label: str) -> "Period":
        """The period a label names: "2026/2" a half-year, "2026" a year."""
        year, _, half = label.partition("/")
        return cls.half_year(int(year), int(half)) if half else cls.year(int(year))


Values = dict[int, Decimal | int | None]  # by district id


def _counts(rows, field: str = "district") -> dict[int, int]:
    return {row[field]: row["n"] for row in rows.values(field).annotate(n=Count("pk")).order_by()}


def meetings(user, districts: list[District], period: Period) -> Values:
    rows = Meeting.objects.restrict(user, "view").filter(
        district__in=districts, held_on__range=(period.start, period.end)
    )
    return _counts(rows)


def needs_open(user, districts: list[District], period: Period) -> Values:
    """Needs raised by the period's end and not resolved or dismissed by then."""
    rows = Need.objects.restrict(user, "view").filter(district__in=districts, created_at__date__lte=period.end)
    rows = rows.filter(Q(resolved_at__isnull=True) | Q(resolved_at__date__gt=period.end))
    return _counts(rows)


def _resolved(user, districts: list[District], period: Period):
    return Need.objects.restrict(user, "view").filter(
        district__in=districts, status=NeedStatus.RESOLVED, resolved_at__date__range=(period.start, period.end)
    )


def needs_resolved(user, districts: list[District], period: Period) -> Values:
    return _counts(_resolved(user, districts, period))


def need_resolution_days(user, districts: list[District], period: Period) -> Values:
    """The median of the days from raising a need to its resolution, of the needs resolved in the period."""
    days = defaultdict(list)
    for district, created, resolved in _resolved(user, districts, period).values_list(
        "district", "created_at", "resolved_at"
    ):
        days[district].append((resolved - created).days)
    return {district: Decimal(str(statistics.median(values))) for district, values in days.items()}


def links_per_ospod(user, districts: list[District], period: Period) -> Values:
    """The active cooperation links of the ORP's OSPOD at the period's end, per OSPOD (grouped: a query a side)."""
    ospods = Organization.objects.restrict(user, "view").filter(
        district__in=districts, kind=OrganizationKind.OSPOD, status=OrganizationStatus.ACTIVE
    )
    per_district = _counts(ospods)
    links = CooperationLink.objects.restrict(user, "view").filter(
        Q(since__isnull=True) | Q(since__lte=period.end),
        Q(until__isnull=True) | Q(until__gte=period.end),
        created_at__date__lte=period.end,
        status="active",
    )
    counted = defaultdict(int)
    for side in ("source", "target"):
        rows = links.filter(**{f"{side}__in": ospods.values("pk")}).values(f"{side}__district")
        for row in rows.annotate(n=Count("pk")).order_by():
            counted[row[f"{side}__district"]] += row["n"]
    return {
        district: (Decimal(counted.get(district, 0)) / count).quantize(Decimal("0.1"))
        for district, count in per_district.items()
        if count
    }


def key_services_present(user, districts: list[District], period: Period) -> Values:
    """How many kinds of the key services for families have an active service serving the ORP (seated there, or
    listing it among the districts it serves)."""
    services = Service.objects.restrict(user, "view").filter(status=ServiceStatus.ACTIVE, kind__is_key=True)
    ids = [district.pk for district in districts]
    kinds = defaultdict(set)
    # order_by(): the model's ordering would join the organisation and make the names part of the DISTINCT.
    for district, kind in services.filter(district__in=ids).order_by().values_list("district", "kind").distinct():
        kinds[district].add(kind)
    served = Service.served_districts.through.objects.filter(district_id__in=ids, service__in=services.values("pk"))
    for district, kind in served.order_by().values_list("district_id", "service__kind").distinct():
        kinds[district].add(kind)
    return {district.pk: len(kinds.get(district.pk, ())) for district in districts}


def records_verified(user, districts: list[District], period: Period) -> Values:
    """The share in per cent of the ORP's open organisations verified within a year before the period's end."""
    since = timezone.make_aware(datetime.datetime.combine(period.end - VERIFIED_WITHIN, datetime.time.min))
    organizations = Organization.objects.restrict(user, "view").filter(
        district__in=districts, status=OrganizationStatus.ACTIVE, created_at__date__lte=period.end
    )
    totals = _counts(organizations)
    verified = _counts(organizations.filter(verified_at__gte=since))
    return {
        district: (Decimal(100) * verified.get(district, 0) / total).quantize(Decimal("0.1"))
        for district, total in totals.items()
        if total
    }


COMPUTED = {
    "meetings": meetings,
    "needs_open": needs_open,
    "needs_resolved": needs_resolved,
    "need_resolution_days": need_resolution_days,
    "links_per_ospod": links_per_ospod,
    "key_services_present": key_services_present,
    "records_verified": records_verified,
}


# The computations that count rows: where they find none the count is 0 (a median or a share is then None).
COUNTED = {"meetings", "needs_open", "needs_resolved"}


def compute(user, codes: Iterable[str], districts: Iterable[District], period: Period) -> dict[str, Values]:
    """The computed indicators of these codes for these ORP, as the user may see them: {code: {district id: value}}.
    An ORP the user sees nothing of is absent; a count is 0 where nothing happened, a median or share None where
    there is nothing to take it of."""
    districts = list(districts)
    # An ORP counts as seen when the user sees an organisation there (every mapped ORP has its OSPOD at least).
    visible = set(
        Organization.objects.restrict(user, "view")
        .filter(district__in=districts)
        .order_by()
        .values_list("district", flat=True)
        .distinct()
    )
    found = {}
    for code in codes:
        values = COMPUTED[code](user, districts, period)
        found[code] = {
            district.pk: values.get(district.pk, 0 if code in COUNTED else None)
            for district in districts
            if district.pk in visible
        }
    return found
