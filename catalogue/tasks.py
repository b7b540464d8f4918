"""Celery tasks of the public catalogue: thin, they call the export (conventions: core/tasks.py)."""

from celery import shared_task
from django.conf import settings

from catalogue.export import export_hsds


@shared_task
def export_hsds_task() -> dict[str, int]:
    """The nightly open-data export (CELERY_BEAT_SCHEDULE) into HSDS_EXPORT_DIR, served at /hsds/data/."""
    return export_hsds(settings.HSDS_EXPORT_DIR)
