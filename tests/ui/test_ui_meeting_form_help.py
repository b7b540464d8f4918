"""The meeting form helps (issue 16, item 3): a form sent back with errors opens on a summary that links every error
(of the meeting, its participants and its follow-up and need rows) to its field; required fields are marked; a new
meeting starts as a visit, in the ORP of its organisations, named after them when no title is typed, and its
follow-ups go to whoever logs it."""

import re

import pytest
from django.urls import reverse

from meetings.forms import ROWS_TO_CORRECT, error_summary
from meetings.models import FollowUp, Meeting
from tests.ui.test_ui_meetings import meeting_post

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("compiled_catalogue")]


def selected(html: str, name: str) -> str | None:
    """The value of the option selected in the select of this name."""
    select = re.search(rf'<select name="{re.escape(name)}".*?</select>', html, re.S).group(0)
    chosen = re.search(r'<option value="([^"]*)"[^>]*selected', select)
    return chosen.group(1) if chosen else None


def test_a_new_meeting_starts_as_a_visit_today_in_the_users_district(signed_in, pelhrimov):
    html = signed_in.get(reverse("meeting-create")).content.decode()

    assert selected(html, "kind") == "visit"
    assert selected(html, "district") == str(pelhrimov.pk)


def test_a_meeting_opened_from_an_organisation_elsewhere_starts_in_its_orp_where_the_user_may_log_it(
    client, poradce, make_organization, jihlava_town, jihlava
):
    elsewhere = make_organization(name="Spirála Jihlava", municipality=jihlava_town)
    client.force_login(poradce)

    html = client.get(reverse("meeting-create"), {"organization": elsewhere.pk}).content.decode()

    assert selected(html, "district") == str(jihlava.pk)


def test_an_orp_the_user_may_not_log_in_is_not_proposed(signed_in, pelhrimov, make_organization, jihlava_town):
    elsewhere = make_organization(name="Spirála Jihlava", municipality=jihlava_town)

    html = signed_in.get(reverse("meeting-create"), {"organization": elsewhere.pk}).content.decode()

    assert selected(html, "district") == str(pelhrimov.pk)


def test_a_meeting_without_a_title_is_named_after_its_kind_and_organisations_in_the_order_picked(
    signed_in, pelhrimov, organization, partner
):
    data = meeting_post(pelhrimov, organizations=[partner, organization], kind="visit", title="")

    response = signed_in.post(reverse("meeting-create"), data)

    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert meeting.title == "Návštěva: ZŠ Komenského Pelhřimov, Spirála Pelhřimov"


def test_a_meeting_without_a_title_or_organisations_is_named_after_its_kind(signed_in, pelhrimov):
    signed_in.post(reverse("meeting-create"), meeting_post(pelhrimov, kind="round_table", title=""))

    assert Meeting.objects.get().title == "Kulatý stůl"


def test_a_typed_title_is_kept(signed_in, pelhrimov, organization):
    signed_in.post(reverse("meeting-create"), meeting_post(pelhrimov, organizations=[organization], title="Můj"))

    assert Meeting.objects.get().title == "Můj"


def test_a_follow_up_row_is_assigned_to_whoever_logs_the_meeting_unless_they_choose_otherwise(
    signed_in, sitar, pelhrimov
):
    html = signed_in.get(reverse("meeting-create")).content.decode()
    template = re.search(r'<template id="followups-template">.*?</template>', html, re.S).group(0)
    assert selected(template, "followups-__prefix__-assignee") == str(sitar.pk)

    followups = [
        {"description": "Poslat zápis", "assignee": sitar.pk},
        {"description": "Zjistit kapacity", "assignee": ""},
    ]
    signed_in.post(reverse("meeting-create"), meeting_post(pelhrimov, followups=followups))

    assigned = dict(FollowUp.objects.values_list("description", "assignee_id"))
    assert assigned == {"Poslat zápis": sitar.pk, "Zjistit kapacity": None}


def test_required_fields_are_marked_also_in_the_rows(signed_in):
    html = signed_in.get(reverse("meeting-create")).content.decode()

    for name in ("kind", "held_on", "district", "needs-__prefix__-title", "needs-__prefix__-category"):
        widget = re.search(rf'<(input|select)[^>]*name="{re.escape(name)}"[^>]*>', html).group(0)
        assert " required" in widget, name
        field_id = re.search(r'id="([^"]+)"', widget).group(1)
        assert re.search(
            rf'<label[^>]*for="{field_id}"[^>]*class="required"|<label[^>]*class="required"[^>]*for="{field_id}"', html
        ), name
    title = re.search(r'<input[^>]*name="title"[^>]*>', html).group(0)
    assert " required" not in title  # proposed when left empty


def test_the_summary_links_each_error_to_its_field_in_the_meeting_and_in_the_rows(signed_in, pelhrimov, organization):
    data = meeting_post(
        pelhrimov,
        organizations=[organization],
        held_on="",
        followups=[{"description": "", "due_on": "2026-02-31"}],
        needs=[{"title": "Odstraněná", "DELETE": "on"}, {"title": "Bez kategorie", "priority": "high"}],
    )

    response = signed_in.post(reverse("meeting-create"), data)

    assert response.status_code == 200 and Meeting.objects.count() == 0
    summary = response.context["error_summary"]
    assert [item["anchor"] for item in summary["items"]] == [
        "id_held_on",
        "id_followups-0-description",
        "id_followups-0-due_on",
        "id_needs-1-category",
    ]
    category = response.context["formsets"]["needs"].forms[1]["category"].label
    assert summary["items"][-1]["text"] == f"Potřeba 1 – {category}: Toto pole je vyžadováno."
    assert summary["title"] == "Opravte prosím 4 chyby"
    html = response.content.decode()
    assert 'id="error-summary" role="alert" tabindex="-1"' in html
    assert html.index('id="error-summary"') < html.index('id="meeting-fields"')
    for item in summary["items"]:
        assert f'href="#{item["anchor"]}"' in html and f'id="{item["anchor"]}"' in html


def test_the_summary_takes_participant_errors_to_the_search_and_skips_the_rows_hint_when_rows_are_listed(
    signed_in, pelhrimov, make_contact, partner
):
    stranger = make_contact(partner, name="Petra Nováková")
    response = signed_in.post(reverse("meeting-create"), meeting_post(pelhrimov, contacts=[stranger]))

    items = response.context["error_summary"]["items"]
    assert [item["anchor"] for item in items] == ["participant-q"]
    assert 'id="participant-q"' in response.content.decode()

    form = response.context["form"]
    form.add_error(None, str(ROWS_TO_CORRECT))
    formsets = response.context["formsets"]
    assert [item["anchor"] for item in error_summary(form, formsets)["items"]] == ["meeting-fields", "participant-q"]


def test_a_form_without_errors_has_no_summary(signed_in):
    response = signed_in.get(reverse("meeting-create"))

    assert response.context["error_summary"] == {}
    assert 'id="error-summary"' not in response.content.decode()
