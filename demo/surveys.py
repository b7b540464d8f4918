"""The demo's partner surveys: a closed earlier round and an open round of ORP Pelhřimov, both owned by its síťař,
with deterministic answers (some pairs reciprocal, some one-sided, one refusal), so that the results, the comparison of
the two rounds and the network map's survey layer show something. Generated answers, not real ones."""

import datetime
import random
from itertools import combinations

from django.utils import timezone
from django.utils.translation import gettext

from demo.users import PELHRIMOV
from demo.world import World
from surveys.models import DEFAULT_QUESTIONS, Section, SurveyRound
from surveys.selectors import round_candidates
from surveys.services import QuestionInput, answers_save, participant_refuse, round_close, round_open, round_save

SEED = 20261207
# How many organisations of Pelhřimov each round asks (those first by name with a contact who has an e-mail).
MEMBERS = 8


def create_survey_rounds(world: World) -> None:
    """The earlier round (closed two months ago) and the open one (due in three weeks)."""
    if SurveyRound.objects.exists():
        return
    owner = world.users["sitar.pelhrimov"]
    district = world.districts[PELHRIMOV]
    candidates = [c for c in round_candidates(user=owner, district=district, region=None) if c.contacts][:MEMBERS]
    if len(candidates) < 4:
        return
    rng = random.Random(SEED)
    # How often each pair works together (0–4): the same base for both rounds, so the comparison reads as a trend.
    base = {pair: rng.choice((0, 0, 1, 2, 3, 4)) for pair in combinations(range(len(candidates)), 2)}
    today = world.today
    plans = [
        (gettext("Partner survey (earlier round)"), today - datetime.timedelta(days=60), 0),
        (gettext("Partner survey"), today + datetime.timedelta(days=21), 1),
    ]
    submitting = min(5, len(candidates) - 1)
    for index, (title, deadline, lift) in enumerate(plans):
        start = deadline - datetime.timedelta(days=30)
        round_ = round_save(
            actor=owner,
            title=title,
            district=district,
            region=None,
            deadline=deadline,
            respondents={c.organization.pk: c.default_contact.pk for c in candidates},
            questions=[QuestionInput(code, section, str(text)) for code, section, text in DEFAULT_QUESTIONS],
            today=start,
        )
        round_open(actor=owner, round_=round_, today=start)
        participants = {p.organization_id: p for p in round_.participants.all()}
        for who, candidate in enumerate(candidates[:submitting]):
            data = {}
            for other, about in enumerate(candidates):
                if other == who:
                    continue
                frequency = base[tuple(sorted((who, other)))]
                if frequency and who < other and (who + other) % 3 == 0:
                    frequency = 0  # one side does not report the cooperation: not reciprocal
                data[f"q-{about.organization.pk}-frequency"] = str(frequency)
                for code, section, _text in DEFAULT_QUESTIONS:
                    if section != Section.FREQUENCY and frequency:
                        data[f"q-{about.organization.pk}-{code}"] = str(
                            min(4, rng.randint(2, 3) + lift * rng.randint(0, 1))
                        )
            answers_save(participant=participants[candidate.organization.pk], data=data, submit=True, today=start)
        if index == 1:
            # One organisation refuses; its contact is never asked again.
            participant_refuse(participant=participants[candidates[-1].organization.pk], today=start)
        if deadline < today:
            round_close(actor=owner, round_=round_)
        opened = timezone.make_aware(datetime.datetime.combine(start, datetime.time(9)))
        closed = (
            timezone.make_aware(datetime.datetime.combine(deadline, datetime.time(18))) if deadline < today else None
        )
        SurveyRound.objects.filter(pk=round_.pk).update(opened_at=opened, closed_at=closed)
