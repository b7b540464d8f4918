"""Item 6: X-Forwarded-For is trusted only from the configured number of proxies (DJANGO_NUM_PROXIES, default 0), by the
API's token throttle and by the sign-in lockout alike."""

import os
import subprocess
import sys

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import override_settings
from rest_framework.settings import api_settings
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token/"


def with_rest_framework(**changes):
    return override_settings(
        REST_FRAMEWORK={
            **settings.REST_FRAMEWORK,
            **changes,
            "DEFAULT_THROTTLE_RATES": {**api_settings.DEFAULT_THROTTLE_RATES, "auth": "3/minute"},
        }
    )


def token_requests(forwarded_for: list[str], remote_addr: str = "192.0.2.10") -> list[int]:
    client = APIClient()
    return [
        client.post(
            TOKEN,
            {"username": "nikdo", "password": "spatne"},
            format="json",
            REMOTE_ADDR=remote_addr,
            HTTP_X_FORWARDED_FOR=header,
        ).status_code
        for header in forwarded_for
    ]


def test_by_default_no_proxy_is_trusted():
    assert settings.NUM_PROXIES == 0 and settings.REST_FRAMEWORK["NUM_PROXIES"] == 0


def test_by_default_a_new_fake_forwarded_address_per_request_is_still_throttled():
    with with_rest_framework():
        statuses = token_requests([f"203.0.113.{i}" for i in range(5)])
    assert statuses == [400, 400, 400, 429, 429]


def test_with_one_trusted_proxy_the_last_address_of_the_chain_counts():
    with with_rest_framework(NUM_PROXIES=1):
        # What the client wrote before the proxy's own entry changes nothing: one client, throttled after 3.
        same_client = token_requests([f"203.0.113.{i}, 198.51.100.7" for i in range(5)])
        # Different clients behind the same proxy (one REMOTE_ADDR) each have their own count.
        other_clients = token_requests([f"198.51.100.{20 + i}" for i in range(4)])
    assert same_client == [400, 400, 400, 429, 429]
    assert other_clients == [400, 400, 400, 400]


def test_the_lockout_counts_the_peer_address_by_default(client):
    client.post(
        "/accounts/login/",
        {"username": "nikdo", "password": "spatne"},
        REMOTE_ADDR="192.0.2.10",
        HTTP_X_FORWARDED_FOR="203.0.113.1",
    )
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["192.0.2.10"]


def test_the_lockout_counts_the_last_forwarded_address_behind_one_trusted_proxy(client):
    with with_rest_framework(NUM_PROXIES=1):
        client.post(
            "/accounts/login/",
            {"username": "nikdo", "password": "spatne"},
            REMOTE_ADDR="192.0.2.10",
            HTTP_X_FORWARDED_FOR="203.0.113.1, 198.51.100.7",
        )
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["198.51.100.7"]


def test_a_forwarded_value_that_is_no_address_falls_back_to_the_peer(client):
    with with_rest_framework(NUM_PROXIES=1):
        response = client.post(
            "/accounts/login/",
            {"username": "nikdo", "password": "spatne"},
            REMOTE_ADDR="192.0.2.10",
            HTTP_X_FORWARDED_FOR="nonsense",
        )
    assert response.status_code == 200
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["192.0.2.10"]


def test_the_environment_sets_the_number_of_proxies_for_both():
    env = {**os.environ, "DJANGO_NUM_PROXIES": "2", "DJANGO_SETTINGS_MODULE": "config.settings"}
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.NUM_PROXIES, settings.REST_FRAMEWORK['NUM_PROXIES'], settings.AXES_CLIENT_IP_CALLABLE)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.stdout.split() == ["2", "2", "permissions.signin.client_address"], result.stderr
