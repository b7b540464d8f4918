"""Documents of a meeting in the API: listed with the meeting (read-only), their content downloaded through the
meeting, and another scope's meeting or another meeting's document a 404."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from meetings.services import attachment_add
from tests.attachments import PDF
from tests.helpers import api_client

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("attachment_dir")]


@pytest.fixture
def minutes(make_meeting, sitar):
    meeting = make_meeting(title="Kulatý stůl")
    return attachment_add(actor=sitar, meeting=meeting, upload=SimpleUploadedFile("zapis.pdf", PDF), kind="minutes")


def test_a_meeting_lists_its_documents(api, minutes):
    body = api.get(f"/api/v1/meetings/{minutes.meeting_id}/").json()
    assert [(row["id"], row["kind"], row["size"], row["uploaded_by"]) for row in body["attachments"]] == [
        (minutes.pk, "minutes", len(PDF), "sitar.pelhrimov")
    ]


def test_the_content_is_downloaded_through_the_meeting(api, minutes):
    response = api.get(f"/api/v1/meetings/{minutes.meeting_id}/attachments/{minutes.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"


def test_another_meeting_or_another_scope_is_404(api, make_meeting, minutes, sitar_liberec):
    other = make_meeting(title="Jiná")
    assert api.get(f"/api/v1/meetings/{other.pk}/attachments/{minutes.pk}/").status_code == 404
    far = api_client(sitar_liberec)
    assert far.get(f"/api/v1/meetings/{minutes.meeting_id}/attachments/{minutes.pk}/").status_code == 404


def test_the_documents_cannot_be_written_through_the_meeting(api, minutes):
    response = api.patch(f"/api/v1/meetings/{minutes.meeting_id}/", {"attachments": []}, format="json")
    assert response.status_code == 200
    assert len(response.json()["attachments"]) == 1
