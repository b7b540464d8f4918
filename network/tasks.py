"""Celery tasks of the network domain: thin, they call the services."""
import datetime

from celery import shared_task

from network.services_snapshots import snapshot_take


@shared_task
def snapshot_network_task(on: str | None = None) -> int:
    """Take the network snapshots of every ORP and kraj (``on``: an ISO date, default today)."""
    return snapshot_take(on=datetime.date.fromisoformat(on) if on else None)
