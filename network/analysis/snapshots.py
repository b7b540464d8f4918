"""Snapshots of the cooperation network: its metrics per ORP and per kraj, and the banded joint cases of pairs of
organisations, taken by the system (monthly, by beat)."""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from network.analysis.graph import joint_case_bands, network_graph_for_territory
from network.analysis.metrics import network_metrics
from network.models import JointCasesSnapshot, NetworkSnapshot
from territory.models import District, Region


def snapshot_metrics(graph) -> dict:
    """What a snapshot stores of a graph: network_metrics with isolates as a count, and the active links."""
    metrics = network_metrics(graph)
    metrics["isolates"] = len(metrics["isolates"])
    metrics["links_active"] = metrics["edges"]
    return metrics


@transaction.atomic
def snapshot_take(*, on: date | None = None) -> int:
    """Store the metrics of every ORP and every kraj on a day (default today), as the system sees them (every link,
    no user scope), and the joint-case bands of every pair of organisations; a repeated run on the same day replaces
    that day's snapshots. Returns how many territories were stored.

    With ``on`` in the past, the links are those in force on that day (their since/until) and the joint cases those
    whose involvements were recorded by its end; for today, the active links and every involvement recorded so far.
    The graph shows the joint cases of the last snapshot only: a case opened since changes nothing until the next.
    """
    today = timezone.localdate()
    day = on or today
    as_of = None if day == today else day
    count = 0
    for region in Region.objects.order_by("code"):
        territories = [(region, None)] + [
            (region, district) for district in District.objects.filter(region=region).order_by("code")
        ]
        for kraj, district in territories:
            graph = network_graph_for_territory(
                district=district, region=None if district else kraj, as_of=as_of, joint_cases=False
            )
            NetworkSnapshot.objects.update_or_create(
                region=kraj, district=district, taken_on=day, defaults={"metrics": snapshot_metrics(graph)}
            )
            count += 1
    before = (
        timezone.now() if as_of is None else timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))
    )
    JointCasesSnapshot.objects.filter(taken_on=day).delete()
    JointCasesSnapshot.objects.bulk_create(
        JointCasesSnapshot(taken_on=day, first_id=first, second_id=second, band=band)
        for first, second, band in joint_case_bands(before=before)
    )
    return count
