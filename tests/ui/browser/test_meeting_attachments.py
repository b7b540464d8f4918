"""Documents of a meeting in a real browser on a tablet: the minutes attached from the meeting page, listed with their
size and who attached them, downloaded through the meeting, a program posing as a PDF refused in Czech by the file
field, and the minutes removed again."""

import pytest
from playwright.sync_api import expect

from tests.attachments import EXE, PDF
from tests.ui.browser.conftest import TABLET_VIEWPORTS
from tests.ui.browser.layout import scrolls_sideways, too_small

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("attachment_dir")]


@pytest.mark.parametrize("viewport", TABLET_VIEWPORTS)
def test_minutes_are_attached_downloaded_and_removed_on_the_meeting_page(
    page, live_url, login, browser_user, pelhrimov, make_meeting, viewport, shot
):
    meeting = make_meeting(title="Kulatý stůl Pelhřimov")
    page.set_viewport_size(viewport)
    login(browser_user("sitar.pelhrimov", "sitar", district=pelhrimov))
    page.goto(f"{live_url}/meetings/{meeting.pk}/")
    section = page.locator("#attachments")
    expect(section).to_contain_text("Žádné přiložené dokumenty.")

    section.locator("select[name=kind]").select_option("minutes")
    section.locator("input[name=file]").set_input_files(
        {"name": "zapis-kulaty-stul.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    section.locator("button", has_text="Přiložit dokument").click()
    page.wait_for_url(f"{live_url}/meetings/{meeting.pk}/#attachments")
    item = page.locator("#attachments li", has_text="zapis-kulaty-stul.pdf")
    expect(item).to_contain_text("zápis")
    expect(item).to_contain_text("sitar.pelhrimov")
    expect(item).to_contain_text(f"{len(PDF)}")
    assert too_small(page) == []
    assert not scrolls_sideways(page)
    shot("meeting-attachments")

    with page.expect_download() as download:
        item.locator("a.attachment-link").click()
    with open(download.value.path(), "rb") as received:
        assert received.read() == PDF
    assert download.value.suggested_filename == "zapis-kulaty-stul.pdf"

    # A program renamed to .pdf: refused by the file field, in Czech, and nothing attached.
    section = page.locator("#attachments")
    section.locator("input[name=file]").set_input_files(
        {"name": "zapis.pdf", "mimeType": "application/pdf", "buffer": EXE}
    )
    section.locator("button", has_text="Přiložit dokument").click()
    expect(page.locator(".errorlist")).to_contain_text("Přiložit lze jen soubory PDF, DOCX, ODT, JPEG a PNG")
    assert meeting.attachments.count() == 1
    assert too_small(page) == []
    shot("meeting-attachment-refused")

    page.goto(f"{live_url}/meetings/{meeting.pk}/")
    page.locator("#attachments li", has_text="zapis-kulaty-stul.pdf").locator("button", has_text="Odebrat").click()
    page.wait_for_url(f"{live_url}/meetings/{meeting.pk}/#attachments")
    expect(page.locator("#attachments")).to_contain_text("Žádné přiložené dokumenty.")
    assert not meeting.attachments.exists()
