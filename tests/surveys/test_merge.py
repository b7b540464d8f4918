"""The merge hooks (the duplicate-merging service calls them): rows move to the survivor without breaking the
uniqueness of participants and answers."""

import pytest

from surveys.models import ParticipantStatus, SurveyAnswer, SurveyParticipant
from surveys.services import answers_save
from tests.surveys.conftest import answers

pytestmark = pytest.mark.django_db


def merge(survivor, merged):
    for model in (SurveyParticipant, SurveyAnswer):
        model.merge_organization(survivor=survivor, merged=merged)


def test_both_in_one_round_keeps_the_participant_that_answered(opened, four):
    (a, _), (b, _), (c, _), (d, _) = four
    answers_save(
        participant=opened.participants.get(organization=b),
        data={**answers(a, 2, trust=3, value=3), **answers(c, 4, trust=4, value=4), **answers(d, 0)},
        submit=True,
    )
    kept = opened.participants.get(organization=b)
    merge(survivor=a, merged=b)
    assert list(opened.participants.filter(organization=a)) == [kept]
    assert not SurveyParticipant.objects.filter(organization=b).exists()
    kept.refresh_from_db()
    assert kept.status == ParticipantStatus.SUBMITTED
    # Its answers about the survivor (now itself) are dropped; the others stay.
    assert set(kept.answers.values_list("about_id", flat=True)) == {c.pk, d.pk}


def test_answers_about_both_keep_one_per_participant_and_question(opened, four):
    (a, _), (b, _), (c, _), (d, _) = four
    participant = opened.participants.get(organization=c)
    answers_save(
        participant=participant,
        data={**answers(a, 2, trust=3, value=3), **answers(b, 4, trust=1, value=1), **answers(d, 0)},
        submit=True,
    )
    merge(survivor=a, merged=b)
    rows = list(participant.answers.filter(about=a).values_list("question__code", "value"))
    assert len(rows) == 7 and dict(rows)["frequency"] == 2  # the answer about the survivor stays
    assert not SurveyAnswer.objects.filter(about=b).exists()


def test_a_round_of_the_merged_alone_moves_to_the_survivor(make_round, sitar, four, opened):
    (a, _), (b, _), (c, _), (d, _) = four
    other = make_round(members=[four[1], four[2]])
    moved = other.participants.get(organization=b)
    SurveyAnswer.merge_organization(survivor=a, merged=b)
    SurveyParticipant.merge_organization(survivor=a, merged=b)
    moved.refresh_from_db()
    assert moved.organization == a
    assert opened.participants.filter(organization=a).count() == 1
