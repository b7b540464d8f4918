"""The bulk-import screens: who gets them, check then import, the batch is the uploader's alone and imported once."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from organizations.models import ImportBatch, Organization
from tests.imports.files import csv_file, fifty_organisations, xlsx

# The check and the import are jobs; here they run at once, inside the request (tests/conftest.py jobs_at_once).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("jobs_at_once")]

IMPORT_URL = "/organizations/import/"


@pytest.fixture
def english(as_user):
    """The test client signed in as the user, with the UI in English (messages as in the code)."""

    def sign_in(user):
        client = as_user(user)
        client.post(reverse("set_language"), {"language": "en", "next": "/"})
        return client

    return sign_in


def upload(client, content: bytes, *, name: str = "organizace.xlsx", entity: str = "organization"):
    return client.post(IMPORT_URL, {"entity": entity, "file": SimpleUploadedFile(name, content)})


def test_the_import_is_offered_only_to_those_who_may_add_organisations(client, as_user, sitar, make_role_user, ospod):
    assert reverse("organization-import") == IMPORT_URL
    caseworker = make_role_user("ospod.pelhrimov", "ospod", organization=ospod)

    assert client.get(IMPORT_URL).status_code == 302  # anonymous: to the login page
    page = as_user(sitar).get("/organizations/").content.decode()
    assert f'href="{IMPORT_URL}"' in page
    assert as_user(sitar).get(IMPORT_URL).status_code == 200

    page = as_user(caseworker).get("/organizations/").content.decode()
    assert f'href="{IMPORT_URL}"' not in page
    assert as_user(caseworker).get(IMPORT_URL).status_code == 404
    assert as_user(caseworker).get("/organizations/import/template/organization.xlsx").status_code == 404


def test_a_file_is_checked_then_imported_with_links_to_the_records(english, sitar):
    client = english(sitar)
    response = upload(client, xlsx(fifty_organisations(broken=False)))
    batch = ImportBatch.objects.get(uploaded_by=sitar)
    assert response.status_code == 302 and response["Location"].startswith("/jobs/")  # the check's progress page

    followed = client.get(response["Location"], follow=True)  # the job is done: on to the batch's report
    assert followed.redirect_chain == [(f"{IMPORT_URL}{batch.pk}/", 302)]
    page = followed.content.decode()
    confirm_url = f"{IMPORT_URL}{batch.pk}/confirm/"
    assert "Checked: nothing is saved yet" in page
    assert f'action="{confirm_url}"' in page
    assert not Organization.objects.filter(name__startswith="Organizace ").exists()

    followed = client.post(confirm_url, follow=True)
    page = followed.content.decode()

    assert [url for url, _ in followed.redirect_chain][-1] == f"{IMPORT_URL}{batch.pk}/"
    assert Organization.objects.filter(name__startswith="Organizace ").count() == 50
    assert '<h2 id="summary-title">Imported</h2>' in page
    first = Organization.objects.get(name="Organizace 1")
    assert f'href="/organizations/{first.pk}/"' in page
    assert f'action="{confirm_url}"' not in page


def test_a_file_with_bad_rows_shows_them_and_cannot_be_imported(english, sitar):
    client = english(sitar)
    upload(client, xlsx(fifty_organisations(broken=True)), name="chyby.xlsx")
    batch = ImportBatch.objects.get()
    page = client.get(f"{IMPORT_URL}{batch.pk}/").content.decode()

    for row in (11, 21, 31):
        assert f"Row {row}" in page
    assert "This IČO is not valid: its check digit does not match." in page
    assert "confirm/" not in page

    page = client.post(f"{IMPORT_URL}{batch.pk}/confirm/", follow=True).content.decode()
    assert "This file has bad rows" in page
    assert not Organization.objects.filter(name__startswith="Organizace ").exists()


def test_a_file_that_is_no_table_gets_a_clear_message(english, sitar):
    client = english(sitar)
    response = upload(client, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", name="foto.png")
    page = client.get(response["Location"], follow=True).content.decode()
    assert response.status_code == 302
    assert "The file is neither a CSV nor an XLSX table." in page
    assert "confirm/" not in page


def test_a_file_too_large_is_refused_on_the_form(english, sitar, monkeypatch):
    from imports import views

    monkeypatch.setattr(views, "MAX_BYTES", 10)
    response = upload(english(sitar), csv_file([["Název", "Druh"], ["Spolek", "ngo"]]), name="a.csv")
    assert response.status_code == 200
    assert "larger than" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_another_user_cannot_see_or_confirm_a_batch(as_user, sitar, make_role_user, pelhrimov, actor):
    colleague = make_role_user("sitar.kolega", "sitar", district=pelhrimov)
    upload(as_user(sitar), xlsx(fifty_organisations(broken=False)))
    batch = ImportBatch.objects.get()

    for user in (colleague, actor):  # a superuser too: a batch is its uploader's
        client = as_user(user)
        assert client.get(f"{IMPORT_URL}{batch.pk}/").status_code == 404
        assert client.post(f"{IMPORT_URL}{batch.pk}/confirm/").status_code == 404
    assert not Organization.objects.filter(name__startswith="Organizace ").exists()


def test_a_batch_confirmed_twice_is_imported_once(english, sitar):
    client = english(sitar)
    upload(client, xlsx(fifty_organisations(broken=False)))
    batch = ImportBatch.objects.get()
    client.post(f"{IMPORT_URL}{batch.pk}/confirm/")
    history = Organization.history.count()

    page = client.post(f"{IMPORT_URL}{batch.pk}/confirm/", follow=True).content.decode()

    assert "This file has been imported already." in page
    assert Organization.objects.filter(name__startswith="Organizace ").count() == 50
    assert Organization.history.count() == history


def test_the_confirm_step_takes_only_post(as_user, sitar):
    upload(as_user(sitar), xlsx(fifty_organisations(broken=False)))
    batch = ImportBatch.objects.get()
    assert as_user(sitar).get(f"{IMPORT_URL}{batch.pk}/confirm/").status_code == 405
    assert not Organization.objects.filter(name__startswith="Organizace ").exists()


@pytest.mark.parametrize("entity", ["organization", "service", "contact"])
def test_empty_templates_download_with_the_header_row(english, sitar, entity):
    client = english(sitar)
    workbook = client.get(f"/organizations/import/template/{entity}.xlsx")
    text = client.get(f"/organizations/import/template/{entity}.csv")

    assert workbook["Content-Type"].startswith("application/vnd.openxmlformats")
    headers = next(load_workbook(io.BytesIO(workbook.content)).active.iter_rows(values_only=True))
    assert headers[0] == "Síťař id" and "Name" in headers
    assert text.content.decode("utf-8").startswith('\ufeff"Síťař id";')
    assert client.get(f"/organizations/import/template/{entity}.pdf").status_code == 404


def test_the_page_lists_the_users_own_recent_files(as_user, sitar, make_role_user, pelhrimov):
    colleague = make_role_user("sitar.kolega", "sitar", district=pelhrimov)
    upload(as_user(colleague), csv_file([["Název", "Druh", "Obec"], ["A", "ngo", "547492"]]), name="kolegy.csv")
    upload(as_user(sitar), csv_file([["Název", "Druh", "Obec"], ["B", "ngo", "547492"]]), name="moje.csv")

    page = as_user(sitar).get(IMPORT_URL).content.decode()

    assert "moje.csv" in page and "kolegy.csv" not in page


def test_every_import_screen_goes_through_the_scoped_base():
    from django.urls import get_resolver

    from tests.scoping.test_url_scoping import classified

    routes = {
        route: kind for route, kind in classified(get_resolver()).items() if route.startswith("organizations/import/")
    }
    assert len(routes) == 4 and set(routes.values()) == {"scoped"}, routes
