"""Erasing a contact reaches what a survey keeps about them: the bounce reason quoting their address."""

import pytest

from contacts.services import contact_erase
from surveys.models import SurveyParticipant, SurveyRefusal
from surveys.services import round_open

pytestmark = pytest.mark.django_db


def test_erasure_scrubs_the_survey_rows_of_a_contact(make_round, sitar, four, actor):
    round_ = make_round()
    round_open(actor=sitar, round_=round_)
    organization, contact = four[0]
    participant = round_.participants.get(organization=organization)
    SurveyParticipant.objects.filter(pk=participant.pk).update(
        bounce_reason=f"550 <{contact.email}>: no such user ({contact.name})"
    )
    SurveyRefusal.objects.create(contact=contact, round=round_)
    email, name = contact.email, contact.name
    contact_erase(actor=actor, contact=contact, ground="objection")
    participant.refresh_from_db()
    assert email not in participant.bounce_reason and name not in participant.bounce_reason
    assert participant.bounce_reason.startswith("550")
    # The refusal stays on the anonymised record: the person is still never asked again.
    assert SurveyRefusal.objects.filter(contact=contact).exists()
