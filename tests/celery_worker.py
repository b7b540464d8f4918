"""A real Celery worker for tests: a subprocess on the test run's Redis and the PostgreSQL test database.

Use it like this::

    @pytest.mark.celery
    @pytest.mark.django_db(transaction=True, serialized_rollback=True)
    def test_it_imports_on_the_worker(celery_worker):
        result = import_task.delay(batch.pk)          # or enqueue(import_task, batch.pk) after a commit
        assert result.get(timeout=60) == 3            # results go to Redis (CELERY_RESULT_BACKEND)

- ``transaction=True``: the worker has its own connection and sees only committed rows. ``serialized_rollback=True``
  restores the territory and codelists (loaded by migrations) that the flush after a transactional test removes.
- ``celery_worker.pid``, ``.kill()`` (SIGKILL: a crash; with acks_late the task is delivered again after
  ``VISIBILITY_TIMEOUT`` seconds to the next worker), ``.stop()`` (SIGTERM), ``.start()``, ``.restart()``,
  ``.log()`` (the worker's output so far), ``.sent_mail()`` (the e-mail the worker sent, as ``email.message.Message``)
  and ``.clear_mail()``. A test that kills or stops the worker should leave it running (``.restart()``/``.start()``).
- The worker runs with ``tests.worker_settings`` (the project's settings, e-mail written to files).

Without ``CELERY_BROKER_URL`` (a quick SQLite run) the tests that use the fixture are skipped; ``make test`` starts
Redis and sets ``SITAR_REQUIRE_REDIS=1``, and then a missing broker or PostgreSQL is an error, not a skip.
"""

import email.message
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Seconds before the task of a killed worker is delivered again (kombu's Redis transport restores unacked messages).
# A task still running after this long is delivered a second time too: a test's task must finish well within it.
VISIBILITY_TIMEOUT = 30
_MAIL_SEPARATOR = b"\n" + b"-" * 79 + b"\n"


def _database_url(settings_dict: dict) -> str:
    """postgres://user:password@host:port/name of a Django connection's settings (the renamed test database)."""
    user = quote(settings_dict.get("USER") or "", safe="")
    password = settings_dict.get("PASSWORD") or ""
    credentials = f"{user}:{quote(password, safe='')}@" if password else (f"{user}@" if user else "")
    host = quote(settings_dict.get("HOST") or "localhost", safe="")
    port = settings_dict.get("PORT") or ""
    return f"postgres://{credentials}{host}{':' + str(port) if port else ''}/{quote(settings_dict['NAME'], safe='')}"


class CeleryWorker:
    """One `celery -A config worker --pool=solo` subprocess that a test can kill, stop and start again."""

    def __init__(self, app, env: dict, log_path: Path, mail_dir: Path):
        self.app = app
        self.env = env
        self.log_path = log_path
        self.mail_dir = mail_dir
        self.hostname = f"sitar-test-{os.getpid()}@{socket.gethostname()}"
        self.process: subprocess.Popen | None = None

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    def is_running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self, timeout: float = 60) -> None:
        """Start the worker and wait until it answers a ping."""
        assert not self.is_running(), "the worker is already running"
        command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "-c",
            "1",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-l",
            "info",
            "-n",
            self.hostname,
        ]
        with open(self.log_path, "ab") as log:
            log.write(f"\n===== starting worker: {' '.join(command)}\n".encode())
            log.flush()
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=self.env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.is_running():
                pytest.fail(
                    f"the Celery worker exited with code {self.process.returncode}:\n{self.log()}", pytrace=False
                )
            if self.app.control.ping(destination=[self.hostname], timeout=0.5):
                return
        self.stop()
        pytest.fail(f"the Celery worker did not answer a ping within {timeout:.0f} s:\n{self.log()}", pytrace=False)

    def stop(self, timeout: float = 20) -> None:
        """Warm shutdown (SIGTERM: the current task finishes), SIGKILL if it takes longer than ``timeout``."""
        if not self.is_running():
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()

    def kill(self) -> None:
        """SIGKILL, as a crash or the OOM killer would: the task in progress is not acknowledged."""
        if not self.is_running():
            return
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=20)

    def restart(self) -> None:
        self.stop()
        self.start()

    def log(self, lines: int = 200) -> str:
        """The last ``lines`` lines the worker printed (all of its runs in this session)."""
        try:
            text = self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return "(no worker log)"
        return "\n".join(text.splitlines()[-lines:])

    def sent_mail(self) -> list[email.message.Message]:
        """The e-mail messages the worker has sent (file backend: one file per connection, messages separated)."""
        messages = []
        for path in sorted(self.mail_dir.iterdir()):
            for chunk in path.read_bytes().split(_MAIL_SEPARATOR):
                if chunk.strip():
                    messages.append(email.message_from_bytes(chunk))
        return messages

    def clear_mail(self) -> None:
        for path in self.mail_dir.iterdir():
            path.unlink()


@pytest.fixture(scope="session")
def celery_worker(request, django_db_setup, tmp_path_factory):
    """A real Celery worker (module docstring); skipped without CELERY_BROKER_URL unless SITAR_REQUIRE_REDIS=1."""
    from django.db import connection

    def unavailable(reason: str):
        if os.environ.get("SITAR_REQUIRE_REDIS") == "1":
            pytest.fail(f"{reason} (SITAR_REQUIRE_REDIS=1: the worker tests must run here)", pytrace=False)
        pytest.skip(f"{reason}: run `make test` (it starts Redis and PostgreSQL) for the Celery worker tests")

    if not os.environ.get("CELERY_BROKER_URL"):
        unavailable("CELERY_BROKER_URL is not set")
    if connection.vendor != "postgresql":
        unavailable(f"the worker needs a PostgreSQL test database it can connect to, not {connection.vendor}")

    from config.celery import app

    was_eager = app.conf.task_always_eager
    app.conf.task_always_eager = False  # tasks must really go through Redis to the worker
    app.control.purge()  # nothing left over from an earlier session

    directory = tmp_path_factory.mktemp("celery-worker")
    mail_dir = directory / "mail"
    mail_dir.mkdir()
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(connection.settings_dict),
        "DJANGO_SETTINGS_MODULE": "tests.worker_settings",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
        "PYTHONUNBUFFERED": "1",
    }
    worker = CeleryWorker(app, env, directory / "worker.log", mail_dir)
    failed_before = request.session.testsfailed
    worker.start()
    try:
        yield worker
    finally:
        worker.stop()
        app.conf.task_always_eager = was_eager
        if request.session.testsfailed > failed_before:
            capture = request.config.pluginmanager.getplugin("capturemanager")
            with capture.global_and_fixture_disabled():
                sys.stderr.write(f"\n----- Celery worker log ({worker.log_path}) -----\n{worker.log()}\n")
