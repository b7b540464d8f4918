"""The tablet's side of the offline sync in the national benchmark (issue 20): Chromium, signed in as the sitar of a
national-scale ORP (the demo's sitar.pelhrimov on the national dataset), opens Síťař with an empty browser profile and
the offline app takes its first copy. Measured: the time from the page's start until the copy is written into
IndexedDB (offline/src/app.js marks it: ``performance.mark("sitar-copy")``), and what the copy takes on the tablet —
the browser's own account of its storage (IndexedDB; the worker's caches beside it) and the rows per table."""

import os

from playwright.sync_api import sync_playwright

from benchmarks.screens import latency_stats, signed_in_session
from benchmarks.sync import SYNC_USER

CHROMIUM = os.environ.get("SITAR_CHROMIUM", "/usr/bin/chromium")
# Debian's Chromium, started as the browser tests start it too (tests/ui/browser/conftest.py): no sandbox as root, no
# background network (the machine's closed network refuses it).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
TABLES = ("organizations", "services", "contacts", "links", "meetings", "followups", "needs")
STORED = """async (tables) => {
  const name = (await indexedDB.databases()).map((db) => db.name).find((n) => n.startsWith("sitar-offline-"));
  const db = await new Promise((ok, ko) => { const r = indexedDB.open(name); r.onsuccess = () => ok(r.result); r.onerror = ko; });
  const rows = {};
  for (const table of tables) {
    rows[table] = await new Promise((ok) => { const r = db.transaction(table).objectStore(table).count(); r.onsuccess = () => ok(r.result); });
  }
  db.close();
  const estimate = await navigator.storage.estimate();
  return {rows, usage: estimate.usage, details: estimate.usageDetails || {},
          ms: performance.getEntriesByName("sitar-copy")[0].startTime};
}"""


def measure_tablet(base: str, runs: int = 3, browser=None) -> dict:
    """The first full sync ``runs`` times, each in a new browser context (an empty tablet); in ``browser`` if given
    (a test's), else in a Chromium of its own."""
    if browser is None:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                return measure_tablet(base, runs, browser)
            finally:
                browser.close()
    session = signed_in_session(base, SYNC_USER)
    cookies = [{"name": name, "value": value, "url": base} for name, value in session.cookies.items()]
    timings, stored = [], None
    for _ in range(runs):
        context = browser.new_context(viewport={"width": 1024, "height": 768}, locale="cs-CZ")
        context.add_cookies(cookies)
        page = context.new_page()
        page.goto(f"{base}/")
        page.wait_for_function("() => performance.getEntriesByName('sitar-copy').length > 0", timeout=120_000)
        stored = page.evaluate(STORED, list(TABLES))
        timings.append(stored["ms"])
        context.close()
    details = stored["details"]
    return {
        **latency_stats(timings),
        "rows": stored["rows"],
        "usage_kib": round(stored["usage"] / 1024, 1),
        "indexeddb_kib": round(details.get("indexedDB", 0) / 1024, 1),
        "caches_kib": round(details.get("caches", 0) / 1024, 1),
    }


def tablet_table(result: dict) -> list[str]:
    """The Markdown lines of the tablet's measurement."""
    rows = ", ".join(f"{name} {count}" for name, count in result["rows"].items() if count)
    return [
        f"The tablet's first full sync in Chromium ({SYNC_USER}, from the page's start to the copy in IndexedDB): "
        f"p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms; the copy takes {result['indexeddb_kib']} KiB of "
        f"IndexedDB ({rows}); the worker's caches {result['caches_kib']} KiB; the origin's storage in all "
        f"{result['usage_kib']} KiB."
    ]
