"""Celery tasks of partner surveys: thin, they call the services (conventions: core/tasks.py)."""

from celery import shared_task

from surveys.services import round_invite, round_remind


@shared_task
def round_invite_task(round_id: int) -> int:
    """E-mail the personal links of a round just opened; the e-mails sent."""
    return round_invite(round_id)


@shared_task
def round_remind_task() -> int:
    """Remind the respondents of open rounds and close rounds past their deadline (daily, CELERY_BEAT_SCHEDULE)."""
    return round_remind()
