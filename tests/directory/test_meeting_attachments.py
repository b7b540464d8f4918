"""Documents of a meeting: only PDF, DOCX, ODT, JPEG and PNG by their content, within the size limit, stored under a
random name, downloaded only through a meeting the user may see, and gone from the disk with their row or meeting."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.errors import OutOfScope
from meetings.models import Meeting, MeetingAttachment
from meetings.services import attachment_add, attachment_delete
from tests.attachments import EXE, PDF, PNG, docx

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("attachment_dir")]


def upload(content: bytes, name: str = "zapis.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.fixture
def meeting(make_meeting):
    return make_meeting(title="Kulatý stůl Pelhřimov")


def stored_files(directory) -> list:
    return [path for path in directory.rglob("*") if path.is_file()]


def test_a_pdf_is_stored_under_a_random_name_with_its_type_size_and_uploader(meeting, sitar, attachment_dir):
    attachment = attachment_add(actor=sitar, meeting=meeting, upload=upload(PDF, "Zápis Nováková.pdf"), kind="minutes")
    assert (attachment.content_type, attachment.size, attachment.uploaded_by_id) == (
        "application/pdf",
        len(PDF),
        sitar.pk,
    )
    assert attachment.filename == "Zápis Nováková.pdf"
    [path] = stored_files(attachment_dir)
    assert "Nov" not in path.name and path.read_bytes() == PDF
    assert attachment.history.get().history_user_id == sitar.pk


@pytest.mark.parametrize(
    ("content", "mime"),
    [(PNG, "image/png"), (docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document")],
)
def test_images_and_documents_are_known_by_their_content(meeting, sitar, content, mime):
    assert (
        attachment_add(actor=sitar, meeting=meeting, upload=upload(content, "x.bin"), kind="other").content_type == mime
    )


def test_a_program_named_pdf_is_refused_on_the_file_and_nothing_is_stored(meeting, sitar, attachment_dir):
    with pytest.raises(ValidationError) as caught:
        attachment_add(actor=sitar, meeting=meeting, upload=upload(EXE, "zapis.pdf"), kind="minutes")
    assert set(caught.value.message_dict) == {"file"}
    assert not MeetingAttachment.objects.exists()
    assert stored_files(attachment_dir) == []


def test_a_file_over_the_limit_is_refused_on_the_file(meeting, sitar, settings):
    settings.SITAR_ATTACHMENT_MAX_MB = 1
    with pytest.raises(ValidationError) as caught:
        attachment_add(actor=sitar, meeting=meeting, upload=upload(PDF + b"0" * 1024 * 1024), kind="minutes")
    assert caught.value.message_dict["file"] == ["Soubor je větší než 1 MB."]


def test_a_meeting_out_of_reach_takes_no_document(make_meeting, liberec, sitar):
    far = make_meeting(district=liberec)
    with pytest.raises(OutOfScope):
        attachment_add(actor=sitar, meeting=far, upload=upload(PDF), kind="minutes")


def test_removing_a_document_removes_its_file_once_committed(
    meeting, sitar, attachment_dir, django_capture_on_commit_callbacks
):
    attachment = attachment_add(actor=sitar, meeting=meeting, upload=upload(PDF), kind="minutes")
    with django_capture_on_commit_callbacks(execute=True):
        attachment_delete(actor=sitar, attachment=attachment)
    assert not MeetingAttachment.objects.exists()
    assert stored_files(attachment_dir) == []


def test_a_deleted_meeting_takes_its_documents_and_their_files(
    meeting, sitar, attachment_dir, django_capture_on_commit_callbacks
):
    attachment_add(actor=sitar, meeting=meeting, upload=upload(PDF), kind="minutes")
    attachment_add(actor=sitar, meeting=meeting, upload=upload(PNG, "prezence.png"), kind="attendance")
    with django_capture_on_commit_callbacks(execute=True):
        Meeting.objects.filter(pk=meeting.pk).delete()
    assert not MeetingAttachment.objects.exists()
    assert stored_files(attachment_dir) == []


def test_the_download_gives_the_file_to_who_sees_the_meeting(client, meeting, sitar):
    attachment = attachment_add(actor=sitar, meeting=meeting, upload=upload(PDF, "zapis.pdf"), kind="minutes")
    client.force_login(sitar)
    response = client.get(reverse("meeting-attachment", args=[meeting.pk, attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment;")


def test_the_download_is_404_out_of_scope_and_under_another_meeting(
    client, make_meeting, meeting, sitar, sitar_liberec
):
    attachment = attachment_add(actor=sitar, meeting=meeting, upload=upload(PDF), kind="minutes")
    other = make_meeting(title="Jiná")
    client.force_login(sitar)
    assert client.get(reverse("meeting-attachment", args=[other.pk, attachment.pk])).status_code == 404
    client.force_login(sitar_liberec)
    assert client.get(reverse("meeting-attachment", args=[meeting.pk, attachment.pk])).status_code == 404
    response = client.post(reverse("meeting-attachment-delete", args=[meeting.pk, attachment.pk]))
    assert response.status_code == 404
    assert MeetingAttachment.objects.filter(pk=attachment.pk).exists()


def test_the_upload_page_shows_a_refused_type_as_a_czech_error_by_the_file(client, meeting, sitar):
    client.force_login(sitar)
    response = client.post(
        reverse("meeting-attachment-add", args=[meeting.pk]), {"kind": "minutes", "file": upload(EXE, "zapis.pdf")}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "Přiložit lze jen soubory PDF, DOCX, ODT, JPEG a PNG (rozhoduje obsah, ne název)."
    ]
