"""Issue 20: the other field work without signal, a change the server refuses, and the copy's end.

- Offline, sitar.pelhrimov marks a follow-up done, adds a need heard at a meeting and verifies an organisation on that
  visit; back online all three are on the server, each once.
- A meeting naming an organisation that was closed meanwhile is refused for that field: the change stays in the list
  with the server's message, is corrected on the tablet and then sent.
- The session ends while the tablet is offline: back online the copy of the territory is wiped and what was typed
  waits; signed in again, it is sent.
- A copy older than the setting allows (SITAR_OFFLINE_MAX_DAYS) is wiped when the app opens.
"""

import re

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone
from playwright.sync_api import expect

from meetings.models import Meeting, Need
from meetings.services import followup_create
from organizations.models import Organization
from organizations.services import organization_update
from tests.ui.browser.offline import eventually, open_with_copy, waiting

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser_context_args(browser_context_args):
    """With the service worker (the browser tests' conftest blocks it elsewhere)."""
    return {**browser_context_args, "service_workers": "allow"}


# The page's copy (offline/src/store.js), opened as it is: its name is "sitar-offline-<user id>".
OPEN_COPY = """
  const name = (await indexedDB.databases()).map((db) => db.name).find((n) => n.startsWith("sitar-offline-"));
  if (!name) return null;
  const db = await new Promise((ok, ko) => { const r = indexedDB.open(name); r.onsuccess = () => ok(r.result); r.onerror = ko; });
"""
TABLES = (
    "async () => {"
    + OPEN_COPY
    + """
  const count = (table) => new Promise((ok) => { const r = db.transaction(table).objectStore(table).count(); r.onsuccess = () => ok(r.result); });
  const result = {organizations: await count("organizations"), outbox: await count("outbox")};
  db.close();
  return result;
}"""
)


@pytest.fixture
def visit(make_meeting, make_organization, pelhrimov):
    spirala = make_organization(name="Spirála Pelhřimov")
    school = make_organization(name="ZŠ Komenského Pelhřimov", kind="school")
    return spirala, school


def test_a_follow_up_done_a_need_and_a_verification_made_offline_reach_the_server_once(
    page, context, live_url, login, browser_user, pelhrimov, visit, make_meeting
):
    spirala, _school = visit
    user = browser_user("sitar.pelhrimov", "sitar", district=pelhrimov)
    meeting = make_meeting(title="Návštěva Spirály", held_on=timezone.localdate(), actor=user)
    meeting.organizations.add(spirala)
    task = followup_create(actor=user, meeting=meeting, description="Poslat leták", assignee=user)
    login(user)
    open_with_copy(page, live_url)

    context.set_offline(True)
    page.goto(f"{live_url}/meetings/followups/")
    page.locator(f"#offline-app [data-followup='{task.pk}'] button").click()
    page.wait_for_url(f"{live_url}/meetings/followups/")
    expect(page.locator(f"#offline-app [data-followup='{task.pk}'] .badge")).to_be_visible()

    page.goto(f"{live_url}/meetings/needs/new/")
    page.fill("#offline-app input[name=title]", "Chybí terénní služba")
    page.select_option("#offline-app select[name=category]", "missing_service")
    page.select_option("#offline-app select[name=raised_in]", str(meeting.pk))
    page.locator("#offline-app button[type=submit]").click()
    page.wait_for_url(f"{live_url}/meetings/needs/")

    page.goto(f"{live_url}/organizations/{spirala.pk}/")
    page.select_option("#offline-app select[name=meeting]", str(meeting.pk))
    page.locator("#offline-app form.actions button[type=submit]").click()
    expect(waiting(page)).to_have_attribute("data-waiting", "3")

    context.set_offline(False)
    eventually(page, lambda: Organization.objects.filter(pk=spirala.pk, verified_in=meeting).exists())
    expect(page.locator("#offline-bar")).to_be_hidden(timeout=20_000)
    task.refresh_from_db()
    spirala.refresh_from_db()
    assert task.done_at is not None
    assert list(Need.objects.filter(title="Chybí terénní služba").values_list("raised_in", flat=True)) == [meeting.pk]
    assert (spirala.verified_in_id, spirala.verified_by_id) == (meeting.pk, user.pk)


def test_a_change_refused_for_a_field_is_kept_with_the_message_corrected_and_sent(
    page, context, live_url, login, browser_user, pelhrimov, visit, actor
):
    spirala, school = visit
    user = browser_user("sitar.pelhrimov", "sitar", district=pelhrimov)
    login(user)
    open_with_copy(page, live_url)

    context.set_offline(True)
    page.goto(f"{live_url}/meetings/new/?organization={spirala.pk}")
    page.fill("#offline-app input[name=title]", "Setkání se zavřenou organizací")
    page.locator("#offline-app button[type=submit]").click()
    page.wait_for_url(f"{live_url}/")
    # Meanwhile the organisation closed.
    organization_update(actor=actor, organization=spirala, data={"status": "closed"})

    context.set_offline(False)
    page.goto(f"{live_url}/offline/")
    refused = page.locator("#offline-app li[data-state=refused]")
    expect(refused).to_have_count(1, timeout=20_000)
    expect(refused.locator(".errorlist")).not_to_be_empty()
    assert Meeting.objects.filter(title="Setkání se zavřenou organizací").count() == 0

    refused.locator("a", has_text="Opravit").click()
    page.wait_for_url(re.compile(r"/offline/\?edit="))
    expect(page.locator("#offline-app .picker .errorlist")).to_be_visible()
    page.locator(f"#offline-app [data-remove='{spirala.pk}']").click()
    page.fill("#offline-app .picker input[type=search]", "komenskeho")
    page.locator(f"#offline-app [data-add='{school.pk}']").click()
    page.locator("#offline-app button[type=submit]").click()
    eventually(page, lambda: Meeting.objects.filter(title="Setkání se zavřenou organizací").exists())
    page.wait_for_url(f"{live_url}/")
    expect(page.locator("#offline-bar")).to_be_hidden(timeout=20_000)

    meeting = Meeting.objects.get(title="Setkání se zavřenou organizací")
    assert list(meeting.organizations.values_list("pk", flat=True)) == [school.pk]
    assert Organization.objects.get(pk=spirala.pk).status == "closed"


def test_the_session_ending_wipes_the_copy_and_keeps_what_was_typed(
    page, context, live_url, login, browser_user, pelhrimov, visit
):
    user = browser_user("sitar.pelhrimov", "sitar", district=pelhrimov)
    login(user)
    open_with_copy(page, live_url)
    assert page.evaluate(TABLES)["organizations"] == 2

    context.set_offline(True)
    page.goto(f"{live_url}/meetings/needs/new/")
    page.fill("#offline-app input[name=title]", "Potřeba po konci relace")
    page.select_option("#offline-app select[name=category]", "capacity")
    page.locator("#offline-app button[type=submit]").click()
    page.wait_for_url(f"{live_url}/meetings/needs/")
    Session.objects.all().delete()

    context.set_offline(False)
    page.wait_for_function("() => document.querySelector('#offline-bar .offline-bar-text span') !== null")
    assert page.evaluate(TABLES) == {"organizations": 0, "outbox": 1}
    assert Need.objects.filter(title="Potřeba po konci relace").count() == 0

    login(user)
    eventually(page, lambda: Need.objects.filter(title="Potřeba po konci relace").exists())
    expect(page.locator("#offline-bar")).to_be_hidden(timeout=20_000)
    assert Need.objects.filter(title="Potřeba po konci relace").count() == 1


def test_a_copy_older_than_the_setting_allows_is_wiped(page, context, live_url, login, browser_user, pelhrimov, visit):
    login(browser_user("sitar.pelhrimov", "sitar", district=pelhrimov))
    open_with_copy(page, live_url)
    context.set_offline(True)
    # The copy was last refreshed 15 days ago (the setting's default allows 14).
    page.evaluate(
        "async () => {"
        + OPEN_COPY
        + """
             const old = new Date(Date.now() - 15 * 86400000).toISOString();
             await new Promise((ok) => { const tx = db.transaction("meta", "readwrite");
               tx.objectStore("meta").put({key: "lastPull", value: old}); tx.oncomplete = ok; });
             db.close();
           }"""
    )
    page.goto(f"{live_url}/organizations/")
    expect(page.locator("#offline-app")).to_contain_text("Organizací: 0")
    assert page.evaluate(TABLES)["organizations"] == 0
