"""The bulk import of a kept file (ImportBatch): its check (the dry run) and its real run, by id.

The real run takes ids and plain values only, so that a Celery task can call it as it is (load by id, call the
service); the batch row is locked for the run, so a batch is imported at most once.
"""

import datetime
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from imports.bulk import BulkReport, bulk_import
from organizations.models import ImportBatch, ImportBatchStatus

# An uploaded file that is never imported is forgotten after this long (it may hold contact persons' data).
KEEP_UNIMPORTED = datetime.timedelta(hours=24)


class BatchAlreadyImported(Exception):
    """The batch was imported already, or its import found bad rows: running it again would write everything twice
    or import what was refused. ``report`` is what that run did (a second confirmation, or a task delivered again
    after its worker died, returns it instead of failing)."""

    def __init__(self, batch_id: int, report=None):
        super().__init__(f"import batch {batch_id} has been imported already")
        self.report = report


def import_batch_create(*, actor, entity: str, filename: str, content: bytes) -> ImportBatch:
    """Keep an uploaded file as the actor's batch, to be checked by bulk_check_batch."""
    return ImportBatch.objects.create(uploaded_by=actor, entity=entity, filename=filename[:255], content=content)


def bulk_check_batch(batch_id: int, actor_id: int, progress: Callable[[int, int], None] | None = None):
    """Check a batch as its uploader (the dry run) and keep the report on it; returns the BulkReport.

    A batch imported already is not checked again (BatchAlreadyImported), so its report stays the one of the import.
    """
    return _run_batch(batch_id, actor_id, dry_run=True, progress=progress)


def bulk_import_batch(batch_id: int, actor_id: int, progress: Callable[[int, int], None] | None = None):
    """Import a checked batch for real, as its uploader; all or nothing. Returns the BulkReport.

    The batch row is locked while the file is imported and its status is saved in the same transaction as the data,
    so two confirmations (a double tap, two tabs, a retried task) import it once: the second finds it imported and
    raises BatchAlreadyImported. A file whose rows turned bad since the check (somebody changed a record) saves
    nothing; the batch then keeps that report and cannot be imported.
    """
    return _run_batch(batch_id, actor_id, dry_run=False, progress=progress)


def _run_batch(batch_id: int, actor_id: int, *, dry_run: bool, progress):
    actor = get_user_model().objects.get(pk=actor_id)
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch_id, uploaded_by=actor)
        if batch.status == ImportBatchStatus.IMPORTED or (not dry_run and not batch.can_import):
            # Imported already (a second confirmation, a task delivered again), or rejected meanwhile: nothing to do.
            raise BatchAlreadyImported(batch_id, report=BulkReport.from_dict(batch.report))
        report = bulk_import(
            actor=actor, entity=batch.entity, file=bytes(batch.content), dry_run=dry_run, progress=progress
        )
        batch.report = report.as_dict()
        if dry_run:
            batch.status = ImportBatchStatus.CHECKED
        else:
            batch.status = ImportBatchStatus.IMPORTED if report.ok else ImportBatchStatus.REJECTED
            batch.imported_at = timezone.now() if report.ok else None
            batch.forget_people()
        batch.save(update_fields=["report", "status", "imported_at", "content"])
    return report


def uploads_purge(*, older_than: datetime.timedelta = KEEP_UNIMPORTED) -> int:
    """Forget uploads older than `older_than` that were never imported: bulk-import files (and the contact names in
    their reports) and registry files left in SITAR_UPLOAD_DIR by a job that never ran. Returns how many. Run hourly
    by Celery beat."""
    count = import_batches_purge(older_than=older_than)
    directory = Path(settings.SITAR_UPLOAD_DIR)
    deadline = time.time() - older_than.total_seconds()
    for path in directory.glob("rpss-*.json") if directory.is_dir() else ():
        if path.stat().st_mtime < deadline:
            path.unlink(missing_ok=True)
            count += 1
    return count


def import_batches_purge(*, older_than: datetime.timedelta = KEEP_UNIMPORTED) -> int:
    """Forget the files (and contact names) of batches uploaded longer ago than `older_than` and never imported;
    returns how many."""
    stale = ImportBatch.objects.filter(created_at__lt=timezone.now() - older_than).exclude(content=b"")
    count = 0
    for batch in stale.iterator():
        with transaction.atomic():
            batch.forget_people()
            batch.save(update_fields=["content", "report"])
        count += 1
    return count
