"""Background jobs a user starts and watches: started (and queued once the transaction commits), run by a task with
progress, finished with a result or an output file. The page /jobs/<id>/ polls the row while the job runs."""
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone, translation

from network.models import Job, JobState
from network.tasks_base import enqueue

logger = logging.getLogger(__name__)

Progress = Callable[[int, int | None], None]


@dataclass
class JobOutput:
    """What a job's work gives back: a result for its page (JSON) and/or a file to download."""

    result: dict | None = None
    content: bytes | None = None
    name: str = ""
    content_type: str = ""


def job_start(*, user, kind: str, title: str, task, params: dict | None = None) -> Job:
    """Record a job for the user and queue `task(job_id)` after the commit. The user's language goes with it, so a
    report written by the worker speaks the language of the page it was asked from."""
    params = {**(params or {}), "language": translation.get_language()}
    job = Job.objects.create(user=user, kind=kind, title=title, params=params)
    enqueue(task, str(job.pk))
    return job


def job_run(job_id: str, work: Callable[[Job, Progress], JobOutput | dict | None]) -> str:
    """Run `work(job, progress)` for the job inside its task and record how it ended; returns the final state.

    A job delivered again (its worker died) starts over: the work must be safe to repeat (the imports are).
    """
    job = Job.objects.select_related("user").get(pk=job_id)  # the task acts for the job it was given, by its id
    rows = Job.objects.filter(pk=job.pk)
    rows.update(state=JobState.RUNNING, started_at=timezone.now(), done=0, total=None, error="")

    def progress(done: int, total: int | None = None) -> None:
        rows.update(done=done, total=total)

    try:
        with translation.override(job.params.get("language")):
            outcome = work(job, progress)
    except Exception as exc:  # the job's page says it failed; the log has the traceback
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        rows.update(state=JobState.FAILED, error=str(exc)[:2000] or type(exc).__name__, finished_at=timezone.now())
        return JobState.FAILED
    if not isinstance(outcome, JobOutput):
        outcome = JobOutput(result=outcome)
    rows.update(
        state=JobState.DONE, finished_at=timezone.now(), result=outcome.result, output=outcome.content,
        output_name=outcome.name, output_type=outcome.content_type,
    )
    return JobState.DONE
