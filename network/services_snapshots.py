"""Snapshots of the cooperation network: its metrics per ORP and per kraj, taken by the system (monthly, by beat)."""
from datetime import date

from django.db import transaction
from django.utils import timezone

from network.graph import network_graph_for_territory, network_metrics
from network.models import District, NetworkSnapshot, Region


def snapshot_metrics(graph) -> dict:
    """What a snapshot stores of a graph: network_metrics with isolates as a count, and the active links."""
    metrics = network_metrics(graph)
    metrics["isolates"] = len(metrics["isolates"])
    metrics["links_active"] = metrics["edges"]
    return metrics


@transaction.atomic
def snapshot_take(*, on: date | None = None) -> int:
    """Store the metrics of every ORP and every kraj on a day (default today), as the system sees them (every link,
    no user scope); a repeated run on the same day replaces that day's snapshots. Returns how many were stored.

    With ``on`` in the past, the links are those in force on that day (their since/until); for today, the active ones.
    """
    today = timezone.localdate()
    day = on or today
    as_of = None if day == today else day
    count = 0
    for region in Region.objects.order_by("code"):
        territories = [(region, None)] + [(region, district) for district in
                                          District.objects.filter(region=region).order_by("code")]
        for kraj, district in territories:
            graph = network_graph_for_territory(district=district, region=None if district else kraj, as_of=as_of,
                                                joint_cases=False)
            NetworkSnapshot.objects.update_or_create(
                region=kraj, district=district, taken_on=day, defaults={"metrics": snapshot_metrics(graph)}
            )
            count += 1
    return count
