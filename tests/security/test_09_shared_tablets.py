"""Item 9, shared tablets: nothing a signed-in user saw stays in the browser's cache, an idle session ends (and on a
shared device the session ends with the browser), and a Content-Security-Policy forbids inline script.

The browser half (every browser test runs under the policy and fails on a violation) is tests/ui/browser/conftest.py,
proved by tests/ui/browser/test_content_security_policy.py."""

import datetime
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

pytestmark = pytest.mark.django_db

PASSWORD = "heslo-pro-test-2026"
EIGHT_HOURS = 8 * 60 * 60


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in header.split(";") if part.strip())}


def _sign_in(client, user, **extra):
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD, **extra})
    assert response.status_code == 302, response.content
    return response


# ------------------------------------------------------------------------------------------------- no-store --


def test_a_page_shown_to_a_signed_in_user_is_never_stored(as_user, make_user):
    response = as_user(make_user()).get("/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_a_download_for_a_signed_in_user_is_never_stored(as_user, actor, organization):
    response = as_user(actor).get("/organizations/export/", {"format": "csv"})
    assert response.status_code == 200, response.status_code
    assert "no-store" in response["Cache-Control"]


def test_an_api_answer_to_a_user_signed_in_inside_the_api_is_never_stored(api_as, make_user):
    # DRF signs the user in inside the view (as with a token): the middleware reads the user after the view.
    response = api_as(make_user()).get("/api/v1/regions/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_an_api_answer_to_a_session_is_never_stored(as_user, make_user):
    response = as_user(make_user()).get("/api/v1/regions/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_static_files_stay_cacheable_for_a_signed_in_user(settings, client, make_user):
    # WhiteNoise answers static files before the no-store middleware; finders stand in for collectstatic here.
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    client.force_login(make_user())
    response = client.get("/static/sitar/sitar.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


# ------------------------------------------------------------------------------------------- idle sessions --


@pytest.fixture
def clock(monkeypatch):
    """The time the sessions read (timezone.now), moved by hand: clock.advance(hours=…)."""

    class Clock:
        now = timezone.now()

        def advance(self, **delta):
            self.now += datetime.timedelta(**delta)

    fixed = Clock()
    monkeypatch.setattr(timezone, "now", lambda: fixed.now)
    return fixed


def test_a_session_ends_after_eight_idle_hours_and_not_while_in_use(client, make_user, clock):
    assert settings.SESSION_COOKIE_AGE == EIGHT_HOURS
    _sign_in(client, make_user())
    # Used every 7 hours for a whole day: each request moves the end of the session on.
    for _ in range(4):
        clock.advance(hours=7, minutes=59)
        assert client.get("/").status_code == 200
    clock.advance(hours=8, seconds=1)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_session_is_written_at_most_once_a_minute_and_its_end_moves_on_when_it_is(client, make_user, clock):
    """Requests within a minute of the last write write nothing (no transaction per page); the next one after it
    writes the session with a new end and sends its cookie again."""
    _sign_in(client, make_user())
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    written = Session.objects.get(pk=key).expire_date
    clock.advance(seconds=30)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200 and settings.SESSION_COOKIE_NAME not in response.cookies
    assert not [q for q in queries.captured_queries if q["sql"].startswith("UPDATE") and "django_session" in q["sql"]]
    assert Session.objects.get(pk=key).expire_date == written
    clock.advance(seconds=31)
    response = client.get("/")
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == EIGHT_HOURS
    assert Session.objects.get(pk=key).expire_date == written + datetime.timedelta(seconds=61)


def test_the_idle_time_follows_the_setting(settings, client, make_user, clock):
    settings.SESSION_COOKIE_AGE = 15 * 60
    _sign_in(client, make_user())
    clock.advance(minutes=14)
    assert client.get("/").status_code == 200
    clock.advance(minutes=15, seconds=1)
    assert client.get("/").status_code == 302


def test_the_idle_time_comes_from_the_environment():
    env = {**os.environ, "DJANGO_SESSION_IDLE_TIMEOUT": "900", "DJANGO_SETTINGS_MODULE": "config.settings"}
    result = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.SESSION_COOKIE_AGE)"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "900", result.stderr


# ------------------------------------------------------------------------------------------- shared device --


def test_the_login_form_offers_the_shared_device_choice_in_czech(client):
    page = client.get("/accounts/login/").content.decode()
    assert 'name="shared_device"' in page
    assert "Veřejné / sdílené zařízení – odhlásit po zavření prohlížeče" in page


def test_a_shared_device_sign_in_keeps_the_session_only_until_the_browser_closes(client, make_user, clock):
    cookie = _sign_in(client, make_user(), shared_device="on").cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == "" and cookie["expires"] == ""
    # A later answer that moves the idle timeout on sets the cookie again: still until the browser closes.
    clock.advance(minutes=2)
    response = client.get("/")
    assert response.status_code == 200
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == "" and cookie["expires"] == ""


def test_a_shared_device_session_left_open_still_ends_after_the_idle_time(client, make_user, clock):
    _sign_in(client, make_user(), shared_device="on")
    clock.advance(hours=8, seconds=1)
    assert client.get("/").status_code == 302


def test_a_sign_in_on_a_personal_device_lasts_the_idle_time(client, make_user):
    cookie = _sign_in(client, make_user()).cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == EIGHT_HOURS


# ------------------------------------------------------------------------------------ Content-Security-Policy --


def test_every_page_has_a_policy_without_inline_script(client, as_user, make_user):
    for response in (client.get("/accounts/login/"), as_user(make_user()).get("/"), client.get("/api/docs/")):
        assert response.status_code == 200
        policy = _policy(response)
        assert policy["script-src"] == ["'self'"], policy
        assert policy["default-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
        assert policy["base-uri"] == ["'self'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert policy["form-action"] == ["'self'"]
        assert "'unsafe-inline'" not in policy["style-src"]


def test_the_map_tiles_server_is_an_allowed_image_source(settings, client):
    settings.MAP_TILES_URL = "https://{s}.tiles.example.cz/{z}/{x}/{y}.png"
    assert _policy(client.get("/accounts/login/"))["img-src"] == ["'self'", "data:", "https://*.tiles.example.cz"]
    settings.MAP_TILES_URL = ""
    assert _policy(client.get("/accounts/login/"))["img-src"] == ["'self'", "data:"]


def test_the_api_docs_load_their_script_from_a_file(client):
    page = client.get("/api/docs/").content.decode()
    scripts = re.findall(r"<script\b([^>]*)>", page)
    assert scripts and all("src=" in attributes for attributes in scripts)
    assert "<style" not in page
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200 and "SwaggerUIBundle" in script.content.decode()


PROJECT_APPS = ("network", "organizations", "contacts", "meetings", "permissions", "api")
# What a policy without 'unsafe-inline' would block, or what needs eval: inline <script> (a JSON data block is not
# run), on*= handlers, style attributes, javascript: URLs and htmx's hx-on (htmx runs it with new Function).
INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>|\son[a-z]+\s*=|\sstyle\s*=|"
    r"javascript:|\bhx-on|<style",
    re.IGNORECASE,
)


def test_no_template_has_inline_script_handlers_or_styles():
    found = {}
    for app in PROJECT_APPS:
        for template in (Path(settings.BASE_DIR) / app / "templates").rglob("*.html"):
            text = re.sub(r"{#.*?#}|{% comment %}.*?{% endcomment %}", "", template.read_text(), flags=re.DOTALL)
            hits = INLINE.findall(text)
            if hits:
                found[str(template.relative_to(settings.BASE_DIR))] = hits
    assert found == {}


def test_signing_out_empties_the_browsers_cache_and_storage_of_the_site(as_user, make_user):
    # The network map's drawing data is kept by the browser (revalidated on every use), the offline app's copy of the
    # territory in IndexedDB and its service worker's caches (issue 20): they all leave with the user.
    response = as_user(make_user()).post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'
