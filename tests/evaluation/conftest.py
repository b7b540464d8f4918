"""Shared fixtures of the evaluation tests: a small network of ORP Pelhřimov and Jihlava with its dates set."""

import datetime

import pytest
from django.utils import timezone

from meetings.models import Need
from network.models import CooperationLink
from organizations.models import Organization


def moment(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


@pytest.fixture
def network(make_meeting, make_need, make_link, make_service, organization, partner, ospod, ospod_jihlava, jihlava):
    make_meeting(held_on=datetime.date(2026, 2, 3), organizations=[organization])
    make_meeting(held_on=datetime.date(2026, 6, 30), organizations=[partner])
    make_meeting(held_on=datetime.date(2026, 7, 1), organizations=[organization])  # the next half-year
    make_meeting(held_on=datetime.date(2026, 4, 1), organizations=[ospod_jihlava], district=jihlava)
    resolved, open_, later = make_need(), make_need(), make_need()
    Need.objects.filter(pk__in=[resolved.pk, open_.pk]).update(created_at=moment(datetime.date(2026, 2, 1)))
    Need.objects.filter(pk=resolved.pk).update(status="resolved", resolved_at=moment(datetime.date(2026, 3, 1)))
    Need.objects.filter(pk=later.pk).update(created_at=moment(datetime.date(2026, 7, 2)))
    make_service(organization)  # SAS for families: a key service
    link = make_link(ospod, organization)
    CooperationLink.objects.filter(pk=link.pk).update(created_at=moment(datetime.date(2026, 1, 5)))
    Organization.objects.filter(pk=organization.pk).update(verified_at=moment(datetime.date(2026, 5, 1)))
    Organization.objects.update(created_at=moment(datetime.date(2025, 12, 1)))
