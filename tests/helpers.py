"""Plain helpers the test modules share (fixtures are in tests/conftest.py)."""

from rest_framework.test import APIClient


def api_client(user) -> APIClient:
    """An API client signed in as the user."""
    client = APIClient()
    client.force_authenticate(user)
    return client
