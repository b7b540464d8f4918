"""The static files the service worker keeps for offline use, each with a revision (the hash of its content)."""

import hashlib
import re
from functools import lru_cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured
from django.template import engines
from django.templatetags.static import static

# What every page (and so the offline shell, offline/templates/offline/shell.html) loads from core/templates/base.html,
# besides the htmx script, which is read from the tag base.html uses, and the icons of the manifest.
PAGE_FILES = ("sitar/sitar.css", "offline/app.js")
ICONS = {
    "192": "offline/icons/icon-192.png",
    "512": "offline/icons/icon-512.png",
    "maskable": "offline/icons/icon-maskable-512.png",
    "apple": "offline/icons/apple-touch-icon.png",
}
# The worker's library (offline/src/sw.js bundled): not precached, it is the worker itself; its revision is in /sw.js so
# that a new build changes the worker's script and the browser updates it.
WORKER_LIBRARY = "offline/sw-lib.js"


def htmx_files() -> list[str]:
    """The static paths of the scripts {% htmx_script %} loads (with DEBUG also django-htmx's debug script)."""
    tag = engines["django"].from_string("{% load django_htmx %}{% htmx_script %}").render()
    prefix = static("")
    return [url.removeprefix(prefix) for url in re.findall(r'src="([^"]+)"', tag)]


def revision(path: str) -> str:
    """The hash of a static file's content; a missing file (the build not run) is a configuration error."""
    found = finders.find(path)
    if not found:
        raise ImproperlyConfigured(f"static file {path} not found (offline/build/: run `npm run build`)")
    with open(found, "rb") as file:
        return hashlib.sha256(file.read()).hexdigest()[:20]


@lru_cache(maxsize=1)
def _cached_worker_settings() -> tuple[list[dict], str]:
    return _worker_settings()


def _worker_settings() -> tuple[list[dict], str]:
    paths = [*PAGE_FILES, *htmx_files(), *ICONS.values()]
    entries = [{"url": static(path), "revision": revision(path)} for path in paths]
    return entries, revision(WORKER_LIBRARY)


def worker_settings() -> tuple[list[dict], str]:
    """The precache list ([{url, revision}]) and the revision of the worker's library: computed once per process, except
    with DEBUG, where a file edited while the development server runs must reach the worker at once."""
    return _worker_settings() if settings.DEBUG else _cached_worker_settings()
