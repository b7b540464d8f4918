"""Background tasks of the imports (thin: the work is in imports.registry and imports.batches)."""

from pathlib import Path

from celery import shared_task
from django.conf import settings
from django.urls import reverse

from core.jobs import JobError, job_run, job_time_limits
from core.models import Job
from imports.batches import BatchAlreadyImported, bulk_check_batch, bulk_import_batch, uploads_purge
from imports.registry import RegistryFileError, rpss_import


@shared_task(**job_time_limits(settings.SITAR_REGISTRY_TIME_LIMIT))
def rpss_import_task(job_id: str) -> str:
    """Import the registry file named by the job (params "path", "codelists_dir") as the job's user, with progress.

    An uploaded file (in SITAR_UPLOAD_DIR) is removed once the import has ended, done or failed; a worker that dies
    meanwhile leaves it for the task's next delivery.
    """

    def work(job, progress):
        try:
            report = rpss_import(
                actor=job.user,
                source=job.params["path"],
                codelists_dir=job.params.get("codelists_dir"),
                progress=progress,
            )
        except RegistryFileError as exc:
            raise JobError(str(exc)) from exc
        return {**report.as_dict(), "text": report.as_text()}

    state = job_run(job_id, work)
    path = Path(Job.objects.values_list("params__path", flat=True).get(pk=job_id))
    if path.parent == Path(settings.SITAR_UPLOAD_DIR):
        path.unlink(missing_ok=True)
    return state


def _bulk_work(run):
    """The work of a bulk-import job: run the check or the import of the job's batch as its user; the job's page then
    goes on to the batch's report."""

    def work(job, progress):
        batch_id = job.params["batch"]
        try:
            report = run(batch_id, job.user_id, progress)
        except BatchAlreadyImported as exc:  # a second confirmation, or the task delivered again: nothing to do
            report = exc.report
        return {
            "ok": report.ok,
            "counts": report.counts,
            "redirect": reverse("organization-import-batch", args=[batch_id]),
        }

    return work


@shared_task(**job_time_limits(settings.SITAR_BULK_TIME_LIMIT))
def bulk_check_batch_task(job_id: str) -> str:
    """The dry run of an uploaded bulk-import file (imports.batches.bulk_check_batch)."""
    return job_run(job_id, _bulk_work(bulk_check_batch))


@shared_task(**job_time_limits(settings.SITAR_BULK_TIME_LIMIT))
def bulk_import_batch_task(job_id: str) -> str:
    """The real run of a checked bulk-import file, all or nothing (imports.batches.bulk_import_batch)."""
    return job_run(job_id, _bulk_work(bulk_import_batch))


@shared_task
def uploads_purge_task() -> int:
    """Forget uploads older than a day that were never imported (imports.batches.uploads_purge)."""
    return uploads_purge()
