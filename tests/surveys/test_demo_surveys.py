"""seed_demo's partner surveys: a closed earlier round and an open one of ORP Pelhřimov, owned by its síťař, with
answers whose results (some reciprocal pairs) and comparison show."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from surveys.models import ParticipantStatus, RoundStatus, SurveyRound
from surveys.results import results
from surveys.selectors import round_rows


@pytest.mark.django_db
def test_the_demo_has_a_closed_and_an_open_round_of_pelhrimov(seeded, client):
    earlier, current = SurveyRound.objects.order_by("pk")
    owner = get_user_model().objects.get(username="sitar.pelhrimov")
    assert earlier.owner == current.owner == owner
    assert earlier.district.code == current.district.code == "6110"
    assert earlier.status == RoundStatus.CLOSED and current.status == RoundStatus.OPEN
    assert current.previous == earlier
    full = results(*round_rows(current))
    assert full.network.submitted >= 3 and full.network.reciprocal_pairs > 0
    assert full.network.known_pairs > full.network.reciprocal_pairs  # some pairs are one-sided
    assert current.participants.filter(status=ParticipantStatus.REFUSED).count() == 1
    client.force_login(owner)
    page = client.get(reverse("survey-round", args=[current.pk])).content.decode()
    assert 'id="comparison"' in page and 'data-reciprocal="yes"' in page
