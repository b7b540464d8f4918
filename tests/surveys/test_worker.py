"""A round's invitations and reminders on a real Celery worker (tests/celery_worker.py): Redis as the broker, the
e-mails as the worker sent them."""

import datetime
import time

import pytest
from django.db import transaction
from django.utils import timezone

from core.tasks import enqueue
from surveys.services import round_open
from surveys.tasks import round_invite_task, round_remind_task
from surveys.tokens import participant_token

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TIMEOUT = 120  # seconds


def _bodies(worker) -> dict[str, str]:
    """The worker's e-mails so far: {recipient: text}."""
    return {message["To"]: message.get_payload(decode=True).decode() for message in worker.sent_mail()}


def test_the_worker_sends_each_respondent_its_own_link_then_the_reminders_once(celery_worker, make_round, sitar, four):
    celery_worker.clear_mail()
    round_ = make_round(deadline=timezone.localdate() + datetime.timedelta(days=2))
    with transaction.atomic():  # as the owner's "Open and send": the task is queued after the commit
        round_open(actor=sitar, round_=round_)
        enqueue(round_invite_task, round_.pk)
    deadline = time.monotonic() + TIMEOUT
    while round_.participants.filter(invited_at__isnull=True).exists():
        assert time.monotonic() < deadline, celery_worker.log()
        time.sleep(0.2)

    links = {
        contact.email: participant_token(round_.participants.get(organization=organization))
        for organization, contact in four
    }
    bodies = _bodies(celery_worker)
    assert set(bodies) == set(links)
    for recipient, body in bodies.items():
        assert f"/survey/{links[recipient]}/" in body
        assert all(other not in body for who, other in links.items() if who != recipient)

    # Two days before the deadline: the daily task reminds everybody who has not answered, once.
    celery_worker.clear_mail()
    assert round_remind_task.delay().get(timeout=TIMEOUT) == len(links)
    assert round_remind_task.delay().get(timeout=TIMEOUT) == 0
    reminded = _bodies(celery_worker)
    assert set(reminded) == set(links)
    assert all(f"/survey/{links[recipient]}/" in body for recipient, body in reminded.items())
