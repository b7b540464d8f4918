"""Middleware of Síťař: the language of a request, the Content-Security-Policy, answers to a signed-in user kept
out of caches, and the sliding end of an idle session."""

import re
from urllib.parse import urlsplit

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers


class CzechFirstLocaleMiddleware(LocaleMiddleware):
    """The UI speaks Czech whatever the browser asks for, until the user picks English with the language switch.

    Field tablets often have an English system language; only the API, whose clients state the language they want,
    follows Accept-Language.
    """

    def process_request(self, request):
        if request.path_info.startswith("/api/"):
            return super().process_request(request)
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class NoStoreForSignedInMiddleware:
    """Every answer to a signed-in user (pages, API, downloads) is kept out of every cache.

    Tablets are shared: the back button or the browser's cache must not show the next person what the last one saw.
    Static files are answered by WhiteNoise before this middleware and stay cacheable. The user is read after the view,
    so an API request signed in by a token (DRF authenticates inside the view) counts as signed in too.

    The one exception is an answer the view marks ``revalidated`` (the network map's drawing data): it is sent
    ``private, no-cache`` with an ETag, so the browser may keep it but never uses it without asking the server, which
    checks the session and the user first; a kept copy is shown to no one the server would not show it to.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not getattr(response, "revalidated", False):
            add_never_cache_headers(response)
        return response


class SlidingSessionMiddleware:
    """A session ends SESSION_COOKIE_AGE after its last request: each request moves its end on, but the session is
    written (and its cookie sent again) at most once every SESSION_TOUCH_SECONDS, not on every request. Writing it on
    every request (SESSION_SAVE_EVERY_REQUEST) cost every page a transaction with an UPDATE; the end of a session now
    comes up to that long before the idle time has passed since the last request.

    Below SessionMiddleware in the list, so that it sees the answer first and marks the session for saving."""

    TOUCHED = "_touched"  # when the session was last written, seconds since the epoch

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty():
            now = int(timezone.now().timestamp())
            if now - session.get(self.TOUCHED, 0) >= settings.SESSION_TOUCH_SECONDS:
                session[self.TOUCHED] = now  # modified: SessionMiddleware writes it with a new end and cookie
        return response


def tiles_origin(url: str) -> str:
    """The CSP source of a tile URL template: its scheme and host, Leaflet's {s} subdomain as the leftmost wildcard."""
    parts = urlsplit(url)
    if not parts.netloc:
        return ""
    return f"{parts.scheme}://" + re.sub(r"\{[^}]*\}", "*", parts.netloc)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's header (settings.CONTENT_SECURITY_POLICY), with the map's tile server allowed as an image source.

    MAP_TILES_URL is read at each response, not once at start-up, so the policy always names the server the map
    pages point Leaflet at (a test that moves the tiles elsewhere included).
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        origin = tiles_origin(settings.MAP_TILES_URL)
        if origin:
            update = dict(parts.update or {})
            update["img-src"] = [*update.get("img-src", []), origin]
            parts.update = update
        return parts
