"""Background work on a real Celery worker (tests/celery_worker.py): Redis as the broker, the test database shared."""

import datetime
import time

import pytest
from celery.result import EagerResult
from django.db import transaction
from django.utils import timezone

from core.tasks import enqueue
from meetings.models import FollowUp
from meetings.tasks import followup_remind_task
from network.models import NetworkSnapshot
from network.tasks import snapshot_take_task
from territory.models import District, Region

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TIMEOUT = 120  # seconds: two shared CPUs, a snapshot walks every ORP


def test_the_worker_sends_the_reminders_once_a_day(celery_worker, make_meeting, make_role_user, pelhrimov):
    celery_worker.clear_mail()
    jana = make_role_user("jana.sitar", "sitar", district=pelhrimov)
    jana.email = "jana@example.cz"
    jana.save()
    make_meeting(
        followups=[
            {
                "description": "Zavolat OSPOD",
                "assignee": jana,
                "due_on": timezone.localdate() - datetime.timedelta(days=2),
            }
        ]
    )

    assert followup_remind_task.delay().get(timeout=TIMEOUT) == 1
    assert followup_remind_task.delay().get(timeout=TIMEOUT) == 0

    mail = celery_worker.sent_mail()
    assert [message["To"] for message in mail] == ["jana@example.cz"]
    assert FollowUp.objects.get().reminded_on == timezone.localdate()


def test_the_worker_stores_the_network_snapshots(celery_worker, make_organization, make_link):
    make_link(make_organization(name="A"), make_organization(name="B"))

    result = snapshot_take_task.delay("2026-11-01")
    assert not isinstance(result, EagerResult)  # it went through Redis
    count = result.get(timeout=TIMEOUT)

    assert count == District.objects.count() + Region.objects.count()
    assert NetworkSnapshot.objects.filter(taken_on=datetime.date(2026, 11, 1)).count() == count


def test_enqueue_sends_the_task_only_after_the_commit(monkeypatch):
    queued = []
    monkeypatch.setattr(snapshot_take_task, "delay", lambda *args: queued.append(args))

    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue(snapshot_take_task, "2026-11-01")
        raise RuntimeError("rolled back")
    assert queued == []

    with transaction.atomic():
        enqueue(snapshot_take_task, "2026-11-02")
        assert queued == []
    assert queued == [("2026-11-02",)]


def test_enqueue_reaches_the_worker_after_the_commit(celery_worker):
    with transaction.atomic():
        enqueue(snapshot_take_task, "2026-10-01")
    deadline = timezone.now() + datetime.timedelta(seconds=TIMEOUT)
    while not NetworkSnapshot.objects.filter(taken_on=datetime.date(2026, 10, 1)).exists():
        assert timezone.now() < deadline, celery_worker.log()
        time.sleep(0.2)
    assert NetworkSnapshot.objects.filter(taken_on=datetime.date(2026, 10, 1)).count() == (
        District.objects.count() + Region.objects.count()
    )


def test_a_killed_worker_can_be_started_again(celery_worker):
    pid = celery_worker.pid
    celery_worker.kill()
    assert not celery_worker.is_running()

    celery_worker.restart()

    assert celery_worker.pid != pid
    assert snapshot_take_task.delay("2026-09-01").get(timeout=TIMEOUT) > 0


def test_the_task_of_a_killed_worker_is_delivered_again(celery_worker):
    result = snapshot_take_task.delay("2026-08-01")
    deadline = time.monotonic() + TIMEOUT
    while f"[{result.id}] received" not in celery_worker.log(lines=20):  # the worker holds it, unacknowledged
        assert time.monotonic() < deadline, celery_worker.log()
        time.sleep(0.01)
    celery_worker.kill()
    celery_worker.start()

    # After VISIBILITY_TIMEOUT (tests/celery_worker.py) the restarted worker gets it again and finishes it.
    assert result.get(timeout=TIMEOUT) == District.objects.count() + Region.objects.count()


# ------------------------------------------------------------------------------------------- the registry import --


def _wait_for(job, condition, worker, timeout=TIMEOUT):
    deadline = time.monotonic() + timeout
    while True:
        job.refresh_from_db()
        if condition(job):
            return job
        assert time.monotonic() < deadline, f"job {job.state} {job.done}/{job.total}\n{worker.log()}"
        time.sleep(0.1)


def _import_on_the_worker(user, path):
    from core.jobs import job_start
    from imports.tasks import rpss_import_task

    with transaction.atomic():
        return job_start(user=user, kind="rpss_import", title="RPSS", task=rpss_import_task, params={"path": str(path)})


def test_the_registry_sample_imports_on_the_worker_and_again_changes_nothing(celery_worker, make_user):
    from core.models import JobState
    from organizations.models import Organization, Service
    from tests.data import PERSON_NAMES, RPSS_SAMPLE

    admin = make_user("spravce", is_superuser=True)

    job = _wait_for(_import_on_the_worker(admin, RPSS_SAMPLE), lambda job: job.finished, celery_worker)

    assert job.state == JobState.DONE, job.error
    assert job.result["services"]["created"] == 9 and job.result["organizations"]["created"] == 5
    spirala = Organization.objects.get(ico="26543109")
    assert spirala.district.name == "Pelhřimov"
    assert set(Service.objects.get(registry_id="5000102").served_districts.values_list("name", flat=True)) == {
        "Jihlava"
    }
    stored = " ".join(str(value) for row in Organization.objects.values() for value in row.values())
    assert not [name for name in PERSON_NAMES if name in stored]

    again = _wait_for(_import_on_the_worker(admin, RPSS_SAMPLE), lambda job: job.finished, celery_worker)

    assert again.result["services"] == {"created": 0, "updated": 0, "unchanged": 9, "ended": 0, "rejected": 3}
    assert again.result["organizations"]["unchanged"] == 5 and again.result["organizations"]["created"] == 0


def test_an_import_whose_worker_is_killed_completes_when_delivered_again(celery_worker, make_user, tmp_path):
    """SIGKILL in the middle: the task was never acknowledged, so Redis hands it to the restarted worker, which runs
    the import again from the start; what the dead worker committed is found unchanged, nothing is duplicated."""
    from core.models import JobState
    from demo.rpss_file import write
    from organizations.models import Organization, Service
    from territory.models import Municipality

    admin = make_user("spravce", is_superuser=True)
    path = tmp_path / "registry.json"
    obce = list(
        Municipality.objects.filter(district__region__code__in=["3107", "3077"]).values_list("code", flat=True)[:40]
    )
    write(path, 6000, obce=obce)

    job = _import_on_the_worker(admin, path)
    _wait_for(job, lambda job: job.done >= 1000, celery_worker)
    celery_worker.kill()
    job.refresh_from_db()
    assert job.state == JobState.RUNNING and job.done < 6000
    saved_before = Service.objects.count()
    assert 0 < saved_before < 6000  # killed in the middle: some batches were committed

    celery_worker.start()
    job = _wait_for(job, lambda job: job.finished, celery_worker, timeout=TIMEOUT + 60)

    assert job.state == JobState.DONE, job.error
    services = job.result["services"]
    assert (
        services["unchanged"] >= saved_before
        and services["created"] == 6000 - services["rejected"] - services["unchanged"]
    )
    assert Service.objects.count() == 6000 - services["rejected"]
    assert Service.objects.values("registry_id").distinct().count() == Service.objects.count()
    assert Organization.objects.values("ico").distinct().count() == Organization.objects.count()
    # one history record per row: what the dead worker wrote was found unchanged, not written again
    assert Service.history.count() == Service.objects.count()
    assert Organization.history.count() == Organization.objects.count()


# -------------------------------------------------------------------------------------------------- bulk import --


def _bulk_job_on_the_worker(user, kind, batch, worker):
    from core.jobs import job_start
    from imports.tasks import bulk_check_batch_task, bulk_import_batch_task

    task = {"bulk_check": bulk_check_batch_task, "bulk_import": bulk_import_batch_task}[kind]
    with transaction.atomic():
        job = job_start(user=user, kind=kind, title=kind, task=task, params={"batch": batch.pk})
    return _wait_for(job, lambda job: job.finished, worker)


def test_a_bulk_workbook_with_three_bad_rows_is_checked_refused_then_imported_on_the_worker(
    celery_worker, make_role_user, pelhrimov
):
    from django.utils import translation

    from imports.batches import import_batch_create
    from imports.bulk import BulkReport
    from organizations.models import ImportBatch, Organization
    from tests.imports.files import fifty_organisations, xlsx

    sitar = make_role_user("import.sitar", "sitar", district=pelhrimov)
    with translation.override("en"):  # the job speaks the language it was started in
        broken = import_batch_create(
            actor=sitar, entity="organization", filename="chyby.xlsx", content=xlsx(fifty_organisations(broken=True))
        )
        check = _bulk_job_on_the_worker(sitar, "bulk_check", broken, celery_worker)

    assert check.state == "done", check.error
    broken.refresh_from_db()
    report = BulkReport.from_dict(broken.report)
    assert {row.row: [column for column, _ in row.errors] for row in report.invalid_rows} == {
        11: ["IČO"],
        21: ["Municipality"],
        31: ["Name"],
    }
    assert report.counts == {"created": 47, "updated": 0, "unchanged": 0, "invalid": 3}
    assert not Organization.objects.filter(name__startswith="Organizace ").exists()

    # Confirmed as if it had been clean at its check (the records changed since): the real run saves nothing.
    ImportBatch.objects.filter(pk=broken.pk).update(report={**broken.report, "ok": True, "rows": []})
    _bulk_job_on_the_worker(sitar, "bulk_import", broken, celery_worker)
    broken.refresh_from_db()
    assert broken.status == "rejected" and broken.report["counts"]["invalid"] == 3
    assert not Organization.objects.filter(name__startswith="Organizace ").exists()

    fixed = import_batch_create(
        actor=sitar, entity="organization", filename="opraveno.xlsx", content=xlsx(fifty_organisations(broken=False))
    )
    assert _bulk_job_on_the_worker(sitar, "bulk_check", fixed, celery_worker).state == "done"
    imported = _bulk_job_on_the_worker(sitar, "bulk_import", fixed, celery_worker)

    assert imported.result["counts"]["created"] == 50 and imported.result["ok"] is True
    assert Organization.objects.filter(name__startswith="Organizace ").count() == 50
