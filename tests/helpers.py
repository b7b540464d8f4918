"""Plain helpers the test modules share (fixtures are in tests/conftest.py)."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from rest_framework.test import APIClient


def api_client(user) -> APIClient:
    """An API client signed in as the user."""
    client = APIClient()
    client.force_authenticate(user)
    return client


def fresh(user):
    """The user as the next request loads it: nothing resolved or cached yet (a scope is resolved once per user
    object)."""
    return get_user_model().objects.get(pk=user.pk)


def the_day_stays(today):
    """An autouse fixture for a module whose dates are counted from ``today``, taken when it was imported: the pages
    count from the same day, also in a run that goes past midnight (``_the_day_stays_today = the_day_stays(TODAY)``)."""

    @pytest.fixture(autouse=True)
    def the_day_stays_today(monkeypatch):
        real = timezone.localdate
        monkeypatch.setattr(
            timezone, "localdate", lambda value=None, timezone=None: today if value is None else real(value, timezone)
        )

    return the_day_stays_today
