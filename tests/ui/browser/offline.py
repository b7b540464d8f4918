"""Helpers of the offline app's browser tests (issue 20)."""

# The tablet's copy is complete once the app has pulled it (offline/src/app.js marks the page).
COPY_READY = "document.documentElement.dataset.offlineCopy"


def open_with_copy(page, live_url):
    """Síťař opened with signal: the worker is active and the copy of the territory is on the tablet."""
    page.goto(f"{live_url}/")
    page.wait_for_function("() => navigator.serviceWorker.ready.then(Boolean)")
    page.wait_for_function(f"() => !!{COPY_READY}", timeout=20_000)
    # The worker controls the next pages (it claims them when it activates).
    page.reload()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")


def waiting(page):
    return page.locator("#offline-bar .offline-bar-text")


def eventually(page, check, timeout_ms: int = 20_000):
    """Wait until check() is true (the page keeps working meanwhile: Playwright runs its events while the test
    waits in it), for what the server receives in the background."""
    for _ in range(timeout_ms // 100):
        if check():
            return
        page.wait_for_timeout(100)
    assert check()
