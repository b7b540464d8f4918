"""Background tasks of the organisations app (thin: the work is in the services)."""
from pathlib import Path

from celery import shared_task
from django.conf import settings

from network.jobs import job_run


@shared_task
def import_rpss_task(job_id: str) -> str:
    """Import the registry file named by the job (params "path", "codelists_dir") as the job's user, with progress.

    An uploaded file (in SITAR_UPLOAD_DIR) is removed once the import has ended, done or failed; a worker that dies
    meanwhile leaves it for the task's next delivery.
    """
    from organizations.rpss import rpss_import

    def work(job, progress):
        report = rpss_import(actor=job.user, source=job.params["path"], codelists_dir=job.params.get("codelists_dir"),
                             progress=progress)
        return {**report.as_dict(), "text": report.as_text()}

    state = job_run(job_id, work)
    from network.models import Job

    path = Path(Job.objects.values_list("params__path", flat=True).get(pk=job_id))
    if path.parent == Path(settings.SITAR_UPLOAD_DIR):
        path.unlink(missing_ok=True)
    return state
