"""What the open-data exports share (the public catalogue's HSDS files, the evaluation's aggregates): a folder
replaced as a whole, and its files served to anyone, throttled per address and kept by caches for an hour."""

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.http import FileResponse, Http404, JsonResponse
from django.utils.cache import patch_cache_control
from django.utils.http import http_date
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle


class PublicRateThrottle(AnonRateThrottle):
    """Requests per address (the catalogue is public: a scraper must not starve the families)."""

    scope = "public"

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


def throttled(request) -> int | None:
    """The seconds an address asking too often must wait, or None: for the public pages and the exports' files,
    which are not DRF views (the API's views use PublicRateThrottle as their throttle class)."""
    throttle = PublicRateThrottle()
    return None if throttle.allow_request(request, None) else int(throttle.wait() or 60)


@contextmanager
def replaced_folder(target: Path) -> Iterator[Path]:
    """A new empty folder beside ``target`` to write into; when the block ends it replaces ``target`` as a whole, so
    that a reader never sees half an export (on an error it is removed and ``target`` stays as it was)."""
    target = Path(target).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        yield work
        work.chmod(0o755)
        old = None
        if target.exists():
            old = target.with_name(f".{target.name}-old")
            shutil.rmtree(old, ignore_errors=True)
            target.rename(old)
        work.rename(target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def served_file(request, folder: Path, name: str, names: set[str]):
    """A file of an export's folder, one of ``names`` (its datapackage.json or a CSV file it lists), to anyone."""
    wait = throttled(request)
    if wait is not None:
        return JsonResponse({"detail": "Too many requests."}, status=429, headers={"Retry-After": str(wait)})
    if name not in names:
        raise Http404
    path = Path(folder) / name
    if not path.is_file():
        raise Http404
    kind = "application/json" if name.endswith(".json") else "text/csv; charset=utf-8"
    response = FileResponse(path.open("rb"), content_type=kind)
    response["Last-Modified"] = http_date(path.stat().st_mtime)
    patch_cache_control(response, public=True, max_age=3600)
    return response
