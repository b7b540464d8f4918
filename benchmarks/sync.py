"""The offline tablets' sync in the national benchmark (issue 20): the first full sync of the sitar of a national-scale
ORP (the demo's sitar.pelhrimov on the national dataset) and a delta with nothing changed, over HTTP with an API
token: p50 / p95, the answer's size unpacked, the rows it carries, and the queries it runs (counted in this process on
the same database)."""

import time

import requests
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from benchmarks.screens import latency_stats

SYNC_USER = "sitar.pelhrimov"
SYNC_PATH = "/api/v1/sync/"
COLLECTIONS = ("organizations", "services", "contacts", "links", "meetings", "followups", "needs")


def _timed(session, url: str) -> tuple[float, bytes, dict]:
    started = time.perf_counter()
    response = session.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"{url}: {response.status_code}")
    return elapsed, response.content, response.json()


def _queries(path: str) -> int:
    client = Client(HTTP_ACCEPT="application/json", HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username=SYNC_USER))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(queries)


def measure_sync(base: str, token: str, runs: int, *, session=None) -> dict:
    """The full sync ``runs`` times (after one to warm up), then a delta from its cursor ``runs`` times."""
    if session is None:
        session = requests.Session()
        session.headers.update({"Authorization": f"Token {token}", "Accept": "application/json"})
    results = {}
    _timed(session, base + SYNC_PATH)
    full = [_timed(session, base + SYNC_PATH) for _ in range(runs)]
    _, content, answer = full[-1]
    results["full"] = {
        **latency_stats([ms for ms, _, _ in full]),
        "kib": round(len(content) / 1024, 1),
        "rows": {name: len(answer["records"][name]) for name in COLLECTIONS},
        "queries": _queries(SYNC_PATH),
    }
    path = f"{SYNC_PATH}?since={answer['cursor']}"
    delta = [_timed(session, base + path) for _ in range(runs)]
    _, content, answer = delta[-1]
    results["delta"] = {
        **latency_stats([ms for ms, _, _ in delta]),
        "kib": round(len(content) / 1024, 1),
        "rows": {name: len(answer["records"][name]) for name in COLLECTIONS},
        "full": answer["full"],
        "queries": _queries(path),
    }
    return results


def sync_table(results: dict) -> list[str]:
    """The Markdown lines of the sync's measurements."""
    lines = [
        f"Offline sync of {SYNC_USER} (issue 20):",
        "",
        "| what | p50 ms | p95 ms | KiB unpacked | rows | queries |",
        "|---|---|---|---|---|---|",
    ]
    for name, what in (("full", "first full sync"), ("delta", "delta, nothing changed")):
        entry = results[name]
        rows = ", ".join(f"{key} {count}" for key, count in entry["rows"].items() if count)
        lines.append(
            f"| {what} | {entry['p50_ms']} | {entry['p95_ms']} | {entry['kib']} | {rows or '0'} | {entry['queries']} |"
        )
    return lines
