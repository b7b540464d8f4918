"""Reads of the network domain that take the user."""

from django.db.models import Q

from core.models import signed_in
from network.models import CooperationLink, NetworkSnapshot
from permissions.rules import Level, level
from permissions.scoping import get_scope
from territory.models import District, Region


def _visible_snapshots_q(user) -> Q | None:
    """The snapshots of the territory whose cooperation links the user may see: a kraj-wide reader sees the kraj's
    and its districts' snapshots. A user who sees only their OSPOD's own links sees none: a snapshot counts every link
    of its territory."""
    if not signed_in(user):
        return None
    scope = get_scope(user)
    if scope.superuser:
        return Q()
    regions, districts = set(), set()
    for assignment in scope.assignments:
        at = level(assignment.role, "cooperationlink", "view")
        if at is Level.ALL:
            return Q()
        if at is Level.REGION and assignment.region_id:
            regions.add(assignment.region_id)
        elif at is Level.DISTRICT and assignment.district_id:
            districts.add(assignment.district_id)
    parts = []
    if regions:
        parts.append(Q(region_id__in=sorted(regions)))
    if districts:
        parts.append(Q(district_id__in=sorted(districts)))
    if not parts:
        return None
    condition = parts[0]
    for part in parts[1:]:
        condition |= part
    return condition


def snapshot_series(user, *, district: District | str | None = None, region: Region | str | None = None) -> list[dict]:
    """The stored snapshots of one district, one kraj (the kraj-level ones) or, neither given, the country's kraje,
    oldest first, as ``{"date", "region", "district", "metrics"}`` (codes; district None for a kraj); only territory
    whose cooperation links the user may see, else an empty list."""
    if district is not None and region is not None:
        raise ValueError("Give a district or a region, not both.")
    condition = _visible_snapshots_q(user)
    if condition is None:
        return []
    snapshots = NetworkSnapshot.objects.filter(condition)
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


def organization_card_links(user, organization) -> dict:
    """The section of the organisation card (organizations.card): the cooperation links it takes part in that the
    user may see, with both organisations."""
    links = (
        CooperationLink.objects.restrict(user, "view")
        .filter(Q(source=organization) | Q(target=organization))
        .select_related("source", "target")
    )
    return {"links": links}
