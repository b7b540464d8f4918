"""The national benchmark over HTTP: the app served by gunicorn in another process, measured from this one.

    python -m benchmarks.http --base http://127.0.0.1:PORT [--json OUT] [--requests 100] [--load-seconds 20]

Needs DATABASE_URL of the database gunicorn serves (the national dataset, `seed_demo --scale national`): this process
reads it to pick the users and their territories, to count the queries of a page and to time that page's raw SQL.

What it measures (targets from issue 8):
- p50 / p95 of the list and search endpoints as users of each role (sequential requests, keep-alive);
- the same lists as a superuser (no scope) → scoped / unscoped;
- the SQL a request runs, captured in-process and executed again on a plain cursor → API / raw SQL;
- queries per request for page sizes 1 and 100;
- graph + metrics of one kraj and of the whole country;
- every screen of the menu and a record of each kind as the roles that use them (benchmarks/screens.py) → p50 / p95,
  bytes unpacked and on the wire, queries;
- a mixed load of a working day from a second process (wrk, loopback only, bounded in time) → requests/s and errors;
- the public catalogue as anonymous visitors (benchmarks/catalogue.py): searches rendered and kept, their throughput;
- the offline tablets' sync (benchmarks/sync.py): a sitar's first full sync and a delta with nothing changed; and the
  same first sync on a tablet in Chromium (benchmarks/tablet.py): its time and what the copy takes in IndexedDB.
"""

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import requests
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from knox.models import AuthToken

from benchmarks.catalogue import catalogue_table, measure_catalogue
from benchmarks.screens import mark, measure_screens, screens_table, session_cookies
from benchmarks.sync import measure_sync, sync_table
from benchmarks.tablet import measure_tablet, tablet_table
from organizations.models import Organization
from permissions.scoping import get_scope
from territory.models import District

# Demo users of the regional demo (they keep their roles in the national dataset): who asks for what.
ROLES = {"sitar": "sitar.pelhrimov", "ospod": "ospod.jihlava", "vedouci": "vedouci.vysocina", "narodni": "narodni"}
SUPERUSER = "admin"
PAGE_SIZE = 50
SEARCH = "rodin"  # "rodina", "rodinám", "Rodinné centrum": a common word of the directory


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


# ------------------------------------------------------------------------------------------------ the dataset --


def scenario_paths() -> dict:
    """The list pages each role asks for, in its own territory (ČSÚ codes read from the database)."""
    users = {role: get_user_model().objects.get(username=name) for role, name in ROLES.items()}
    district = District.objects.select_related("region").get(
        pk=next(a.district_id for a in get_scope(users["sitar"]).assignments if a.district_id)
    )
    region = district.region
    return {
        "organisations by q": f"/api/v1/organizations/?q={SEARCH}&page_size={PAGE_SIZE}",
        "meetings of a district": f"/api/v1/meetings/?district={district.code}&page_size={PAGE_SIZE}",
        "needs of a kraj": f"/api/v1/needs/?region={region.code}&page_size={PAGE_SIZE}",
        "_region": region.code,
        "_district": district.code,
    }


def tokens() -> dict[str, str]:
    """An API token per user (made in the database: the token endpoint's throttle is not what is measured)."""
    names = {**ROLES, "superuser": SUPERUSER}
    # knox keeps only a digest: each run makes new tokens (valid for API_TOKEN_TTL_DAYS) and reads their clear text.
    return {
        role: AuthToken.objects.create(user=get_user_model().objects.get(username=name))[1]
        for role, name in names.items()
    }


# ------------------------------------------------------------------------------------------------ measurements --


def timed_requests(base: str, token: str, path: str, count: int, warmup: int = 5) -> dict:
    session = requests.Session()
    session.headers.update({"Authorization": f"Token {token}", "Accept": "application/json"})
    for _ in range(warmup):
        session.get(base + path).raise_for_status()
    latencies, rows = [], None
    for _ in range(count):
        started = time.perf_counter()
        response = session.get(base + path)
        latencies.append((time.perf_counter() - started) * 1000)
        response.raise_for_status()
        if "/network/" not in path:
            rows = response.json().get("count")
    return {
        "p50_ms": round(percentile(latencies, 0.5), 1),
        "p95_ms": round(percentile(latencies, 0.95), 1),
        "requests": count,
        "rows": rows,
    }


def captured_sql(username: str, path: str) -> list[str]:
    """The SQL statements one request runs (the app in this process, on the same database)."""
    client = Client(HTTP_ACCEPT="application/json", HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username=username))
    client.get(path)  # warm: the session, the scope
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return [query["sql"] for query in queries.captured_queries]


def raw_sql_ms(statements: list[str], runs: int = 30) -> float:
    """The median time of running the page's statements on a plain cursor, fetching every row."""
    timings = []
    with connection.cursor() as cursor:
        for _ in range(runs):
            started = time.perf_counter()
            for sql in statements:
                cursor.execute(sql)
                if cursor.description is not None:
                    cursor.fetchall()
            timings.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(timings), 2)


def queries_per_request(username: str, path: str) -> dict[int, int]:
    base = re.sub(r"([?&])page_size=\d+", r"\1", path).rstrip("&?")
    joiner = "&" if "?" in base else "?"
    return {size: len(captured_sql(username, f"{base}{joiner}page_size={size}")) for size in (1, 50, 100)}


def graph_timings(base: str, token: str, path: str, runs: int) -> dict:
    result = timed_requests(base, token, path, runs, warmup=1)
    response = requests.get(base + path, headers={"Authorization": f"Token {token}"})
    network = response.json()["network"]
    return {
        "p50_ms": result["p50_ms"],
        "p95_ms": result["p95_ms"],
        "runs": runs,
        "nodes": network.get("nodes"),
        "edges": network.get("edges"),
    }


WRK_SCRIPT = """
-- Rotates over the pages of a mixed read load, each with its user's credentials (an API token or a session).
local pages = {%s}
local index = 0
request = function()
  index = index %% #pages + 1
  local page = pages[index]
  return wrk.format("GET", page[1], page[2])
end
done = function(summary, latency, requests)
  io.write(string.format("JSON{\\"requests\\":%%d,\\"seconds\\":%%.3f,\\"non2xx\\":%%d,\\"errors\\":%%d,"
    .. "\\"p50_ms\\":%%.1f,\\"p95_ms\\":%%.1f}\\n",
    summary.requests, summary.duration / 1e6, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000))
end
"""


def lua_headers(headers: dict[str, str]) -> str:
    return "{" + ", ".join('["%s"] = "%s"' % (key, value) for key, value in headers.items()) + "}"


def mixed_load(base: str, pages: list[tuple[str, dict]], seconds: int, connections: int) -> dict:
    """wrk in a second process against the loopback server, bounded in time; pages are (path, request headers)."""
    wrk = shutil.which("wrk")
    if wrk is None:
        return {"skipped": "wrk is not installed (Debian package wrk)"}
    entries = ", ".join('{"%s", %s}' % (path, lua_headers(headers)) for path, headers in pages)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT % entries)
    try:
        output = subprocess.run(
            [wrk, "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s", "-s", script.name, base],
            capture_output=True,
            text=True,
            timeout=seconds + 60,
            check=True,
        ).stdout
    finally:
        os.unlink(script.name)
    summary = json.loads(output.split("JSON", 1)[1].strip().splitlines()[0])
    summary["requests_per_s"] = round(summary["requests"] / summary["seconds"], 1)
    summary["connections"] = connections
    summary["pages"] = len(pages)
    return summary


# ------------------------------------------------------------------------------------------------------ report --

TARGETS = {
    "scoped_p50_ms": 25,
    "scoped_p95_ms": 60,
    "scoped_unscoped": 1.3,
    "api_raw": 3.0,
    "kraj_graph_ms": 300,
    "national_graph_ms": 3000,
    "import_s": 30,
    "reimport_s": 10,
    "load_rps": 300,
}


def run(base: str, count: int, load_seconds: int, screen_count: int) -> dict:
    paths = scenario_paths()
    keys = tokens()
    lists = {name: path for name, path in paths.items() if not name.startswith("_")}
    # Who asks for which list: the roles that use it in the field.
    askers = {
        "organisations by q": ["sitar", "ospod", "vedouci"],
        "meetings of a district": ["sitar", "vedouci"],
        "needs of a kraj": ["vedouci", "narodni"],
    }
    results = {"lists": []}
    for name, path in lists.items():
        unscoped = timed_requests(base, keys["superuser"], path, count)
        raw = raw_sql_ms(captured_sql(SUPERUSER, path))
        for role in askers[name]:
            scoped = timed_requests(base, keys[role], path, count)
            statements = captured_sql(ROLES[role], path)
            raw_ms = raw_sql_ms(statements)
            results["lists"].append(
                {
                    "list": name,
                    "role": role,
                    "path": path,
                    **scoped,
                    "unscoped_p50_ms": unscoped["p50_ms"],
                    "scoped_unscoped": round(scoped["p50_ms"] / unscoped["p50_ms"], 2),
                    "raw_sql_ms": raw_ms,
                    "api_raw": round(scoped["p50_ms"] / raw_ms, 2) if raw_ms else None,
                    "queries": queries_per_request(ROLES[role], path),
                }
            )
        results["lists"].append(
            {
                "list": name,
                "role": "superuser",
                "path": path,
                **unscoped,
                "raw_sql_ms": raw,
                "api_raw": round(unscoped["p50_ms"] / raw, 2) if raw else None,
                "queries": queries_per_request(SUPERUSER, path),
            }
        )
    results["graph"] = {
        "kraj": graph_timings(base, keys["vedouci"], f"/api/v1/network/metrics/?region={paths['_region']}", 10),
        "national": graph_timings(base, keys["narodni"], "/api/v1/network/metrics/", 3),
    }
    results["screens"] = measure_screens(base, screen_count)
    results["catalogue"] = measure_catalogue(base, screen_count)
    results["sync"] = measure_sync(base, keys["sitar"], max(5, min(screen_count, 10)))
    results["tablet"] = measure_tablet(base)
    searches = [(entry["path"], {"Accept-Encoding": "gzip"}) for entry in results["catalogue"]]
    results["catalogue_load"] = mixed_load(base, searches, max(5, load_seconds // 2), connections=16)
    results["load"] = mixed_load(base, working_day(base, results, keys), load_seconds, connections=16)
    return results


# A working day's share of the screens in the mixed load (per 20 requests): mostly cards, lists and home; the kraj's
# map and coverage now and then. The API lists of the tablets' sync and of the other systems come on top.
DAY_WEIGHTS = {
    "organisation card": 4,
    "home": 3,
    "directory": 3,
    "meetings": 2,
    "follow-ups": 2,
    "needs board": 1,
    "meeting": 1,
    "cooperation links": 1,
    "log a meeting": 1,
    "network map of the kraj": 1,
    "coverage of the kraj": 1,
}


def working_day(base: str, results: dict, keys: dict) -> list[tuple[str, dict]]:
    cookies = session_cookies(base)
    pages = [
        (entry["path"], {"Authorization": f"Token {keys[entry['role']]}", "Accept": "application/json"})
        for entry in results["lists"]
    ]
    pages.append(
        (
            f"/api/v1/organizations/{first_visible_organization()}/",
            {"Authorization": f"Token {keys['sitar']}", "Accept": "application/json"},
        )
    )
    screens = {}
    for entry in results["screens"]:
        screens.setdefault(entry["screen"], entry)  # the first role that uses the screen asks for it
    for name, weight in DAY_WEIGHTS.items():
        entry = screens[name]
        headers = {"Cookie": cookies[entry["role"]], "Accept-Encoding": "gzip"}
        pages += [(entry["path"], headers)] * weight
    return pages


def first_visible_organization() -> int:
    user = get_user_model().objects.get(username=ROLES["sitar"])
    return Organization.objects.restrict(user, "view").order_by("pk").values_list("pk", flat=True)[0]


def table(results: dict, machine: str) -> str:
    """The Markdown table of a run (with the registry import when its result is given)."""
    lines = [
        f"Machine: {machine}",
        "",
        "| what | role | p50 ms | p95 ms | scoped/unscoped | API/raw SQL | queries (1 / 50 / 100 rows) |",
        "|---|---|---|---|---|---|---|",
    ]
    for entry in results["lists"]:
        ratio = entry.get("scoped_unscoped")
        queries = entry["queries"]
        lines.append(
            f"| {entry['list']} | {entry['role']} | {entry['p50_ms']} {mark(entry['p50_ms'] <= TARGETS['scoped_p50_ms'])} "
            f"| {entry['p95_ms']} {mark(entry['p95_ms'] <= TARGETS['scoped_p95_ms'])} "
            f"| {'—' if ratio is None else f'{ratio} ' + mark(ratio <= TARGETS['scoped_unscoped'])} "
            f"| {entry['api_raw']} {mark((entry['api_raw'] or 0) <= TARGETS['api_raw'])} "
            f"| {queries[1]} / {queries[50]} / {queries[100]} {mark(queries[50] == queries[100] >= queries[1])} |"
        )
    graph = results["graph"]
    lines += ["", "| what | p50 ms | p95 ms | nodes | edges | target |", "|---|---|---|---|---|---|"]
    for name, limit in (("kraj", TARGETS["kraj_graph_ms"]), ("national", TARGETS["national_graph_ms"])):
        entry = graph[name]
        lines.append(
            f"| graph + metrics, {name} | {entry['p50_ms']} {mark(entry['p50_ms'] <= limit)} | "
            f"{entry['p95_ms']} | {entry['nodes']} | {entry['edges']} | ≤ {limit} ms |"
        )
    lines += ["", *screens_table(results["screens"])]
    lines += ["", *catalogue_table(results["catalogue"], results.get("catalogue_load"))]
    if "sync" in results:
        lines += ["", *sync_table(results["sync"])]
    if "tablet" in results:
        lines += ["", *tablet_table(results["tablet"])]
    load = results["load"]
    lines += [""]
    if "skipped" in load:
        lines.append(f"Mixed read load: skipped ({load['skipped']}).")
    else:
        lines.append(
            f"Mixed read load of a working day (wrk, {load['connections']} connections, {load['seconds']:.0f} s, "
            f"{load['pages']} API lists and screens in turn): **{load['requests_per_s']} requests/s** "
            f"{mark(load['requests_per_s'] >= TARGETS['load_rps'])}, p50 {load['p50_ms']} ms, p95 {load['p95_ms']} ms, "
            f"{load['non2xx']} non-2xx, {load['errors']} socket errors."
        )
    imported = results.get("import")
    if imported:
        first, again = imported["runs"]
        lines.append(
            f"Registry import of {imported['services']} services: first run {first['seconds']} s "
            f"{mark(first['seconds'] <= TARGETS['import_s'])}, re-run {again['seconds']} s "
            f"{mark(again['seconds'] <= TARGETS['reimport_s'])}, peak {imported['peak_rss_mb']} MB."
        )
    return "\n".join(lines) + "\n"


def machine() -> str:
    try:
        model = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        model = platform.processor() or "unknown CPU"
    return f"{os.cpu_count()} cores ({model}), Python {platform.python_version()}, {platform.system()} {platform.release()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--load-seconds", type=int, default=20)
    parser.add_argument("--screen-requests", type=int, default=15)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--import-json", type=Path, help="the registry import's result, for the table")
    parser.add_argument("--markdown", type=Path)
    args = parser.parse_args()
    results = run(args.base.rstrip("/"), args.requests, args.load_seconds, args.screen_requests)
    if args.import_json and args.import_json.exists():
        results["import"] = json.loads(args.import_json.read_text(encoding="utf-8"))
    results["machine"] = machine()
    results["when"] = time.strftime("%Y-%m-%d %H:%M")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    text = table(results, f"{results['machine']}; {results['when']}")
    if args.markdown:
        args.markdown.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
