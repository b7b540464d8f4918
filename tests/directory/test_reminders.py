"""Follow-up reminders: one e-mail a day per assignee with their open follow-ups due tomorrow or overdue."""

import datetime

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext

from meetings.models import FollowUp
from meetings.services import followup_complete, followup_remind
from meetings.tasks import followup_remind_task

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 10)


@pytest.fixture
def networker(make_role_user, pelhrimov):
    """A networker of ORP Pelhřimov, where the meetings are: an assignee must be able to see the follow-up."""

    def make(username: str, **fields):
        user = make_role_user(username, "sitar", district=pelhrimov)
        for name, value in fields.items():
            setattr(user, name, value)
        user.save()
        return user

    return make


@pytest.fixture
def jana(networker):
    return networker("jana.sitar", email="jana@example.cz", first_name="Jana", last_name="Nováková")


@pytest.fixture
def petr(networker):
    return networker("petr.sitar", email="petr@example.cz")


def add(make_meeting, assignee, *due_days, title="Setkání OSPOD"):
    """A meeting with one follow-up per due day (days from TODAY; None: no due date) for the assignee."""
    meeting = make_meeting(
        title=title,
        followups=[
            {
                "description": f"Úkol {day}",
                "assignee": assignee,
                "due_on": None if day is None else TODAY + datetime.timedelta(days=day),
            }
            for day in due_days
        ],
    )
    return list(meeting.followups.order_by("id"))


def test_it_mails_each_assignee_their_overdue_and_tomorrows_followups_once(make_meeting, jana, petr):
    add(make_meeting, jana, -3, 1, 0)
    add(make_meeting, petr, 1)

    assert followup_remind(today=TODAY) == 2

    assert sorted(message.to[0] for message in mail.outbox) == ["jana@example.cz", "petr@example.cz"]
    to_jana = next(message for message in mail.outbox if message.to == ["jana@example.cz"])
    assert "Úkol -3" in to_jana.body and "Úkol 1" in to_jana.body and "Úkol 0" in to_jana.body
    assert "Jana Nováková" in to_jana.body
    with translation.override("cs"):
        assert to_jana.subject == gettext("Síťař: follow-ups due")


def test_followups_due_later_or_without_a_date_are_not_reminded(make_meeting, jana):
    later, undated = add(make_meeting, jana, 2, None)

    assert followup_remind(today=TODAY) == 0

    assert mail.outbox == []
    assert FollowUp.objects.filter(reminded_on__isnull=False).count() == 0


def test_done_followups_are_not_reminded(make_meeting, jana, actor):
    (done,) = add(make_meeting, jana, -1)
    followup_complete(actor=actor, followup=done)

    assert followup_remind(today=TODAY) == 0
    assert mail.outbox == []


def test_a_second_run_the_same_day_sends_nothing_and_the_next_day_again(make_meeting, jana):
    (followup,) = add(make_meeting, jana, -1)

    assert followup_remind(today=TODAY) == 1
    assert followup_remind(today=TODAY) == 0
    assert len(mail.outbox) == 1
    followup.refresh_from_db()
    assert followup.reminded_on == TODAY

    assert followup_remind(today=TODAY + datetime.timedelta(days=1)) == 1
    assert len(mail.outbox) == 2


def test_an_assignee_without_an_email_or_no_assignee_is_skipped(make_meeting, networker, jana):
    add(make_meeting, networker("bez.mailu", email=""), -1)
    add(make_meeting, None, -1)
    add(make_meeting, jana, -1)

    assert followup_remind(today=TODAY) == 1
    assert [message.to for message in mail.outbox] == [["jana@example.cz"]]


def test_the_task_calls_the_service_inline_without_a_broker(make_meeting, jana):
    add(make_meeting, jana, -1)
    assert followup_remind_task.apply().get() == 1
    assert len(mail.outbox) == 1
