"""Celery tasks of data collection: thin, they call the services (conventions: core/tasks.py)."""

from celery import shared_task

from evaluation.collection import round_remind


@shared_task
def round_remind_task() -> int:
    """Remind the OSPOD whose form of an open round is not submitted (daily, CELERY_BEAT_SCHEDULE); the e-mails."""
    return round_remind()
