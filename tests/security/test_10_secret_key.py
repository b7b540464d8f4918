"""Item 10: without debug the served application refuses to start on no secret key, the public development key or
a weak one."""

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

DEVELOPMENT_KEY = "django-insecure-sitar-development-only-key-do-not-deploy"


def start(**variables) -> subprocess.CompletedProcess:
    """Load the served application (what gunicorn loads) in a fresh process with these DJANGO_* variables only (the
    rest of the environment kept)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", **variables)
    return subprocess.run(
        [sys.executable, "-c", "import config.wsgi"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "variables",
    [
        {"DJANGO_DEBUG": "0"},
        {},
        {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": ""},
        {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": DEVELOPMENT_KEY},
        {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "django-insecure-" + "x" * 50},
        {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "x"},
        {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "ab" * 40},
    ],
    ids=[
        "debug-off-no-key",
        "debug-default-no-key",
        "empty-key",
        "the-public-development-key",
        "a-django-insecure-key",
        "a-short-key",
        "a-repetitive-key",
    ],
)
def test_without_debug_the_app_refuses_to_start_without_a_real_secret_key(variables):
    result = start(**variables)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert (
        "DJANGO_SECRET_KEY is not set (or is the public development key, or shorter than 50 characters)"
        in result.stderr
    )


def test_management_commands_which_sign_nothing_still_run_without_a_key():
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=settings.BASE_DIR,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


def test_with_debug_on_the_development_key_still_starts_a_laptop():
    result = start(DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr


def test_without_debug_a_real_secret_key_starts():
    result = start(DJANGO_DEBUG="0", DJANGO_SECRET_KEY=secrets.token_urlsafe(50))
    assert result.returncode == 0, result.stderr


def test_the_development_key_in_the_test_is_the_one_in_the_settings():
    assert settings.DEVELOPMENT_SECRET_KEY == DEVELOPMENT_KEY
