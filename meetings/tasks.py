"""Celery tasks of meetings: thin, they call the services (conventions: core/tasks.py)."""

from celery import shared_task

from meetings.services import followup_remind


@shared_task
def followup_remind_task() -> int:
    """E-mail the assignees of follow-ups due tomorrow or overdue (daily, CELERY_BEAT_SCHEDULE); returns the e-mails."""
    return followup_remind()
