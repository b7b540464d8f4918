"""Item 11: a small XLSX with one row numbered 10 000 000 (or a zip bomb, or a row 16 384 cells wide) is refused after
a bounded amount of reading, with nothing saved; a bulk-import or registry job stops at its time limit and its page
says so in Czech."""

import datetime
import io
import re
import zipfile

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import Workbook

from core.jobs import job_start
from core.models import Job, JobState
from imports.batches import bulk_check_batch, import_batch_create
from imports.bulk import MAX_ROWS, bulk_import, reading
from imports.tasks import bulk_check_batch_task, bulk_import_batch_task, rpss_import_task
from organizations.models import ImportBatch, ImportBatchStatus, Organization

pytestmark = pytest.mark.django_db

HEADER = ["Název", "Druh", "Obec"]
ROWS_REFUSED = "Soubor má více než 5000 řádků (počítají se i prázdné); rozdělte ho na menší soubory."


def workbook_bytes(rows, *, sheet_xml=None) -> bytes:
    """An XLSX of the rows, its sheet's XML changed by ``sheet_xml(xml)`` as a hand-made file could have it."""
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    if sheet_xml is None:
        return buffer.getvalue()
    source, target = zipfile.ZipFile(buffer), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in source.infolist():
            content = source.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                content = sheet_xml(content.decode()).encode()
            archive.writestr(member.filename, content)
    return target.getvalue()


def far_row(xml: str, *, number: int = 10_000_000) -> str:
    """One more row, numbered `number`, after the sheet's rows; the declared dimension reaches it too."""
    row = f'<row r="{number}"><c r="A{number}" t="inlineStr"><is><t>Spolek daleko</t></is></c></row>'
    xml = re.sub(r'<dimension ref="[^"]*"\s*/>', f'<dimension ref="A1:Z{number}"/>', xml)
    return xml.replace("</sheetData>", row + "</sheetData>")


@pytest.fixture
def rows_read(monkeypatch):
    """How many rows the reading of an XLSX yields (the empty ones openpyxl fills gaps with included)."""
    numbers = []
    original = reading._xlsx_rows

    def counting(data):
        for number, row in original(data):
            numbers.append(number)
            yield number, row

    monkeypatch.setattr(reading, "_xlsx_rows", counting)
    return numbers


ROW_BOMB = workbook_bytes([HEADER, ["Spolek blízko", "ngo", "547492"]], sheet_xml=far_row)


def test_the_row_bomb_is_a_small_file():
    assert len(ROW_BOMB) < 10_000


def test_a_row_numbered_ten_million_is_refused_after_reading_at_most_max_rows(sitar, rows_read):
    with translation.override("cs"):
        report = bulk_import(actor=sitar, entity="organization", file=ROW_BOMB, dry_run=False)

    assert report.file_errors == [ROWS_REFUSED] and report.rows == []
    assert len(rows_read) <= MAX_ROWS + 2
    assert not Organization.objects.filter(name__startswith="Spolek").exists()


def test_the_check_job_of_the_row_bomb_ends_with_the_error_and_saves_nothing(sitar, rows_read):
    batch = import_batch_create(actor=sitar, entity="organization", filename="bomba.xlsx", content=ROW_BOMB)

    with translation.override("cs"):
        report = bulk_check_batch(batch.pk, sitar.pk)

    batch.refresh_from_db()
    assert report.file_errors == [ROWS_REFUSED] and not batch.can_import
    assert len(rows_read) <= MAX_ROWS + 2
    assert not Organization.objects.filter(name__startswith="Spolek").exists()


def test_a_declared_dimension_of_ten_million_rows_is_not_walked(sitar, rows_read):
    def claim(xml):
        return re.sub(r'<dimension ref="[^"]*"\s*/>', '<dimension ref="A1:Z10000000"/>', xml)

    content = workbook_bytes([HEADER, ["Spolek blízko", "ngo", "547492"]], sheet_xml=claim)

    report = bulk_import(actor=sitar, entity="organization", file=content, dry_run=True)

    assert report.ok and report.counts["created"] == 1
    assert rows_read == [1, 2]


def test_rows_up_to_the_limit_are_read_and_empty_rows_count(sitar, monkeypatch, rows_read):
    monkeypatch.setattr(reading, "MAX_ROWS", 3)
    within = workbook_bytes([HEADER, ["Spolek 1", "ngo", "547492"], [], ["Spolek 2", "ngo", "547492"]])
    past = workbook_bytes([HEADER, ["Spolek 1", "ngo", "547492"], [], [], ["Spolek 2", "ngo", "547492"]])

    assert bulk_import(actor=sitar, entity="organization", file=within, dry_run=True).counts["created"] == 2
    with translation.override("en"):
        refused = bulk_import(actor=sitar, entity="organization", file=past, dry_run=True)
    assert refused.file_errors == ["The file has more than 3 rows (empty rows count too); split it into smaller files."]


def test_a_zip_bomb_is_refused_before_openpyxl_reads_it(sitar, monkeypatch):
    def padded(xml):  # 60 MB of spaces inside the sheet compress to a few dozen kB
        return xml.replace("<sheetData>", "<sheetData>" + " " * (60 * 1024 * 1024), 1)

    content = workbook_bytes([HEADER, ["Spolek", "ngo", "547492"]], sheet_xml=padded)
    assert len(content) < reading.MAX_BYTES

    def never(*args, **kwargs):
        raise AssertionError("the workbook was opened")

    monkeypatch.setattr(reading, "load_workbook", never)
    with translation.override("cs"):
        report = bulk_import(actor=sitar, entity="organization", file=content, dry_run=False)

    assert report.file_errors == ["Sešit má po rozbalení více než 50 MB; rozdělte ho na menší soubory."]
    assert not Organization.objects.filter(name="Spolek").exists()


def test_a_value_in_column_16384_is_refused_and_empty_cells_there_are_dropped(sitar):
    def wide(value):
        def sheet_xml(xml):
            cell = f'<c r="XFD2" t="inlineStr"><is><t>{value}</t></is></c>' if value else '<c r="XFD2" s="0"/>'
            return xml.replace("</row></sheetData>", cell + "</row></sheetData>")

        return sheet_xml

    with translation.override("cs"):
        refused = bulk_import(
            actor=sitar,
            entity="organization",
            dry_run=True,
            file=workbook_bytes([HEADER, ["Spolek", "ngo", "547492"]], sheet_xml=wide("x")),
        )
    kept = bulk_import(
        actor=sitar,
        entity="organization",
        dry_run=True,
        file=workbook_bytes([HEADER, ["Spolek", "ngo", "547492"]], sheet_xml=wide("")),
    )

    assert refused.file_errors == ["Soubor má více než 200 sloupců; použijte sloupce ze šablony."]
    assert kept.ok and kept.counts["created"] == 1


# ------------------------------------------------------------------------------------------------ time limits --


def test_the_bulk_and_registry_tasks_carry_the_configured_time_limits():
    for task, limit in (
        (bulk_check_batch_task, settings.SITAR_BULK_TIME_LIMIT),
        (bulk_import_batch_task, settings.SITAR_BULK_TIME_LIMIT),
        (rpss_import_task, settings.SITAR_REGISTRY_TIME_LIMIT),
    ):
        assert task.soft_time_limit == limit
        assert limit < task.time_limit < settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]


@pytest.mark.usefixtures("jobs_at_once")
def test_an_import_stopped_at_its_time_limit_fails_with_the_message_and_saves_nothing(as_user, sitar, monkeypatch):
    rows = [HEADER] + [[f"Spolek {n}", "ngo", "547492"] for n in range(60)]
    batch = import_batch_create(actor=sitar, entity="organization", filename="velky.xlsx", content=workbook_bytes(rows))
    bulk_check_batch(batch.pk, sitar.pk)
    calls = []

    def progress(self, done, total=None):  # Celery raises this in the task when the soft limit passes
        calls.append(done)
        if done >= 50:
            raise SoftTimeLimitExceeded()

    monkeypatch.setattr("core.jobs._ProgressWriter.__call__", progress)
    with translation.override("cs"):
        job = job_start(
            user=sitar, kind="bulk_import", title="Import", task=bulk_import_batch_task, params={"batch": batch.pk}
        )

    job.refresh_from_db()
    batch.refresh_from_db()
    assert calls and job.state == JobState.FAILED
    assert job.error == (
        "Práce trvala déle, než dovoluje její limit 10 minut, a byla zastavena. Zkuste menší soubor, "
        "nebo požádejte správce o zvýšení limitu."
    )
    assert batch.status == ImportBatchStatus.CHECKED
    assert not Organization.objects.filter(name__startswith="Spolek").exists()
    page = as_user(sitar).get(reverse("job", args=[job.pk])).content.decode()
    assert job.error in page and "hx-trigger" not in page


def test_a_job_its_worker_ended_at_the_hard_limit_shows_as_failed(as_user, sitar):
    job = Job.objects.create(
        user=sitar,
        kind="bulk_check",
        title="Kontrola",
        state=JobState.RUNNING,
        params={"time_limit": 600, "language": "cs"},
        started_at=timezone.now() - datetime.timedelta(seconds=600 + 61),
    )
    fresh = Job.objects.create(
        user=sitar,
        kind="bulk_check",
        title="Kontrola",
        state=JobState.RUNNING,
        params={"time_limit": 600, "language": "cs"},
        started_at=timezone.now(),
    )

    page = as_user(sitar).get(reverse("job", args=[job.pk])).content.decode()
    running = as_user(sitar).get(reverse("job", args=[fresh.pk])).content.decode()

    assert "limit 10 minut" in page and "hx-trigger" not in page
    assert "limit 10 minut" not in running and "hx-trigger" in running


def test_a_job_started_for_a_limited_task_records_its_limit(sitar):
    batch = import_batch_create(actor=sitar, entity="organization", filename="a.xlsx", content=workbook_bytes([HEADER]))
    job = job_start(
        user=sitar, kind="bulk_check", title="Kontrola", task=bulk_check_batch_task, params={"batch": batch.pk}
    )
    assert job.params["time_limit"] == settings.SITAR_BULK_TIME_LIMIT
    assert ImportBatch.objects.filter(pk=batch.pk).exists()
