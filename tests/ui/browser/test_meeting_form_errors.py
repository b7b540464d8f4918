"""Issue 16, item 3: a meeting form sent back with an error opens on a summary of the errors, on screen without
scrolling and focused (read out as an alert), whose link takes the user to the field; the need's category is marked
required; a title left empty is proposed from the kind and the organisations."""

import re

import pytest

from meetings.models import Meeting
from tests.ui.browser.conftest import TABLET_VIEWPORTS

pytestmark = pytest.mark.django_db


def in_viewport(page, selector: str) -> bool:
    return page.locator(selector).evaluate(
        "el => { const r = el.getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0; }"
    )


def focused_id(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


@pytest.mark.parametrize("viewport", TABLET_VIEWPORTS)
def test_a_need_without_a_category_opens_the_form_on_a_focused_summary_that_leads_to_the_field(
    page, live_url, login, browser_user, pelhrimov, organization, viewport, shot
):
    page.set_viewport_size(viewport)
    login(browser_user("sitar.pelhrimov", "sitar", district=pelhrimov))
    page.goto(f"{live_url}/meetings/new/?organization={organization.pk}")
    assert page.locator("label[for=id_kind]").get_attribute("class") == "required"
    category = page.locator("select[name=needs-0-category]")
    assert category.get_attribute("required") is not None
    assert page.locator("label[for=id_needs-0-category]").get_attribute("class") == "required"
    page.fill("input[name=needs-0-title]", "Chybí terapeut pro dospívající")

    page.click("#meeting-form button[type=submit]")
    page.wait_for_load_state()

    assert page.url.endswith(f"/meetings/new/?organization={organization.pk}") and Meeting.objects.count() == 0
    summary = page.locator("#error-summary")
    assert summary.get_attribute("role") == "alert"
    assert page.evaluate("window.scrollY") == 0
    assert in_viewport(page, "#error-summary")
    assert focused_id(page) == "error-summary"
    assert summary.locator("a").count() == 1
    shot("meeting-form-errors")

    summary.locator("a[href='#id_needs-0-category']").tap()
    assert focused_id(page) == "id_needs-0-category"
    assert in_viewport(page, "#id_needs-0-category")
    shot("meeting-form-error-field")

    category.select_option("missing_service")
    page.click("#meeting-form button[type=submit]")
    page.wait_for_url(re.compile(r"/meetings/\d+/$"))
    meeting = Meeting.objects.get()
    assert (meeting.kind, meeting.title, meeting.district_id) == (
        "visit",
        f"Návštěva: {organization.name}",
        pelhrimov.pk,
    )
    assert list(meeting.needs.values_list("category", flat=True)) == ["missing_service"]
