"""The public answers kept for the catalogue's state: the same address in the same state is the same answer for
everybody, so it is rendered once and then served from the cache (settings.CACHES["default"]: per process, or shared
when CACHE_URL names Redis) until anything in the catalogue changes, which changes its key."""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

# How long a kept answer may stay unused; a change of the catalogue makes it unreachable long before.
KEEP_SECONDS = 600


_MEMO: dict[str, object] = {}
MEMO_SIZE = 256


def for_state(key: str, build):
    """What ``build()`` gives, kept in this process under a key that names the catalogue's state (a change of the
    catalogue is a new key, so nothing kept is ever stale); a bounded handful, the oldest forgotten first."""
    if key not in _MEMO:
        while len(_MEMO) >= MEMO_SIZE:
            del _MEMO[next(iter(_MEMO))]
        _MEMO[key] = build()
    return _MEMO[key]


def key(etag: str, request) -> str:
    """The address, and whether htmx asks (a fragment of the page rather than the page: answers say Vary)."""
    fragment = "hx" if request.headers.get("HX-Request") else "page"
    return f"catalogue:{etag}:{fragment}:{request.get_full_path()}"


def kept(etag: str, request) -> HttpResponse | None:
    """The answer kept for this address in this state, or None."""
    found = cache.get(key(etag, request))
    if found is None:
        return None
    content, content_type = found
    return HttpResponse(content, content_type=content_type)


def keep(etag: str, request, response) -> None:
    """Keep a successful, whole answer (not a stream) for the next visitor of the same address."""
    if response.status_code == 200 and not response.streaming and settings.CATALOGUE_CACHE:
        cache.set(key(etag, request), (response.content, response["Content-Type"]), KEEP_SECONDS)
