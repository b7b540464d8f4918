"""Reads of the network domain that take the user."""

from network.models import NetworkSnapshot
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
