"""Settings: Czech first with English available, Prague time, and a production configuration that passes --deploy."""

import os
import secrets
import subprocess
import sys

from django.conf import settings


def test_the_language_is_czech():
    assert settings.LANGUAGE_CODE == "cs"


def test_english_is_available():
    assert {"cs", "en"} <= set(dict(settings.LANGUAGES))


def test_translation_is_on():
    assert settings.USE_I18N


def test_the_time_zone_is_prague_and_times_are_aware():
    assert settings.TIME_ZONE == "Europe/Prague"
    assert settings.USE_TZ


def test_check_deploy_reports_nothing_with_debug_off_and_a_real_secret_key():
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", DJANGO_DEBUG="0", DJANGO_SECRET_KEY=secrets.token_urlsafe(64))
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
