"""The public catalogue in the national benchmark (issue 18): anonymous visitors, as a phone asks (gzip, no cookie).

Each search is measured twice. "Rendered": every request a different address (another obec, another ORP), so each
page is built from the database as on its first visit. "Kept": the same address again, answered from the copy kept
for the catalogue's state (catalogue.caching). Then wrk measures the throughput of kept search pages. Target of
issue 18: a search by obec and by life situation at p50 ≤ 30 ms.
"""

import itertools
import time

import requests

from benchmarks.screens import latency_stats, mark
from catalogue.hsds import services_query
from catalogue.ids import stable_id
from catalogue.models import LifeSituation
from territory.models import District, Municipality

CATALOGUE_TARGET_MS = 30
# Where the searches are: the obce of the demo's ORP first (Pelhřimov), then of other ORP.
HOME_ORP = "6110"


def _obce(count: int) -> list[str]:
    home = list(Municipality.objects.filter(district__code=HOME_ORP).order_by("code").values_list("code", flat=True))
    others = list(
        Municipality.objects.exclude(district__code=HOME_ORP)
        .order_by("district__code", "code")
        .distinct("district__code")
        .values_list("code", flat=True)
    )
    return (home + others)[:count]


def catalogue_plan(count: int) -> list[dict]:
    """Each measured search with ``count`` different addresses of the same kind."""
    obce = _obce(count)
    orp = list(District.objects.order_by("code").values_list("code", flat=True))[:count]
    situations = list(LifeSituation.objects.order_by("sort_order").values_list("code", flat=True))
    services = list(services_query().values_list("pk", flat=True)[: count * 50 : 50])
    pairs = list(zip(obce, itertools.cycle(situations), strict=False))
    return [
        {"search": "by obec", "paths": [f"/katalog/?obec={code}" for code in obce]},
        {"search": "by life situation (country)", "paths": [f"/katalog/?situace={code}" for code in situations]},
        {"search": "by ORP and life situation", "paths": [f"/katalog/?orp={o}&situace=debts" for o in orp]},
        {"search": "by obec and life situation", "paths": [f"/katalog/?obec={o}&situace={s}" for o, s in pairs]},
        {"search": "service page", "paths": [f"/katalog/sluzba/{pk}/" for pk in services]},
        {"search": "HSDS services page", "paths": [f"/hsds/services?page={n}" for n in range(1, count + 1)]},
        {"search": "HSDS service in full", "paths": [f"/hsds/services/{stable_id('service', pk)}" for pk in services]},
    ]


def _timed(session: requests.Session, url: str) -> tuple[float, int]:
    started = time.perf_counter()
    response = session.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"{url}: {response.status_code}")
    if response.cookies:
        raise RuntimeError(f"{url} set a cookie: {list(response.cookies.keys())}")
    return elapsed, len(response.content)


def measure_catalogue(base: str, count: int) -> list[dict]:
    """p50/p95 of each search rendered (distinct addresses) and kept (one address again)."""
    session = requests.Session()
    session.headers.update({"Accept-Encoding": "gzip"})
    session.get(f"{base}/katalog/").raise_for_status()  # warm the process: the obce, the templates
    results = []
    for entry in catalogue_plan(count):
        paths = entry["paths"]
        rendered = [_timed(session, f"{base}{path}") for path in paths]
        kept = [_timed(session, f"{base}{paths[0]}")[0] for _ in range(max(count, 5))]
        results.append(
            {
                "search": entry["search"],
                "path": paths[0],
                "addresses": len(paths),
                "rendered": latency_stats([ms for ms, _ in rendered]),
                "kept": latency_stats(kept),
                "kib": round(max(size for _, size in rendered) / 1024, 1),
            }
        )
    return results


def catalogue_table(results: list[dict], load: dict | None) -> list[str]:
    lines = [
        f"The public catalogue, anonymous (target of issue 18: a search p50 ≤ {CATALOGUE_TARGET_MS} ms):",
        "",
        "| page | addresses | p50 ms rendered | p95 ms rendered | p50 ms kept | p95 ms kept | KiB |",
        "|---|---|---|---|---|---|---|",
    ]
    for entry in results:
        rendered, kept = entry["rendered"], entry["kept"]
        lines.append(
            f"| {entry['search']} | {entry['addresses']} "
            f"| {rendered['p50_ms']} {mark(rendered['p50_ms'] <= CATALOGUE_TARGET_MS)} | {rendered['p95_ms']} "
            f"| {kept['p50_ms']} {mark(kept['p50_ms'] <= CATALOGUE_TARGET_MS)} | {kept['p95_ms']} | {entry['kib']} |"
        )
    if load and "skipped" not in load:
        lines += [
            "",
            f"Kept search pages under load (wrk, {load['connections']} connections, {load['seconds']:.0f} s, "
            f"{load['pages']} addresses in turn): **{load['requests_per_s']} requests/s**, p50 {load['p50_ms']} ms, "
            f"p95 {load['p95_ms']} ms, {load['non2xx']} non-2xx, {load['errors']} socket errors.",
        ]
    return lines
