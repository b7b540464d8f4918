"""A platform in a real browser on a tablet: its members on its page, a meeting planned from it with an e-mail
invitation (an .ics attached) to the members whose legal basis allows it, and its attendance ticked from the members
so that they become the meeting's participants."""

import datetime

import pytest
from django.core import mail
from playwright.sync_api import expect

from meetings.services import group_create
from tests.ui.browser.conftest import TABLET_VIEWPORTS
from tests.ui.browser.layout import scrolls_sideways, too_small

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("viewport", TABLET_VIEWPORTS)
def test_a_platform_plans_its_meeting_invites_its_members_and_ticks_who_came(
    page, live_url, login, browser_user, pelhrimov, organization, partner, make_contact, viewport, shot, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    user = browser_user("sitar.pelhrimov", "sitar", district=pelhrimov)
    jana = make_contact(organization, name="Jana Nováková", email="jana@spirala.example")
    make_contact(partner, name="Petr Dvořák")  # no address: no e-mail
    group = group_create(
        actor=user,
        name="Platforma pro rodinu Pelhřimov",
        kind="platform",
        district=pelhrimov,
        organizations=[organization, partner],
        contacts=[jana],
    )
    page.set_viewport_size(viewport)
    login(user)
    page.goto(f"{live_url}/meetings/groups/")
    page.locator("a.row-link", has_text="Platforma pro rodinu Pelhřimov").click()
    expect(page.locator("#members")).to_contain_text("Jana Nováková")
    expect(page.locator("#members")).to_contain_text("1 člen dostává pozvánky e-mailem.")
    assert too_small(page) == []
    assert not scrolls_sideways(page)
    shot("group-detail")

    page.locator("a", has_text="Naplánovat schůzku skupiny").click()
    page.fill("input[name=title]", "Platforma – duben")
    page.fill("input[name=held_on]", (datetime.date.today() + datetime.timedelta(days=7)).isoformat())
    page.fill("input[name=location]", "MěÚ Pelhřimov")
    assert too_small(page) == []
    shot("group-plan")
    page.locator("button", has_text="Naplánovat schůzku").click()
    expect(page.locator("h1")).to_have_text("Platforma – duben")
    expect(page.locator("body")).to_contain_text("Odeslána 1 pozvánka.")
    assert [message.to for message in mail.outbox] == [["jana@spirala.example"]]
    assert mail.outbox[0].attachments[0][0] == "pozvanka.ics"
    expect(page.locator("#group")).to_contain_text("Platforma pro rodinu Pelhřimov")

    page.locator("a", has_text="Zaškrtnout účast").click()
    page.get_by_label("Jana Nováková").check()
    page.get_by_label("ZŠ Komenského Pelhřimov").check()
    assert too_small(page) == []
    assert not scrolls_sideways(page)
    shot("meeting-attendance")
    page.locator("button", has_text="Uložit účast").click()
    meeting = group.meetings.get()
    page.wait_for_url(f"{live_url}/meetings/{meeting.pk}/")
    assert set(meeting.organizations.values_list("pk", flat=True)) == {organization.pk, partner.pk}
    assert set(meeting.contacts.values_list("pk", flat=True)) == {jana.pk}
    shot("meeting-of-group")
