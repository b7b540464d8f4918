"""The offline app in Chromium (issue 20): a signed-in page registers the service worker, which keeps the static files
and the shell; without a network every page of the app opens the shell from the cache; signing out leaves nothing of
the user in the browser.

Offline is Playwright's context.set_offline(True). With Playwright 1.65 and Chromium it cuts the service worker's own
fetches too, not only the page's (the worker's network-first navigation fails as on a tablet without signal): the tests
check that no request reached the live server while offline, so they would fail rather than pass on a live answer if
that ever changed. The live server answers on the test's one database connection; the worker's downloads of static
files do not touch it.
"""

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser_context_args(browser_context_args):
    """With the service worker (the browser tests' conftest blocks it elsewhere)."""
    return {**browser_context_args, "service_workers": "allow"}


STORED = """async () => ({
  databases: (await indexedDB.databases()).map((database) => database.name),
  caches: await caches.keys(),
  workers: (await navigator.serviceWorker.getRegistrations()).length,
})"""


@pytest.fixture
def server_requests(monkeypatch):
    """The paths of the requests that reach the live server (pages and static files alike), in order."""
    seen = []
    answer = StaticFilesHandler.__call__

    def record(handler, environ, start_response):
        seen.append(environ["PATH_INFO"])
        return answer(handler, environ, start_response)

    monkeypatch.setattr(StaticFilesHandler, "__call__", record)
    return seen


def wait_for_the_offline_copy(page):
    """Until the worker controls the page and the shell is in its cache (the page stores it after registering)."""
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.wait_for_function("() => caches.open('sitar-shell').then((cache) => cache.match('/offline/')).then(Boolean)")


def test_a_signed_in_page_registers_the_worker_and_the_app_is_installable(
    page, context, live_url, login, browser_user, pelhrimov
):
    login(browser_user("offline.install", "sitar", district=pelhrimov))
    wait_for_the_offline_copy(page)
    assert [worker.url for worker in context.service_workers] == [f"{live_url}/sw.js"]
    assert page.evaluate("() => navigator.serviceWorker.controller.scriptURL") == f"{live_url}/sw.js"
    cdp = context.new_cdp_session(page)
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["url"] == f"{live_url}/manifest.webmanifest"
    assert manifest["errors"] == []
    # What Chromium asks of an installable app: a valid manifest with its icons, a worker, a secure origin. (Playwright's
    # contexts are incognito, where Chromium installs nothing: the one error allowed.)
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert [error["errorId"] for error in errors] == ["in-incognito"]
    precached = [name for name in page.evaluate("() => caches.keys()") if name.startswith("workbox-precache")]
    assert len(precached) == 1
    kept = page.evaluate(
        "(name) => caches.open(name).then((cache) => cache.keys()).then((keys) => keys.map((key) => key.url))",
        precached[0],
    )
    assert any("/static/offline/app.js" in url for url in kept) and any(
        "/static/sitar/sitar.css" in url for url in kept
    )


def test_without_a_network_the_pages_open_the_shell_from_the_cache(
    page, context, live_url, login, browser_user, pelhrimov, server_requests
):
    user = browser_user("offline.shell", "sitar", district=pelhrimov)
    login(user)
    wait_for_the_offline_copy(page)
    server_requests.clear()
    context.set_offline(True)
    for path, heading in (("/", "Offline kopie"), ("/organizations/", "Adresář"), ("/?source=app", "Offline kopie")):
        response = page.goto(f"{live_url}{path}")
        assert response.ok and response.from_service_worker
        expect(page.locator("#offline-app")).to_have_attribute("data-user", str(user.pk))
        # The offline application draws the page the address names from the copy.
        expect(page.locator("#offline-app h1")).to_have_text(heading)
        expect(page.locator(".topbar .brand")).to_have_text("Síťař")  # styled and scripted from the precache
        assert page.evaluate("() => getComputedStyle(document.querySelector('.topbar')).backgroundColor") == (
            "rgb(31, 95, 139)"
        )
    assert server_requests == []
    # Sign-in, the admin and the API are not the worker's: offline they fail as without it.
    with pytest.raises(Exception, match="ERR_INTERNET_DISCONNECTED"):
        page.goto(f"{live_url}/accounts/login/")
    context.set_offline(False)
    assert page.goto(f"{live_url}/organizations/").ok
    # Back online the page comes from the server (the app also asks the sync feed for what changed).
    assert page.locator("#offline-app").count() == 0 and "/organizations/" in server_requests


def test_without_a_network_or_a_stored_shell_the_worker_says_so(
    page, context, live_url, login, browser_user, pelhrimov
):
    login(browser_user("offline.noshell", "sitar", district=pelhrimov))
    wait_for_the_offline_copy(page)
    assert page.evaluate("() => caches.delete('sitar-shell')")
    context.set_offline(True)
    response = page.goto(f"{live_url}/")
    assert response.status == 503 and response.from_service_worker
    expect(page.locator("h1").first).to_have_text("Síťař je offline")
    expect(page.locator("[lang=en] h1")).to_have_text("Síťař is offline")
    context.set_offline(False)


def test_the_api_is_left_to_the_page_so_a_test_can_route_it(page, live_url, login, browser_user, pelhrimov):
    login(browser_user("offline.api", "sitar", district=pelhrimov))
    wait_for_the_offline_copy(page)
    page.route(
        "**/api/v1/sync/",
        lambda route: route.fulfill(status=200, json={"routed": True}, content_type="application/json"),
    )
    assert page.evaluate("() => fetch('/api/v1/sync/').then((response) => response.json())") == {"routed": True}


def test_signing_out_wipes_the_local_copy(page, live_url, login, browser_user, pelhrimov):
    login(browser_user("offline.signout", "sitar", district=pelhrimov))
    wait_for_the_offline_copy(page)
    page.evaluate(
        """() => new Promise((resolve, reject) => {
             const request = indexedDB.open("sitar-territory");
             request.onsuccess = () => { request.result.close(); resolve(); };
             request.onerror = () => reject(request.error);
           })"""
    )
    before = page.evaluate(STORED)
    # The page's own copy (offline/src/store.js) and the database made here.
    assert "sitar-territory" in before["databases"] and len(before["databases"]) == 2
    assert "sitar-shell" in before["caches"] and before["workers"] == 1
    page.get_by_role("button", name="Odhlásit se").click()
    page.wait_for_url("**/accounts/login/")
    assert page.evaluate(STORED) == {"databases": [], "caches": [], "workers": 0}


def test_the_logout_answer_alone_clears_the_storage(page, live_url, login, browser_user, pelhrimov):
    # The form sent without its submit event (no script wipes anything): Clear-Site-Data does it, as Chromium honours
    # it on http://127.0.0.1 (a secure context).
    login(browser_user("offline.header", "sitar", district=pelhrimov))
    wait_for_the_offline_copy(page)
    page.evaluate("() => indexedDB.open('sitar-territory') && true")
    page.wait_for_function("() => indexedDB.databases().then((all) => all.length === 2)")
    page.evaluate("() => document.querySelector('form[data-sign-out]').submit()")
    page.wait_for_url("**/accounts/login/")
    assert page.evaluate(STORED) == {"databases": [], "caches": [], "workers": 0}
