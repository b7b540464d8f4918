"""seed_demo's two past rounds: every OSPOD of Vysočina and Liberecký kraj approved in both, so the charts and the
early warnings of the demo show something."""

import pytest
from django.contrib.auth import get_user_model

from demo.collection import JUMPS, past_periods
from evaluation.models import CollectionRound, Report, ReportStatus
from evaluation.trends import Collected, warnings
from organizations.models import Organization


@pytest.mark.django_db
def test_the_demo_has_two_past_rounds_approved_in_both_kraje(seeded):
    rounds = list(CollectionRound.objects.order_by("period"))
    assert [round_.period for round_ in rounds] == [
        period for period, _deadline in past_periods(rounds[0].created_at.date())
    ]
    assert all(not round_.is_open for round_ in rounds)
    ospods = set(Organization.objects.filter(kind="ospod", status="active").values_list("pk", flat=True))
    for round_ in rounds:
        approved = set(round_.reports.filter(status=ReportStatus.APPROVED).values_list("ospod", flat=True))
        assert approved == ospods
    jihlava = Report.objects.filter(round=rounds[-1], district__code="6105")
    assert all(report.values.exclude(comment="").exists() for report in jihlava)
    # The Jihlava OSPOD's demo worker filled its own form in each round.
    worker = get_user_model().objects.get(username="ospod.jihlava")
    assert Report.history.filter(history_user=worker, status=ReportStatus.SUBMITTED).count() == 2


@pytest.mark.django_db
def test_the_demo_kraj_leads_see_warnings_of_the_orp_that_jumped(seeded):
    users = get_user_model().objects
    for username, code in (("vedouci.vysocina", "6105"), ("vedouci.liberec", "5103")):
        collected = Collected.load(users.get(username=username))
        assert len(collected.periods) == 2
        flagged = {(warning.district.code, warning.indicator.code) for warning in warnings(collected)}
        assert (code, "new_cases") in flagged, flagged
    assert set(JUMPS) == {"6105", "5103"}
