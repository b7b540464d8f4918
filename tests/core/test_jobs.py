"""Background jobs a user follows on a page (core/jobs.py): the registry import page, report files on the worker,
the progress page and its download. The worker itself is exercised in test_celery_worker.py; here a job's task runs
at once when the job starts (tests/conftest.py jobs_at_once)."""

import json

import pytest
from django.urls import reverse

from core.jobs import JobError, JobOutput, job_run
from core.models import Job, JobState
from organizations.models import Organization, Service
from tests.data import RPSS_SAMPLE


@pytest.fixture
def admin(make_user):
    return make_user("spravce", is_superuser=True, is_staff=True)


def job_of(user, **fields) -> Job:
    return Job.objects.create(user=user, kind=fields.pop("kind", "report"), title="Práce", **fields)


# ------------------------------------------------------------------------------------------------ the job page --


def test_a_running_job_shows_a_progress_bar_that_polls(as_user, admin):
    job = job_of(admin, state=JobState.RUNNING, done=250, total=1000)

    page = as_user(admin).get(reverse("job", args=[job.pk]))

    html = page.content.decode()
    assert page.status_code == 200
    assert '<progress class="job-bar" max="100" value="25">' in html
    assert f'hx-get="{reverse("job", args=[job.pk])}"' in html and 'hx-trigger="every 1s"' in html
    assert "250 z přibližně 1000" in html


def test_htmx_gets_only_the_progress_part_and_a_finished_job_stops_polling(as_user, admin):
    job = job_of(
        admin,
        state=JobState.DONE,
        done=2,
        total=2,
        output=b"%PDF-1.4",
        output_name="zprava.pdf",
        output_type="application/pdf",
        params={"district": "6107"},
    )

    part = as_user(admin).get(reverse("job", args=[job.pk]), HTTP_HX_REQUEST="true")

    html = part.content.decode()
    assert html.lstrip().startswith("<section") and "<html" not in html
    assert "hx-trigger" not in html
    assert reverse("job-download", args=[job.pk]) in html


def test_a_failed_job_says_why(as_user, admin):
    job = job_of(admin, state=JobState.FAILED, error="Soubor není dokument registru.")

    html = as_user(admin).get(reverse("job", args=[job.pk])).content.decode()

    assert "Soubor není dokument registru." in html and "hx-trigger" not in html


def test_a_job_is_its_starters_alone(as_user, make_user, make_role_user, pelhrimov):
    owner = make_role_user("jana.sitar", "sitar", district=pelhrimov)
    other = make_role_user("petr.sitar", "sitar", district=pelhrimov)
    job = job_of(owner, state=JobState.DONE, output=b"x", output_name="a.pdf")

    assert as_user(other).get(reverse("job", args=[job.pk])).status_code == 404
    assert as_user(other).get(reverse("job-download", args=[job.pk])).status_code == 404
    assert as_user(owner).get(reverse("job-download", args=[job.pk])).content == b"x"


def test_a_file_is_offered_only_once_the_job_is_done(as_user, admin):
    job = job_of(admin, state=JobState.RUNNING, output=None)

    assert as_user(admin).get(reverse("job-download", args=[job.pk])).status_code == 404


def test_job_run_records_the_outcome_or_the_failure(admin):
    job = job_of(admin)

    def work(job, progress):
        progress(1, 3)
        assert Job.objects.get(pk=job.pk).state == JobState.RUNNING
        return JobOutput(result={"rows": 3}, content=b"abc", name="a.csv", content_type="text/csv")

    assert job_run(str(job.pk), work) == JobState.DONE
    job.refresh_from_db()
    assert (job.state, job.done, job.total, job.result, bytes(job.output)) == ("done", 1, 3, {"rows": 3}, b"abc")
    assert job.started_at <= job.finished_at

    failing = job_of(admin, params={"language": "cs"})
    assert job_run(str(failing.pk), lambda job, progress: 1 / 0) == JobState.FAILED
    failing.refresh_from_db()
    assert failing.state == JobState.FAILED and "division" not in failing.error  # no internals for the user
    assert failing.error.startswith("Práce selhala kvůli chybě na serveru")

    def refused(job, progress):
        raise JobError("Soubor už není k dispozici.")

    explained = job_of(admin)
    assert job_run(str(explained.pk), refused) == JobState.FAILED
    explained.refresh_from_db()
    assert explained.error == "Soubor už není k dispozici."


def test_a_finished_job_delivered_again_is_not_run_again(admin):
    job = job_of(admin, state=JobState.DONE, result={"rows": 1})

    assert job_run(str(job.pk), lambda job, progress: 1 / 0) == JobState.DONE
    job.refresh_from_db()
    assert (job.state, job.result) == (JobState.DONE, {"rows": 1})


def test_a_job_waiting_long_says_the_worker_may_be_down(as_user, admin):
    import datetime

    from django.utils import timezone

    job = job_of(admin)
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=6))

    html = as_user(admin).get(reverse("job", args=[job.pk])).content.decode()

    assert "Práce se už několik minut nespustila" in html and "hx-trigger" in html


# ------------------------------------------------------------------------------------------- registry import --


def test_an_administrator_imports_the_registry_from_the_page(as_user, admin, settings, tmp_path, jobs_at_once):
    settings.SITAR_UPLOAD_DIR = tmp_path
    client = as_user(admin)
    with RPSS_SAMPLE.open("rb") as data:
        response = client.post(reverse("registry-import"), {"data": data})

    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("job", args=[job.pk])
    assert (job.kind, job.state, job.user) == ("rpss_import", JobState.DONE, admin)
    assert Service.objects.count() == 9 and Organization.objects.filter(ico="26543109").exists()
    assert list(tmp_path.iterdir()) == []  # the upload is gone once imported

    html = client.get(response["Location"]).content.decode()
    assert "Načteno položek registru: 12" in html
    assert "Poskytovatel nemá IČO." in html  # a rejected item with its reason, in Czech


def test_the_registry_page_is_for_administrators_only(as_user, make_role_user, vysocina):
    lead = make_role_user("vedouci", "vedouci", region=vysocina)

    assert as_user(lead).get(reverse("registry-import")).status_code == 404
    assert as_user(lead).post(reverse("registry-import"), {}).status_code == 404


def test_the_registry_page_refuses_what_is_not_a_registry_document(as_user, admin, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.SITAR_UPLOAD_DIR = tmp_path
    upload = SimpleUploadedFile("seznam.xlsx", b"PK\x03\x04 not json")

    response = as_user(admin).post(reverse("registry-import"), {"data": upload})

    assert response.status_code == 200
    assert response.context["form"].errors["data"] == ["Toto není dokument JSON z registru."]
    assert not Job.objects.exists() and list(tmp_path.iterdir()) == []


def test_the_organisation_admin_links_the_registry_import(as_user, admin):
    html = as_user(admin).get(reverse("admin:organizations_organization_changelist")).content.decode()

    assert reverse("registry-import") in html


def test_a_broken_registry_file_fails_the_job_with_the_reason(as_user, admin, settings, tmp_path, jobs_at_once):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.SITAR_UPLOAD_DIR = tmp_path
    upload = SimpleUploadedFile("rpss.json", json.dumps({"polozky": [{"identifikator": "1"}]})[:-3].encode())
    as_user(admin).post(reverse("registry-import"), {"data": upload})

    job = Job.objects.get()
    assert job.state == JobState.FAILED
    assert job.error.startswith("Soubor registru není platný dokument JSON:")
    assert "Položek před chybou bylo importováno: 0" not in job.error  # nothing was read


def test_a_second_registry_import_waits_for_the_first(as_user, admin, settings, tmp_path):
    settings.SITAR_UPLOAD_DIR = tmp_path
    Job.objects.create(user=admin, kind="rpss_import", title="Import", state=JobState.RUNNING)

    with RPSS_SAMPLE.open("rb") as data:
        response = as_user(admin).post(reverse("registry-import"), {"data": data})

    assert response.status_code == 200 and Job.objects.count() == 1
    assert "stále běží" in response.context["form"].errors["data"][0]


# ------------------------------------------------------------------------------------------------ report files --


def test_the_report_file_is_written_by_a_job_and_downloaded(
    as_user, make_role_user, vysocina, pelhrimov, make_organization, jobs_at_once
):
    lead = make_role_user("vedouci", "vedouci", region=vysocina)
    make_organization(name="Spirála", district=pelhrimov)
    client = as_user(lead)

    response = client.post(reverse("network-report-job", args=[pelhrimov.code, "pdf"]))

    job = Job.objects.get()
    # Written at once (no broker: the task ran in the request), so it downloads at once, without the job's page.
    assert response["Location"] == reverse("job-download", args=[job.pk])
    assert job.state == JobState.DONE and job.output_name.endswith(".pdf")
    download = client.get(reverse("job-download", args=[job.pk]))
    assert download["Content-Type"] == "application/pdf" and download.content.startswith(b"%PDF")
    assert "attachment" in download["Content-Disposition"]


def test_a_report_file_asked_for_again_is_the_one_just_written_until_the_recommendations_change(
    as_user, make_role_user, vysocina, pelhrimov, make_organization, jobs_at_once
):
    lead = make_role_user("vedouci", "vedouci", region=vysocina)
    make_organization(name="Spirála", district=pelhrimov)
    client = as_user(lead)
    first = client.post(reverse("network-report-job", args=[pelhrimov.code, "xlsx"]))
    again = client.post(reverse("network-report-job", args=[pelhrimov.code, "xlsx"]))
    job = Job.objects.get()
    assert first["Location"] == again["Location"] == reverse("job-download", args=[job.pk])

    client.post(f"/network/report/{pelhrimov.code}/", {"text": "Nové doporučení.", "based_on": "0"})
    third = client.post(reverse("network-report-job", args=[pelhrimov.code, "xlsx"]))
    newest = Job.objects.order_by("-created_at").first()
    assert Job.objects.count() == 2 and newest.pk != job.pk
    assert third["Location"] == reverse("job-download", args=[newest.pk])


def test_a_report_file_of_another_user_is_never_handed_out(
    as_user, make_role_user, vysocina, pelhrimov, make_organization, jobs_at_once
):
    lead = make_role_user("vedouci", "vedouci", region=vysocina)
    sitar = make_role_user("sitar.pelhrimov", "sitar", district=pelhrimov)
    as_user(lead).post(reverse("network-report-job", args=[pelhrimov.code, "pdf"]))
    response = as_user(sitar).post(reverse("network-report-job", args=[pelhrimov.code, "pdf"]))
    mine = Job.objects.get(user=sitar)
    assert response["Location"] == reverse("job-download", args=[mine.pk])


def test_a_report_job_outside_the_users_territory_is_404(as_user, make_role_user, liberec, pelhrimov):
    sitar = make_role_user("sitar.liberec", "sitar", district=liberec)

    response = as_user(sitar).post(reverse("network-report-job", args=[pelhrimov.code, "xlsx"]))

    assert response.status_code == 404 and not Job.objects.exists()


def test_a_report_job_of_an_unknown_format_is_404(as_user, make_role_user, vysocina, pelhrimov):
    lead = make_role_user("vedouci", "vedouci", region=vysocina)

    assert as_user(lead).post(reverse("network-report-job", args=[pelhrimov.code, "docx"])).status_code == 404
    assert as_user(lead).get(reverse("network-report-job", args=[pelhrimov.code, "pdf"])).status_code == 405


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the territory comes back after the flush
def test_progress_inside_the_works_transaction_is_seen_by_the_polling_page_at_once(make_user):
    """The bulk import runs in one transaction (all or nothing; a dry run is rolled back): its progress must reach
    the page while it runs, and stay when the work's transaction is rolled back."""
    from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction

    from core.jobs import _ProgressWriter

    if connection.vendor != "postgresql":
        pytest.skip("SQLite (the quick start) runs jobs inline: nobody polls while they run")
    job = job_of(make_user("spravce", is_superuser=True))
    page = connections.create_connection(DEFAULT_DB_ALIAS)  # the polling page's own connection
    progress = _ProgressWriter(job.pk)
    try:
        with transaction.atomic():
            progress(25, 50)
            with page.cursor() as cursor:
                cursor.execute('SELECT "done", "total" FROM network_job WHERE "id" = %s', [job.pk])
                assert cursor.fetchone() == (25, 50)
            transaction.set_rollback(True)
    finally:
        progress.close()
        page.close()
    job.refresh_from_db()
    assert (job.done, job.total) == (25, 50)
