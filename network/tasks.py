"""Celery tasks of the network domain: thin, they call the services."""

import datetime

from celery import shared_task
from django.utils.translation import gettext

from core.errors import OutOfScope
from core.jobs import JobError, JobOutput, job_run
from network.analysis.coverage import territory_for
from network.analysis.report import report_of
from network.analysis.report_files import CONTENT_TYPES, report_file, report_filename
from network.analysis.snapshots import snapshot_take


@shared_task
def snapshot_take_task(on: str | None = None) -> int:
    """Take the network snapshots of every ORP and kraj (``on``: an ISO date, default today)."""
    return snapshot_take(on=datetime.date.fromisoformat(on) if on else None)


@shared_task
def report_file_task(job_id: str) -> str:
    """The ORP report of the job (params "district", "format") as the job's user sees it, as a file to download."""

    def work(job, progress):
        fmt = job.params["format"]
        progress(0, 2)
        try:
            territory = territory_for(job.user, district=job.params["district"])
        except OutOfScope as exc:  # the user's role changed since they asked
            raise JobError(gettext("You no longer have access to this ORP.")) from exc
        report = report_of(job.user, territory, with_graph=fmt == "pdf")
        progress(1, 2)
        return JobOutput(
            content=report_file(report, fmt), name=report_filename(report, fmt), content_type=CONTENT_TYPES[fmt]
        )

    return job_run(job_id, work)
