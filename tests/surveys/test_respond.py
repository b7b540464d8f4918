"""The respondent's page: the signed link (tampered, expired, closed, submitted), saving and coming back, the
server-side rule for trust and value, submission and refusal; anonymous and never indexed."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from config.celery import app as celery_app
from surveys.models import ParticipantStatus, SurveyAnswer, SurveyParticipant, SurveyRefusal
from surveys.services import round_close, round_invite
from surveys.tokens import participant_token
from tests.surveys.conftest import answers

pytestmark = pytest.mark.django_db


def link(participant) -> str:
    return reverse("survey-respond", args=[participant_token(participant)])


def participant_of(round_, organization) -> SurveyParticipant:
    return round_.participants.get(organization=organization)


def test_the_invitation_carries_the_personal_link_that_opens_without_an_account(opened, four, client):
    assert round_invite(opened.pk) == 4
    assert round_invite(opened.pk) == 0  # each is invited once
    participant = participant_of(opened, four[0][0])
    message = next(m for m in mail.outbox if m.to == [four[0][1].email])
    assert link(participant) in message.body
    page = client.get(link(participant))
    assert page.status_code == 200
    assert page["X-Robots-Tag"].startswith("noindex")
    content = page.content.decode()
    assert 'name="robots" content="noindex' in content
    for organization, _contact in four[1:]:
        assert f'data-about="{organization.pk}"' in content
    assert f'data-about="{four[0][0].pk}"' not in content


def test_a_tampered_link_is_a_clear_page(opened, four, client):
    token = participant_token(participant_of(opened, four[0][0]))
    for bad in (token[:-2] + "xx", "abc", "a" * 600):
        page = client.get(reverse("survey-respond", args=[bad]))
        assert page.status_code == 404
        assert 'data-state="invalid"' in page.content.decode()


def test_a_new_nonce_invalidates_the_old_link(opened, four, client):
    participant = participant_of(opened, four[0][0])
    old = link(participant)
    SurveyParticipant.objects.filter(pk=participant.pk).update(nonce="0" * 32)
    assert client.get(old).status_code == 404


def test_the_link_is_closed_after_the_deadline_and_when_the_round_is_closed(opened, four, client, sitar):
    participant = participant_of(opened, four[0][0])
    type(opened).objects.filter(pk=opened.pk).update(deadline=timezone.localdate() - datetime.timedelta(days=1))
    page = client.get(link(participant))
    assert page.status_code == 410 and 'data-state="closed"' in page.content.decode()
    type(opened).objects.filter(pk=opened.pk).update(deadline=timezone.localdate() + datetime.timedelta(days=1))
    assert client.get(link(participant)).status_code == 200
    round_close(actor=sitar, round_=opened)
    assert client.post(link(participant), {"action": "save"}).status_code == 410


def test_a_draft_link_is_closed(make_round, four, client):
    round_ = make_round()
    assert client.get(link(participant_of(round_, four[0][0]))).status_code == 410


def test_save_and_come_back_then_submit_then_read_only(opened, four, client):
    (me, _c), (b, _), (c, _), (d, _) = four
    participant = participant_of(opened, me)
    url = link(participant)
    response = client.post(url, {"action": "save", **answers(b, 3, trust=4, value=3)})
    assert response.status_code == 302 and response["Location"].endswith("?saved=1")
    participant.refresh_from_db()
    assert participant.status == ParticipantStatus.STARTED and participant.last_saved_at is not None
    page = client.get(url + "?saved=1").content.decode()
    assert 'id="saved"' in page
    assert f'name="q-{b.pk}-frequency" value="3" checked' in page
    # Submitting without every answer is refused by field, and nothing changes.
    response = client.post(url, {"action": "submit", **answers(b, 3, trust=4, value=3)})
    assert response.status_code == 400
    assert f"q-{c.pk}-frequency" in response.context["errors"]
    assert f"q-{b.pk}-reliability" not in response.context["errors"]
    data = {"action": "submit", **answers(b, 3, trust=4, value=3), **answers(c, 0, trust=2, value=2)}
    data.update(answers(d, 1, trust=2, value=1))
    assert client.post(url, data).status_code == 302
    participant.refresh_from_db()
    assert participant.status == ParticipantStatus.SUBMITTED and participant.submitted_at is not None
    # The trust and value answers about an organisation it does not work with are not kept.
    assert not SurveyAnswer.objects.filter(participant=participant, about=c).exclude(question__code="frequency")
    assert SurveyAnswer.objects.filter(participant=participant, about=b).count() == 7
    stored = set(SurveyAnswer.objects.values_list("pk", "value"))
    thanks = client.get(url)
    assert thanks.status_code == 200 and 'data-state="submitted"' in thanks.content.decode()
    again = client.post(url, {"action": "submit", **answers(b, 1, trust=1, value=1)})
    assert 'data-state="submitted"' in again.content.decode()
    assert set(SurveyAnswer.objects.values_list("pk", "value")) == stored


def test_an_answer_out_of_the_scale_is_refused(opened, four, client):
    (me, _c), (b, _) = four[:2]
    response = client.post(link(participant_of(opened, me)), {"action": "save", f"q-{b.pk}-frequency": "9"})
    assert response.status_code == 400
    assert f"q-{b.pk}-frequency" in response.context["errors"]
    assert not SurveyAnswer.objects.exists()


def test_a_refusal_is_confirmed_and_never_asked_again(opened, four, client, make_round):
    participant = participant_of(opened, four[0][0])
    url = link(participant)
    client.post(url, {"action": "save", **answers(four[1][0], 2)})
    confirm = client.post(url, {"action": "refuse"})
    assert 'value="refuse-confirm"' in confirm.content.decode()
    participant.refresh_from_db()
    assert participant.status == ParticipantStatus.STARTED
    done = client.post(url, {"action": "refuse-confirm"})
    assert 'data-state="refused"' in done.content.decode()
    participant.refresh_from_db()
    assert participant.status == ParticipantStatus.REFUSED
    assert not participant.answers.exists()
    assert SurveyRefusal.objects.get().contact == four[0][1]
    assert 'data-state="refused"' in client.get(url).content.decode()


def test_open_and_send_queues_the_invitations(make_round, sitar, four, as_user, django_capture_on_commit_callbacks):
    round_ = make_round()
    with django_capture_on_commit_callbacks() as queued:
        response = as_user(sitar).post(reverse("survey-action", args=[round_.pk, "open"]))
    assert response.status_code == 302 and len(queued) == 1 and not mail.outbox
    # The queued task, run as a worker would (eagerly here: the test run's Redis has no worker listening).
    was_eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    try:
        queued[0]()
    finally:
        celery_app.conf.task_always_eager = was_eager
    assert sorted(message.to[0] for message in mail.outbox) == sorted(contact.email for _o, contact in four)
    assert not round_.participants.filter(invited_at__isnull=True).exists()
