"""Celery tasks of data collection: thin, they call the services (conventions: core/tasks.py)."""

from celery import shared_task
from django.conf import settings

from evaluation.collection import round_remind
from evaluation.opendata import export_evaluation


@shared_task
def round_remind_task() -> int:
    """Remind the OSPOD whose form of an open round is not submitted (daily, CELERY_BEAT_SCHEDULE); the e-mails."""
    return round_remind()


@shared_task
def export_evaluation_task() -> dict[str, int]:
    """The nightly open-data package of the indicators (CELERY_BEAT_SCHEDULE) into EVALUATION_EXPORT_DIR, served at
    /evaluation/data/."""
    return export_evaluation(settings.EVALUATION_EXPORT_DIR)
