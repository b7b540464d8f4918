"""Must show (issue 21): a partner survey round of four organisations of ORP Pelhřimov set up and opened by its síťař
on a tablet; two respondents answer from their links on a phone (one saves, comes back and submits), both rate each
other; one refuses; the owner sees the reciprocity of the answered pair and the survey's weights on the network map;
the kraj's advisor sees aggregates only (no pair, no answer, no respondent; suppressed below 3)."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from surveys.models import ParticipantStatus, SurveyRefusal, SurveyRound
from surveys.services import round_invite
from tests.ui.browser.conftest import LANDSCAPE, PASSWORD
from tests.ui.browser.layout import scrolls_sideways, too_small

pytestmark = pytest.mark.django_db

PHONE = {"width": 390, "height": 844}
TRUST = ("reliability", "mission_fit", "openness")
VALUE = ("resources", "expertise", "referrals")


@pytest.fixture
def network_of_four(make_organization, make_contact, make_link):
    """Four organisations of Pelhřimov, each with a contact with an e-mail, linked in a chain (so the map draws them)."""
    found = []
    for index, name in enumerate(("Spirála", "Fokus", "Klub Kamenice", "Poradna Pelhřimov")):
        organization = make_organization(name=name)
        contact = make_contact(organization, name=f"Respondent {index}", email=f"respondent{index}@example.cz")
        found.append((organization, contact))
    for (one, _c), (other, _d) in zip(found, found[1:], strict=False):
        make_link(one, other, kind="referral")
    return found


def sign_in(page, live_url, user):
    page.goto(f"{live_url}/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_url}/")


def choose(page, about, code, value):
    page.locator(f'input[name="q-{about.pk}-{code}"][value="{value}"]').check()


def rate(page, about, frequency, trust=None, value=None):
    choose(page, about, "frequency", frequency)
    for code in TRUST if frequency else ():
        choose(page, about, code, trust)
    for code in VALUE if frequency else ():
        choose(page, about, code, value)


def link_of(contact) -> str:
    body = next(message.body for message in mail.outbox if message.to == [contact.email])
    return re.search(r"(/survey/[^/\s]+/)", body).group(1)


def test_a_partner_survey_round_of_four(
    browser, page, live_url, browser_user, pelhrimov, vysocina, network_of_four, shot, screenshot_dir
):
    owner = browser_user("sitar.pelhrimov", "sitar", district=pelhrimov)
    advisor = browser_user("poradce.vysocina", "poradce", region=vysocina)
    (a, contact_a), (b, contact_b), (c, contact_c), (d, _contact_d) = network_of_four

    # The owner sets the round up on a tablet: the territory, then the organisations (preselected) and the deadline.
    page.set_viewport_size(LANDSCAPE)
    sign_in(page, live_url, owner)
    page.goto(f"{live_url}/network/")  # the surveys are reached from the network map
    page.get_by_role("link", name="Průzkumy spolupráce").click()
    page.get_by_role("link", name="Nové kolo").click()
    page.select_option("select[name=territory]", f"d-{pelhrimov.pk}")
    page.get_by_role("button", name="Pokračovat").click()
    for organization, _contact in network_of_four:
        expect(page.locator(f'input[name="org-{organization.pk}"]')).to_be_checked()
    assert not too_small(page) and not scrolls_sideways(page)
    page.fill("input[name=title]", "Průzkum spolupráce 2026")
    page.fill("input[name=deadline]", (timezone.localdate() + datetime.timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Uložit koncept").click()
    round_ = SurveyRound.objects.get()
    expect(page).to_have_url(f"{live_url}/surveys/{round_.pk}/")
    page.get_by_role("button", name="Otevřít a rozeslat").click()
    expect(page.locator("[data-status]").first).to_have_attribute("data-status", "open")
    # The task sends the links after the commit; the test's transaction never commits, so it runs it itself.
    assert round_invite(round_.pk) == 4

    phone = browser.new_context(viewport=PHONE, has_touch=True, locale="cs-CZ", service_workers="block")
    respondent = phone.new_page()

    # A answers about B, saves, comes back with the same link and submits.
    respondent.goto(live_url + link_of(contact_a))
    expect(respondent.locator("h1")).to_have_text("Průzkum spolupráce 2026")
    assert not scrolls_sideways(respondent)
    choose(respondent, b, "frequency", 3)
    expect(respondent.locator(f'[data-field="q-{b.pk}-reliability"]')).to_be_visible()
    choose(respondent, c, "frequency", 0)
    expect(respondent.locator(f'[data-field="q-{c.pk}-reliability"]')).to_be_hidden()
    respondent.get_by_role("button", name="Uložit a vrátit se později").click()
    expect(respondent.locator("#saved")).to_be_visible()
    respondent.screenshot(path=str(screenshot_dir / "survey-respondent-saved-390x844.png"), full_page=True)
    respondent.goto(live_url + link_of(contact_a))
    expect(respondent.locator(f'input[name="q-{b.pk}-frequency"][value="3"]')).to_be_checked()
    assert not too_small(respondent)
    rate(respondent, b, 3, trust=4, value=3)
    rate(respondent, c, 0)
    rate(respondent, d, 0)
    respondent.get_by_role("button", name="Odeslat").click()
    expect(respondent.locator("[data-state]")).to_have_attribute("data-state", "submitted")

    # B rates A back.
    respondent.goto(live_url + link_of(contact_b))
    rate(respondent, a, 4, trust=3, value=3)
    rate(respondent, c, 0)
    rate(respondent, d, 0)
    respondent.get_by_role("button", name="Odeslat").click()
    expect(respondent.locator("[data-state]")).to_have_attribute("data-state", "submitted")

    # C refuses, after confirming.
    respondent.goto(live_url + link_of(contact_c))
    respondent.get_by_role("button", name="Nechci se účastnit").click()
    respondent.get_by_role("button", name="Ano, nechci se účastnit").click()
    expect(respondent.locator("[data-state]")).to_have_attribute("data-state", "refused")
    phone.close()
    statuses = dict(round_.participants.values_list("organization_id", "status"))
    assert statuses == {
        a.pk: ParticipantStatus.SUBMITTED,
        b.pk: ParticipantStatus.SUBMITTED,
        c.pk: ParticipantStatus.REFUSED,
        d.pk: ParticipantStatus.INVITED,
    }
    assert SurveyRefusal.objects.filter(contact=contact_c).exists()

    # The owner sees the answered pair as reciprocal, and the survey's weights on the map.
    page.goto(f"{live_url}/surveys/{round_.pk}/")
    low, high = sorted((a.pk, b.pk))
    expect(page.locator(f'[data-pair="{low}-{high}"]')).to_have_attribute("data-reciprocal", "yes")
    expect(page.locator(f'#participants [data-organization="{c.pk}"]')).to_have_attribute("data-status", "refused")
    shot("survey-owner-results")
    page.goto(f"{live_url}/network/?district={pelhrimov.code}")
    graph = page.locator("#network-graph")
    expect(graph).to_have_attribute("data-stabilized", "true", timeout=15000)
    page.locator("#survey-layer").check()
    expect(graph).to_have_attribute("data-survey-edges", "2")
    expect(page.locator("#survey-legend")).to_contain_text("Průzkum spolupráce 2026")
    shot("survey-owner-map")

    # The kraj's advisor sees aggregates only: no pair, no respondent; two submitted are fewer than three.
    other = browser.new_context(viewport=LANDSCAPE, has_touch=True, locale="cs-CZ", service_workers="block")
    lead = other.new_page()
    sign_in(lead, live_url, advisor)
    lead.goto(f"{live_url}/surveys/{round_.pk}/")
    expect(lead.locator("#response-rate")).to_contain_text("2 z 4")
    expect(lead.locator("#pairs")).to_have_count(0)
    expect(lead.locator("#participants")).to_have_count(0)
    content = lead.content()
    for _organization, contact in network_of_four:
        assert contact.name not in content
    expect(lead.locator("#network-numbers")).to_contain_text("méně než 3 odpovědi")
    expect(lead.locator("#scores [data-suppressed]")).to_have_count(4)
    lead.goto(f"{live_url}/network/?district={pelhrimov.code}")
    expect(lead.locator("#network-graph")).to_have_attribute("data-stabilized", "true", timeout=15000)
    lead.locator("#survey-layer").check()
    expect(lead.locator("#network-graph")).to_have_attribute("data-survey-nodes", "0")
    expect(lead.locator("#network-graph")).not_to_have_attribute("data-survey-edges", re.compile("[1-9]"))
    other.close()
