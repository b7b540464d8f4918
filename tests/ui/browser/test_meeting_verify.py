"""Issue 16, item 9: after a meeting, its page links each participant to its card and verifies each participating
organisation in one tap ("Ověřit touto návštěvou"), showing "ověřeno" once done; the card's own verification offers
today's visit first; "Přidat vazbu" opens the link form on the meeting's two organisations."""

import re

import pytest
from django.utils import timezone

from organizations.models import Organization
from tests.ui.browser.conftest import TABLET_VIEWPORTS

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("viewport", TABLET_VIEWPORTS)
def test_each_participant_is_verified_from_the_meeting_page_in_one_tap(
    page, live_url, login, browser_user, pelhrimov, organization, partner, make_contact, make_meeting, viewport, shot
):
    page.set_viewport_size(viewport)
    user = browser_user("sitar.pelhrimov", "sitar", district=pelhrimov)
    contact = make_contact(partner, name="Jana Dvořáková")
    meeting = make_meeting(
        actor=user,
        kind="visit",
        held_on=timezone.localdate(),
        organizations=[organization, partner],
        contacts=[contact],
    )
    login(user)
    page.goto(f"{live_url}/meetings/{meeting.pk}/")

    participants = page.locator("#participants")
    assert participants.locator(f"a[href='/organizations/{organization.pk}/']").count() == 1
    assert participants.locator(f"a[href='/organizations/{partner.pk}/#contacts']").count() == 1
    assert participants.locator("form.verify-here").count() == 2
    shot("meeting-participants")

    row = participants.locator("li", has=page.locator(f"a[href='/organizations/{organization.pk}/']"))
    with page.expect_navigation():
        row.locator("form.verify-here button").tap()
    assert re.search(rf"/meetings/{meeting.pk}/$", page.url)
    assert row.locator(".verified-here").is_visible()
    assert participants.locator("form.verify-here").count() == 1
    verified = dict(Organization.objects.filter(pk__in=[organization.pk, partner.pk]).values_list("pk", "verified_in"))
    assert verified == {organization.pk: meeting.pk, partner.pk: None}
    shot("meeting-participant-verified")

    # The other one's card: its verification offers this visit, not "today, without a meeting".
    participants.locator(f"a[href='/organizations/{partner.pk}/']").tap()
    page.wait_for_url(re.compile(rf"/organizations/{partner.pk}/$"))
    assert page.locator(".verify-form select[name=meeting]").input_value() == str(meeting.pk)
    shot("card-verify-default")

    page.go_back()
    page.locator(f"main a[href='/links/new/?meeting={meeting.pk}']").tap()
    page.wait_for_url(re.compile(r"/links/new/"))
    assert page.locator("select[name=source]").input_value() == str(organization.pk)
    assert page.locator("select[name=target]").input_value() == str(partner.pk)
    shot("link-form-from-meeting")
