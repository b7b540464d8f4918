"""Background jobs a user starts and watches: started (and queued once the transaction commits), run by a task with
progress, finished with a result or an output file. The page /jobs/<id>/ polls the row while the job runs."""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from celery.exceptions import SoftTimeLimitExceeded
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone, translation
from django.utils.translation import gettext

from core.models import HARD_LIMIT_GRACE, Job, JobState, time_limit_message
from core.tasks import enqueue

logger = logging.getLogger(__name__)

Progress = Callable[[int, int | None], None]


class JobError(Exception):
    """A failure the job's page explains to its user: the message is theirs to read (translated, no internals)."""


@dataclass
class JobOutput:
    """What a job's work gives back: a result for its page (JSON) and/or a file to download."""

    result: dict | None = None
    content: bytes | None = None
    name: str = ""
    content_type: str = ""


class _ProgressWriter:
    """progress(done, total) of a job, visible to the polling page at once.

    Work that runs in one long transaction (the bulk import: all or nothing) would hide its progress until it commits,
    or roll it back with a dry run; there, on PostgreSQL, the progress goes through a connection of its own that
    commits each update. Elsewhere (outside a transaction, or SQLite on the quick start, where the job runs inline and
    a second writer would wait for the first) it goes through the work's connection.
    """

    def __init__(self, pk):
        self.pk = pk
        self.side = None

    def __call__(self, done: int, total: int | None = None) -> None:
        work = connections[DEFAULT_DB_ALIAS]
        if work.in_atomic_block and work.vendor == "postgresql":
            if self.side is None:
                self.side = connections.create_connection(DEFAULT_DB_ALIAS)
            with self.side.cursor() as cursor:
                cursor.execute(
                    f'UPDATE {Job._meta.db_table} SET "done" = %s, "total" = %s WHERE "id" = %s', [done, total, self.pk]
                )
                if cursor.rowcount:
                    return
            # The job row itself is not committed yet (the work was started inside the transaction that made it).
        Job.objects.filter(pk=self.pk).update(done=done, total=total)

    def close(self) -> None:
        if self.side is not None:
            self.side.close()


def job_in_progress(kind: str, *, started_within) -> Job | None:
    """A job of this kind still queued or running, whoever started it (a lock across users, never a list shown to
    them: only who and when are told); one started longer ago than `started_within` died with its worker."""
    return (
        Job.objects.select_related("user")
        .filter(
            kind=kind, state__in=(JobState.QUEUED, JobState.RUNNING), created_at__gt=timezone.now() - started_within
        )
        .first()
    )


def job_time_limits(seconds: int) -> dict:
    """The Celery options of a job's task that limit its time: at the soft limit the task stops and the job fails with
    a message (a bulk import rolls back: nothing is saved); the hard one, a little later, ends a worker that does not
    stop."""
    return {"soft_time_limit": seconds, "time_limit": seconds + HARD_LIMIT_GRACE}


def job_start(*, user, kind: str, title: str, task, params: dict | None = None) -> Job:
    """Record a job for the user and queue `task(job_id)` after the commit. The user's language goes with it, so a
    report written by the worker speaks the language of the page it was asked from; the task's time limit too, so the
    page can tell a job its worker ended at the hard limit."""
    params = {
        **(params or {}),
        "language": translation.get_language(),
        "time_limit": getattr(task, "soft_time_limit", None),
    }
    job = Job.objects.create(user=user, kind=kind, title=title, params=params)
    enqueue(task, str(job.pk))
    return job


def job_run(job_id: str, work: Callable[[Job, Progress], JobOutput | dict | None]) -> str:
    """Run `work(job, progress)` for the job inside its task and record how it ended; returns the final state.

    A job delivered again while it runs (its worker died) starts over: the work must be safe to repeat (the imports
    are). A job that has finished is not run again (a task delivered twice).
    """
    rows = Job.objects.filter(pk=job_id)  # the task acts for the job it was given, by its id
    if not rows.filter(state__in=(JobState.QUEUED, JobState.RUNNING)).update(
        state=JobState.RUNNING, started_at=timezone.now(), done=0, total=None, error=""
    ):
        return rows.values_list("state", flat=True).get()
    job = rows.select_related("user").get()
    progress = _ProgressWriter(job.pk)
    try:
        with translation.override(job.params.get("language")):
            outcome = work(job, progress)
    except Exception as exc:
        if isinstance(exc, SoftTimeLimitExceeded):
            logger.warning("job %s (%s) stopped at its time limit", job.pk, job.kind)
            with translation.override(job.params.get("language")):
                message = time_limit_message(job.params.get("time_limit") or 0)
        elif isinstance(exc, JobError):
            logger.warning("job %s (%s) failed: %s", job.pk, job.kind, exc)
            message = str(exc)
        else:  # the page says that it failed, the log says why (a traceback is no message for a user)
            logger.exception("job %s (%s) failed", job.pk, job.kind)
            with translation.override(job.params.get("language")):
                message = gettext(
                    "The work failed because of an error on the server; the administrators find the details in the log."
                )
        rows.update(state=JobState.FAILED, error=message[:2000], finished_at=timezone.now())
        return JobState.FAILED
    finally:
        progress.close()
    if not isinstance(outcome, JobOutput):
        outcome = JobOutput(result=outcome)
    rows.update(
        state=JobState.DONE,
        finished_at=timezone.now(),
        result=outcome.result,
        output=outcome.content,
        output_name=outcome.name,
        output_type=outcome.content_type,
    )
    return JobState.DONE
