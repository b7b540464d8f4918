"""Reminders a week and two days before the deadline (never twice a day), bounces, and rounds closing at their
deadline; the owner sees bounced and unanswered."""

import datetime

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from contacts.services import contact_update
from surveys.models import ParticipantStatus, RoundStatus, SurveyParticipant
from surveys.services import round_invite, round_open, round_remind
from surveys.tasks import round_remind_task

pytestmark = pytest.mark.django_db

REFUSING = "tests.surveys.backends.RefusingBackend"


@pytest.fixture
def opened(make_round, sitar):
    round_ = make_round(deadline=timezone.localdate() + datetime.timedelta(days=20))
    round_open(actor=sitar, round_=round_)
    round_invite(round_.pk)
    mail.outbox.clear()
    return round_


def test_reminders_go_a_week_and_two_days_before_the_deadline_never_twice_a_day(opened, four):
    deadline = opened.deadline
    SurveyParticipant.objects.filter(organization=four[0][0]).update(status=ParticipantStatus.SUBMITTED)
    SurveyParticipant.objects.filter(organization=four[1][0]).update(status=ParticipantStatus.REFUSED)
    assert round_remind(deadline - datetime.timedelta(days=8)) == 0
    week = deadline - datetime.timedelta(days=7)
    assert round_remind(week) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([four[2][1].email, four[3][1].email])
    SurveyParticipant.objects.filter(reminded_at__isnull=False).update(
        reminded_at=timezone.make_aware(datetime.datetime.combine(week, datetime.time(7)))
    )
    assert round_remind(week) == 0
    assert round_remind(week + datetime.timedelta(days=1)) == 0
    assert round_remind(deadline - datetime.timedelta(days=2)) == 2


def test_a_refused_recipient_marks_the_participant_bounced(opened, four, sitar, actor, as_user):
    contact_update(actor=actor, contact=four[2][1], data={"email": "nikdo@refused.example"})
    with override_settings(EMAIL_BACKEND=REFUSING):
        sent = round_remind(opened.deadline - datetime.timedelta(days=7))
    assert sent == 3
    bounced = SurveyParticipant.objects.get(organization=four[2][0])
    assert bounced.bounced_at is not None and "550" in bounced.bounce_reason
    assert "nikdo@refused.example" not in bounced.bounce_reason
    page = as_user(sitar).get(reverse("survey-round", args=[opened.pk])).content.decode()
    assert f'data-participant="{bounced.pk}" data-organization="{four[2][0].pk}" data-status="bounced"' in page
    other = SurveyParticipant.objects.get(organization=four[3][0])
    assert f'data-participant="{other.pk}" data-organization="{four[3][0].pk}" data-status="unanswered"' in page


def test_the_owner_sends_reminders_now_once_a_day(opened, sitar, as_user):
    client = as_user(sitar)
    client.post(reverse("survey-action", args=[opened.pk, "remind"]))
    assert len(mail.outbox) == 4
    client.post(reverse("survey-action", args=[opened.pk, "remind"]))
    assert len(mail.outbox) == 4


def test_a_round_past_its_deadline_closes(opened, four, client):
    assert round_remind_task() == 0  # the daily task: nothing due three weeks before the deadline
    round_remind(opened.deadline + datetime.timedelta(days=1))
    opened.refresh_from_db()
    assert opened.status == RoundStatus.CLOSED and opened.closed_at is not None
