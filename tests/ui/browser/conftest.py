"""Browser tests: Playwright drives Debian's Chromium against a live server of the project.

The live server shares the test's database connection (Django's own machinery for in-memory SQLite,
``connections_override``), so a browser test is an ordinary test in a transaction: what the fixtures create is visible
to the server, what the browser writes is visible to the test, and everything is rolled back at its end (the
territory loaded by the migrations stays). Requests run one at a time on that connection.

Screenshots go to ``test-artifacts/screenshots/<run>/`` (not committed); ``<run>`` is ``SITAR_TEST_RUN`` or the
start time of the run, printed at the end.
"""

import os
import shutil
import threading
from datetime import datetime
from pathlib import Path

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.servers.basehttp import ThreadedWSGIServer
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connections
from django.test.testcases import LiveServerThread

from benchmarks.tablet import CHROMIUM, CHROMIUM_ARGS

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's event loop and the ORM share the thread

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "screenshots"
PORTRAIT = {"width": 768, "height": 1024}
LANDSCAPE = {"width": 1024, "height": 768}
TABLET_VIEWPORTS = [pytest.param(LANDSCAPE, id="landscape"), pytest.param(PORTRAIT, id="portrait")]
PASSWORD = "heslo-pro-prohlizec-2026"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/ui/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


# Every page of a browser test runs under the application's Content-Security-Policy, and a violation fails the test.
# This script runs first in every document of the test's browser context (Playwright's init scripts are outside the
# page's policy) and reports each violation to the test through a binding, which outlives navigations.
CSP_RECORDER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__sitarCspViolation({directive: event.effectiveDirective, blocked: event.blockedURI,
                              source: event.sourceFile, line: event.lineNumber, sample: event.sample,
                              page: document.location.href});
});
"""


class CspRecorder:
    """The Content-Security-Policy violations of one test: securitypolicyviolation events and Chromium's console
    messages about the policy (which also name violations no event reports, such as a blocked eval)."""

    def __init__(self, context=None):
        self.context = context
        self.violations: list[dict] = []
        if context is not None:
            context.expose_binding("__sitarCspViolation", lambda _source, report: self.violations.append(report))
            context.add_init_script(CSP_RECORDER)
            context.on("console", self._console)

    def _console(self, message):
        if "Content Security Policy" in message.text:
            self.violations.append({"console": message.text, "page": message.page.url if message.page else None})

    def collect(self) -> list[dict]:
        """The violations so far, once the open pages have delivered what they reported (one round trip each)."""
        for page in self.context.pages if self.context is not None else []:
            try:
                page.evaluate("0")
            except Exception:  # a page closing or navigating has nothing more to deliver
                pass
        return self.violations

    def assert_none(self):
        found = self.collect()
        assert not found, f"Content-Security-Policy violations: {found}"

    def clear(self):
        self.violations.clear()


@pytest.fixture(autouse=True)
def csp_violations(request) -> CspRecorder:
    """Records the CSP violations of the test's browser pages; pytest_runtest_call fails the test on any."""
    if {"page", "context"} & set(request.fixturenames):
        return CspRecorder(request.getfixturevalue("context"))
    return CspRecorder()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    outcome = yield
    recorder = item.funcargs.get("csp_violations")
    if outcome.excinfo is None and isinstance(recorder, CspRecorder):
        try:
            recorder.assert_none()
        except AssertionError as error:
            outcome.force_exception(error)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install --no-install-recommends chromium")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # Czech first, as the users; a tablet-sized window unless a test sets its own. The service worker only where the
    # offline app is tested (tests/ui/browser/offline.py WITH_WORKER): elsewhere its install (the precache) and the
    # shell's refresh would add their requests to every test's, on the one connection they share.
    return {
        **browser_context_args,
        "locale": "cs-CZ",
        "viewport": LANDSCAPE,
        "has_touch": True,
        "service_workers": "block",
    }


@pytest.fixture(scope="session")
def _connection_before_playwright(django_db_setup):
    return connections["default"]


@pytest.fixture(scope="session")
def playwright(_connection_before_playwright, playwright):
    """pytest-playwright's, with the test database's serialized contents carried over to the connection tests use next.

    Playwright's sync API leaves the test's greenlet in its event loop's contextvars context until it stops, so Django's
    connection handler (an asgiref Local) hands out a fresh connection object from then on. Without the carried-over
    contents a later ``serialized_rollback`` test (tests/core/test_celery_worker.py) would not get the territory back
    after the flush of the transactional test before it."""
    before, now = _connection_before_playwright, connections["default"]
    if now is not before and hasattr(before, "_test_serialized_contents"):
        now._test_serialized_contents = before._test_serialized_contents
    return playwright


class _SharedConnectionServer(ThreadedWSGIServer):
    """Django's threaded test server, except that it leaves the shared connection open after each request (it closes
    every connection of the request thread, which here is the test's own, inside its transaction), and that it counts
    the browser connections it is serving, so that a test's end can wait for them (wait_idle)."""

    _serving = 0
    _idle = threading.Condition()

    def _close_connections(self):
        pass

    def process_request_thread(self, request, client_address):
        with self._idle:
            type(self)._serving += 1
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self._idle:
                type(self)._serving -= 1
                self._idle.notify_all()

    @classmethod
    def wait_idle(cls, timeout: float = 10) -> bool:
        with cls._idle:
            return cls._idle.wait_for(lambda: cls._serving == 0, timeout)


class _OneRequestAtATime(StaticFilesHandler):
    """The live server's application, answering one request at a time: every request thread uses the test's one
    database connection, inside its transaction, and two requests at once (a page's background sync beside the
    test's next navigation) would interleave their savepoints on it. The lock is held per request, not per browser
    connection, so a kept-alive connection waiting for its next request holds nothing."""

    lock = threading.Lock()

    def __call__(self, environ, start_response):
        with self.lock:
            return super().__call__(environ, start_response)


class _SharedConnectionServerThread(LiveServerThread):
    server_class = _SharedConnectionServer


@pytest.fixture(scope="session")
def live_url(django_db_setup, django_db_blocker, playwright):
    """The address of a live server that answers on the tests' own database connection (the one of Playwright's context,
    hence started after Playwright)."""
    with django_db_blocker.unblock():
        connection = connections["default"]
        connection.inc_thread_sharing()
        thread = _SharedConnectionServerThread(
            "127.0.0.1", _OneRequestAtATime, connections_override={"default": connection}, port=0
        )
        thread.daemon = True
        thread.start()
        thread.is_ready.wait()
        if thread.error:
            raise thread.error
        # Request signals would close the shared connection (and with it the test's transaction).
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            yield f"http://127.0.0.1:{thread.port}"
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
            thread.terminate()
            connection.dec_thread_sharing()


@pytest.fixture
def context(context):
    """pytest-playwright's context, closed at the test's end before the test's transaction is rolled back, once the live
    server has finished what it was answering. A signed-in page goes on asking in the background after the test has
    what it waited for (the service worker's update check, the offline shell kept fresh: offline/src/register.js), and
    such a request, on the test's own connection, must not meet the rollback half-way."""
    yield context
    context.close()
    _SharedConnectionServer.wait_idle()


@pytest.fixture(scope="session")
def screenshot_dir():
    run = os.environ.get("SITAR_TEST_RUN") or datetime.now().strftime("%Y%m%d-%H%M%S")
    folder = ARTIFACTS / run
    folder.mkdir(parents=True, exist_ok=True)
    yield folder
    shots = sorted(folder.glob("*.png"))
    print(f"\nscreenshots: {len(shots)} in {folder}")


@pytest.fixture
def shot(page, screenshot_dir, request):
    """shot("directory") saves a full-page screenshot named after the test, the viewport and the name."""

    def take(name: str) -> Path:
        size = page.viewport_size or {}
        path = screenshot_dir / f"{name}-{size.get('width')}x{size.get('height')}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def login(page, live_url):
    """login(user) signs in through the login form, as a person does (the user's password is PASSWORD)."""

    def sign_in(user, password: str = PASSWORD):
        page.goto(f"{live_url}/accounts/login/")
        page.fill("input[name=username]", user.username)
        page.fill("input[name=password]", password)
        page.click("main button[type=submit]")
        page.wait_for_url(f"{live_url}/")
        return page

    return sign_in


@pytest.fixture
def browser_user(make_role_user):
    """browser_user("sitar.pelhrimov", "sitar", district=pelhrimov): a user with a role and the browser password."""

    def make(username, role, **scope):
        user = make_role_user(username, role, **scope)
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
        return user

    return make


@pytest.fixture
def pelhrimov_directory(make_organization, make_contact, kamenice_nad_lipou):
    """Three organisations of ORP Pelhřimov's directory for the field scenarios: Spirála Pelhřimov (returned, with a
    contact person), ZŠ Komenského Pelhřimov (a school) and Fokus Vysočina – Kamenice."""
    spirala = make_organization(name="Spirála Pelhřimov")
    make_contact(spirala, name="Petra Nováková", position="vedoucí klubu")
    make_organization(name="ZŠ Komenského Pelhřimov", kind="school")
    make_organization(name="Fokus Vysočina – Kamenice", municipality=kamenice_nad_lipou)
    return spirala
