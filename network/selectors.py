"""Reads of the network domain that take the user."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from meetings.models import Meeting, Need, NeedStatus
from network.models import CooperationLink, LinkStatus, NetworkSnapshot
from organizations.models import Organization
from permissions.roles import Role
from permissions.scoping import get_scope
from territory.models import District, Region


def snapshot_series(user, *, district: District | str | None = None, region: Region | str | None = None) -> list[dict]:
    """The stored snapshots of one district, one kraj (the kraj-level ones) or, neither given, the country's kraje,
    oldest first, as ``{"date", "region", "district", "metrics"}`` (codes; district None for a kraj); only territory
    whose cooperation links the user may see (``NetworkSnapshot.objects.restrict``), else an empty list."""
    if district is not None and region is not None:
        raise ValueError("Give a district or a region, not both.")
    snapshots = NetworkSnapshot.objects.restrict(user, "view")
    if district is not None:
        snapshots = snapshots.filter(
            **({"district__code": district} if isinstance(district, str) else {"district": district})
        )
    else:
        snapshots = snapshots.filter(district__isnull=True)
        if region is not None:
            snapshots = snapshots.filter(
                **({"region__code": region} if isinstance(region, str) else {"region": region})
            )
    rows = snapshots.order_by("taken_on", "region__code").values_list(
        "taken_on", "region__code", "district__code", "metrics"
    )
    return [
        {"date": taken_on, "region": region_code, "district": district_code, "metrics": metrics}
        for taken_on, region_code, district_code, metrics in rows
    ]


def kraj_overview(user) -> list[dict]:
    """A regional lead's kraj at a glance: per ORP the organisations, meetings of the last 12 months, open needs and
    active links, in five queries whatever the size of the kraj."""
    regions = sorted({a.region_id for a in get_scope(user).assignments if a.role == Role.VEDOUCI})
    if not regions:
        return []
    year_ago = timezone.localdate() - datetime.timedelta(days=365)
    counts = {
        "organizations": Organization.objects.restrict(user, "view"),
        "meetings": Meeting.objects.restrict(user, "view").filter(held_on__gte=year_ago),
        "needs": Need.objects.restrict(user, "view").filter(status__in=[NeedStatus.OPEN, NeedStatus.IN_PROGRESS]),
        "links": CooperationLink.objects.restrict(user, "view").filter(status=LinkStatus.ACTIVE),
    }
    per_district = {
        name: dict(rows.filter(region_id__in=regions).order_by().values_list("district_id").annotate(n=Count("id")))
        for name, rows in counts.items()
    }
    kraje: dict[int, dict] = {}
    for district in District.objects.filter(region_id__in=regions).select_related("region").order_by("name"):
        kraj = kraje.setdefault(district.region_id, {"region": district.region, "rows": []})
        kraj["rows"].append({"district": district, **{name: per_district[name].get(district.pk, 0) for name in counts}})
    return list(kraje.values())


def organization_card_links(user, organization) -> dict:
    """The section of the organisation card (organizations.card): the cooperation links it takes part in that the
    user may see, with both organisations."""
    links = (
        CooperationLink.objects.restrict(user, "view")
        .filter(Q(source=organization) | Q(target=organization))
        .select_related("source", "target")
    )
    return {"links": links}


def existing_link(
    user, *, source_id, target_id, kind: str, directed: bool = False, action: str = "view"
) -> CooperationLink | None:
    """The link of this kind the two organisations already have, as the uniqueness rules count it (A to B; or B to A
    when both are undirected), if the user may ``action`` it; None otherwise, so a duplicate out of scope stays
    unnamed."""
    if not (source_id and target_id and kind):
        return None
    pair = Q(source_id=source_id, target_id=target_id)
    if not directed:
        pair |= Q(source_id=target_id, target_id=source_id, directed=False)
    return (
        CooperationLink.objects.restrict(user, action)
        .filter(pair, kind=kind)
        .select_related("source", "target")
        .order_by("id")
        .first()
    )
