"""The offline app's server side (issue 20): the web app manifest and its icons, the service worker's script with its
precache list, the offline shell, and what every page carries for them."""

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from PIL import Image

from offline import precache

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker():
    return Client().get("/sw.js")


def precache_of(response) -> list[dict]:
    found = re.search(r"^self\.SITAR_PRECACHE = (.*);$", response.content.decode(), re.MULTILINE)
    return json.loads(found.group(1))


def static_file(url: str) -> str | None:
    assert url.startswith("/static/"), url
    return finders.find(url.removeprefix("/static/"))


# ---------------------------------------------------------------------------------------------- the manifest --


def test_the_manifest_is_public_json_of_its_own_type():
    response = Client().get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert (manifest["name"], manifest["short_name"]) == ("Síťař", "Síťař")
    assert manifest["start_url"] == "/?source=app" and manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    # The top bar's colour and the page background of sitar.css.
    assert (manifest["theme_color"], manifest["background_color"]) == ("#1f5f8b", "#f6f7f9")


def test_the_manifest_speaks_the_users_language():
    czech = json.loads(Client().get("/manifest.webmanifest").content)
    english_client = Client()
    english_client.cookies["django_language"] = "en"
    english = json.loads(english_client.get("/manifest.webmanifest").content)
    assert (czech["lang"], english["lang"]) == ("cs", "en")
    assert czech["description"] == "Síťování služeb kolem ohrožených dětí a jejich rodin"
    assert english["description"] == "Networking the services around endangered children and their families"


def test_the_manifests_icons_are_pngs_of_the_stated_sizes():
    icons = json.loads(Client().get("/manifest.webmanifest").content)["icons"]
    assert sorted((icon["sizes"], icon["purpose"]) for icon in icons) == [
        ("192x192", "any"),
        ("512x512", "any"),
        ("512x512", "maskable"),
    ]
    for icon in icons:
        path = static_file(icon["src"])
        assert path, icon
        with Image.open(path) as image:
            assert image.format == "PNG" and icon["type"] == "image/png"
            assert f"{image.width}x{image.height}" == icon["sizes"]


def test_the_maskable_icon_fills_its_square_up_to_the_corners():
    with Image.open(finders.find(precache.ICONS["maskable"])) as image:
        corner = image.convert("RGBA").getpixel((0, 0))
    assert corner == (0x1F, 0x5F, 0x8B, 255)


# ------------------------------------------------------------------------------------------ the worker's script --


def test_the_worker_is_javascript_never_stored_and_may_control_the_whole_site(worker):
    assert worker.status_code == 200
    assert worker["Content-Type"] == "application/javascript; charset=utf-8"
    assert worker["Cache-Control"] == "no-cache"
    assert worker["Service-Worker-Allowed"] == "/"


def test_the_policy_lets_the_worker_and_the_manifest_load_from_here_only(worker):
    policy = dict(directive.strip().split(" ", 1) for directive in worker["Content-Security-Policy"].split(";"))
    assert policy["worker-src"] == "'self'"
    assert policy["manifest-src"] == "'self'"
    assert policy["script-src"] == "'self'"  # importScripts() of the worker's library


def test_the_worker_sets_the_shell_and_loads_its_library(worker):
    text = worker.content.decode()
    assert 'self.SITAR_SHELL_URL = "/offline/";' in text
    assert 'importScripts("/static/offline/sw-lib.js");' in text
    assert static_file("/static/offline/sw-lib.js")
    # A new build of the library changes the worker's script, so that browsers update the worker.
    assert precache.revision(precache.WORKER_LIBRARY) in text


def test_the_precache_lists_what_every_page_loads_and_all_of_it_exists(worker):
    entries = precache_of(worker)
    urls = [entry["url"] for entry in entries]
    assert {
        "/static/sitar/sitar.css",
        "/static/django_htmx/htmx-2.min.js",
        "/static/offline/app.js",
        "/static/offline/icons/icon-192.png",
        "/static/offline/icons/icon-512.png",
        "/static/offline/icons/icon-maskable-512.png",
        "/static/offline/icons/apple-touch-icon.png",
    } <= set(urls)
    assert len(urls) == len(set(urls))
    for entry in entries:
        assert static_file(entry["url"]), entry
        assert entry["revision"] == precache.revision(entry["url"].removeprefix("/static/"))


def test_the_precache_has_every_script_and_stylesheet_of_a_signed_in_page(as_user, make_user, worker):
    page = as_user(make_user()).get("/offline/").content.decode()
    loaded = set(re.findall(r'<(?:script[^>]* src|link rel="stylesheet" href)="([^"]+)"', page))
    assert loaded and loaded <= {entry["url"] for entry in precache_of(worker)}


def test_a_changed_file_gets_a_new_revision(tmp_path, monkeypatch):
    file = tmp_path / "sitar.css"
    monkeypatch.setattr(finders, "find", lambda path: str(file))
    file.write_text("body { color: black }")
    before = precache.revision("sitar/sitar.css")
    file.write_text("body { color: navy }")
    assert precache.revision("sitar/sitar.css") != before


# ------------------------------------------------------------------------------------------------- the shell --


def test_the_shell_is_for_signed_in_users(client):
    response = client.get("/offline/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_shell_names_its_user_and_where_the_offline_app_talks_to(as_user, make_user):
    user = make_user("jana.offline")
    response = as_user(user).get("/offline/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    app = re.search(r'<div id="offline-app"[^>]*>', page).group(0)
    assert f'data-user="{user.pk}"' in app and 'data-username="jana.offline"' in app
    assert 'data-lang="cs"' in app
    assert "Načítám offline kopii…" in page


# ----------------------------------------------------------------------------------------------- every page --


def test_a_signed_in_page_loads_the_offline_app_and_has_its_bar(as_user, make_user):
    user = make_user()
    page = as_user(user).get("/").content.decode()
    assert '<script type="module" src="/static/offline/app.js"></script>' in page
    assert (
        f'<div id="offline-bar" class="offline-bar" role="status" aria-live="polite" data-user="{user.pk}" data-strings='
        in page
    )
    assert 'data-strings="{&quot;' in page  # the bar's strings, in an attribute: no script in the page
    assert re.search(r'<form method="post" action="/accounts/logout/" data-sign-out>', page)


def test_a_page_links_the_manifest_for_everybody_and_the_app_only_for_signed_in_users(client):
    page = client.get("/accounts/login/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    assert '<meta name="theme-color" content="#1f5f8b">' in page
    assert '<link rel="apple-touch-icon" href="/static/offline/icons/apple-touch-icon.png">' in page
    assert "offline/app.js" not in page and "offline-bar" not in page
