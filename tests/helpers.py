"""Plain helpers the test modules share (fixtures are in tests/conftest.py)."""

from django.contrib.auth import get_user_model
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
