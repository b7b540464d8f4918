"""The meetings, needs and follow-ups lists (issue 16, items 5 and 6): their filters are pickers in the user's words,
the meetings and the needs open on the user's own ORP or kraj, Úkoly on the user's own open follow-ups due soonest
first, the rest one tap away; a date shows its year only when it is not this year."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from meetings.services import followup_complete, followup_create

pytestmark = pytest.mark.django_db

LISTS = ("meeting-list", "need-board", "followup-list")


@pytest.fixture
def czech(client):
    client.cookies["django_language"] = "cs"
    with translation.override("cs"):
        yield


def ids(response) -> list[int]:
    return [row.pk for row in response.context["object_list"]]


def board_ids(response) -> set[int]:
    return {card.need.pk for column in response.context["columns"] for card in column["needs"]}


# ------------------------------------------------------------------------------------------- pickers (item 5) --


@pytest.mark.parametrize("name", LISTS)
def test_the_filters_name_no_codes_and_speak_czech(czech, signed_in, name):
    html = signed_in.get(reverse(name)).content.decode()
    assert "ČSÚ" not in html and "(kód" not in html and "(code" not in html
    assert "Kraj" in html and "Správní obvod ORP" in html and "Vše, co vidím" in html


def test_the_needs_filters_are_codelists_by_name_date_pickers_and_boxes_to_tick(
    czech, signed_in, families_with_children, sas_families
):
    form = signed_in.get(reverse("need-board")).context["filter"].form
    assert (families_with_children.code, str(families_with_children)) in form.fields["target_group"].choices
    assert (sas_families.code, str(sas_families)) in form.fields["wanted_service_kind"].choices
    assert form["category"].field.widget.input_type == "checkbox"
    assert form["status"].field.widget.input_type == "checkbox"
    html = str(form["created"])
    assert html.count('type="date"') == 2 and 'aria-label="Od"' in html and 'aria-label="Do"' in html


def test_the_meeting_kinds_are_boxes_to_tick_and_the_dates_pickers(czech, signed_in):
    form = signed_in.get(reverse("meeting-list")).context["filter"].form
    assert form["kind"].field.widget.input_type == "checkbox"
    assert str(form["held_on"]).count('type="date"') == 2
    assert str(form.fields["held_on"].label) == "Konáno v období"


def test_the_orp_is_picked_among_what_the_user_can_see(signed_in, pelhrimov, jihlava, liberec):
    for name in LISTS:
        field = signed_in.get(reverse(name)).context["filter"].form.fields["district"]
        codes = {value for value, _label in field.choices if value}
        assert {pelhrimov.code, jihlava.code} <= codes and liberec.code not in codes
        assert (pelhrimov.code, pelhrimov.name) in field.choices


def test_ticking_two_kinds_lists_the_meetings_of_either(signed_in, make_meeting):
    visit, workshop = make_meeting(kind="visit"), make_meeting(kind="workshop")
    make_meeting(kind="training")

    response = signed_in.get(reverse("meeting-list"), {"kind": ["visit", "workshop"]})

    assert set(ids(response)) == {visit.pk, workshop.pk}


def test_a_target_group_picked_by_name_narrows_the_board(signed_in, make_need, families_with_children):
    wanted = make_need(target_group=families_with_children)
    make_need()

    response = signed_in.get(reverse("need-board"), {"target_group": families_with_children.code})

    assert board_ids(response) == {wanted.pk}


# ---------------------------------------------------------------------------------- where they open (item 6) --


def test_a_networker_s_meetings_open_on_their_orp_with_everything_one_tap_away(
    signed_in, make_meeting, pelhrimov, jihlava
):
    here, there = make_meeting(), make_meeting(district=jihlava)

    opened = signed_in.get(reverse("meeting-list"))
    assert ids(opened) == [here.pk]
    assert opened.context["filter"].form["district"].value() == pelhrimov.code
    own, everything = opened.context["place_switch"]
    assert own["current"] and not everything["current"]

    whole = signed_in.get(reverse("meeting-list") + everything["url"])
    assert set(ids(whole)) == {here.pk, there.pk}
    assert whole.context["place_switch"][1]["current"]


def test_a_networker_s_needs_board_opens_on_their_orp(signed_in, make_need, jihlava):
    here, there = make_need(), make_need(district=jihlava)

    opened = signed_in.get(reverse("need-board"))
    assert board_ids(opened) == {here.pk}
    everything = opened.context["place_switch"][1]
    assert board_ids(signed_in.get(reverse("need-board") + everything["url"])) == {here.pk, there.pk}


def test_a_regional_advisor_opens_the_meetings_and_needs_on_the_kraj(
    as_user, poradce, vysocina, make_meeting, make_need, jihlava
):
    client = as_user(poradce)
    meetings = client.get(reverse("meeting-list"))
    assert meetings.context["filter"].form["region"].value() == vysocina.code
    assert not meetings.context["filter"].form["district"].value()
    here, there = make_need(), make_need(district=jihlava)
    assert board_ids(client.get(reverse("need-board"))) == {here.pk, there.pk}


def test_an_ospod_worker_opens_the_meetings_on_the_orp_of_their_ospod(
    as_user, make_role_user, ospod, pelhrimov, make_meeting
):
    worker = make_role_user("ospod.pelhrimov", "ospod", organization=ospod)
    meeting = make_meeting(organizer=ospod, organizations=[ospod])

    opened = as_user(worker).get(reverse("meeting-list"))

    assert opened.context["filter"].form["district"].value() == pelhrimov.code
    assert ids(opened) == [meeting.pk]


@pytest.fixture
def followups(sitar, actor, make_meeting, make_role_user, pelhrimov):
    """The networker's own follow-ups (due later, due sooner, with no date, done) and a colleague's."""
    meeting = make_meeting()

    def make(description, assignee=sitar, due_on=None):
        return followup_create(actor=actor, meeting=meeting, description=description, assignee=assignee, due_on=due_on)

    rows = {
        "later": make("Později", due_on=datetime.date(2026, 7, 1)),
        "undated": make("Bez termínu"),
        "sooner": make("Dříve", due_on=datetime.date(2026, 6, 1)),
        "done": make("Hotovo", due_on=datetime.date(2026, 5, 1)),
        "colleague": make("Kolegův", assignee=make_role_user("kolega", "sitar", district=pelhrimov)),
    }
    followup_complete(actor=actor, followup=rows["done"])
    return {key: row.pk for key, row in rows.items()}


def test_follow_ups_open_on_my_open_ones_due_soonest_first(signed_in, followups):
    opened = signed_in.get(reverse("followup-list"))

    assert ids(opened) == [followups["sooner"], followups["later"], followups["undated"]]
    assert opened.context["tab"] == "mine"
    assert [view["current"] for view in opened.context["done_switch"]] == [True, False]


def test_done_ones_and_everything_i_can_see_are_one_tap_away(signed_in, followups):
    opened = signed_in.get(reverse("followup-list"))
    done_too = opened.context["done_switch"][1]["url"]
    everything = next(tab["url"] for tab in opened.context["tabs"] if tab["tab"] == "all")

    with_done = signed_in.get(reverse("followup-list") + done_too)
    assert set(ids(with_done)) == {followups[key] for key in ("sooner", "later", "undated", "done")}
    assert with_done.context["tab"] == "mine" and with_done.context["done_switch"][1]["current"]

    all_open = signed_in.get(reverse("followup-list") + everything)
    assert set(ids(all_open)) == {followups[key] for key in ("sooner", "later", "undated", "colleague")}
    assert all_open.context["tab"] == "all"
    # Everything, the done ones too: still not the bare URL, which is "mine".
    all_too = all_open.context["done_switch"][1]["url"]
    assert all_too != "?" and len(ids(signed_in.get(reverse("followup-list") + all_too))) == 5


def test_a_switch_keeps_the_other_filters(signed_in, followups):
    response = signed_in.get(reverse("followup-list"), {"mine": "true", "done": "false", "due_on_before": "2026-06-15"})

    assert ids(response) == [followups["sooner"]]
    done_too = response.context["done_switch"][1]["url"]
    assert "due_on_before=2026-06-15" in done_too and "mine=true" in done_too


# --------------------------------------------------------------------------------------------- dates (item 6) --


@pytest.fixture
def may_2026(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args: datetime.date(2026, 5, 20))


def test_a_meeting_of_another_year_shows_its_year(may_2026, signed_in, make_meeting):
    make_meeting(title="Letos", held_on=datetime.date(2026, 3, 10))
    make_meeting(title="Loni", held_on=datetime.date(2025, 5, 11))

    html = signed_in.get(reverse("meeting-list")).content.decode()

    assert "<td>10. 3.</td>" in html and "<td>11. 5. 2025</td>" in html


def test_a_follow_up_of_another_year_shows_its_year(may_2026, signed_in, sitar, actor, make_meeting):
    meeting = make_meeting()
    followup_create(actor=actor, meeting=meeting, description="Loni", assignee=sitar, due_on=datetime.date(2025, 5, 11))
    followup_create(actor=actor, meeting=meeting, description="Letos", assignee=sitar, due_on=datetime.date(2026, 6, 1))

    html = signed_in.get(reverse("followup-list")).content.decode()

    assert "11. 5. 2025" in html and "1. 6.\n" in html and "1. 6. 2026" not in html


def test_home_s_meetings_show_the_year_only_when_not_this_year(may_2026, signed_in, make_meeting):
    make_meeting(title="Letos", held_on=datetime.date(2026, 3, 10))
    make_meeting(title="Loni", held_on=datetime.date(2025, 5, 11))

    html = signed_in.get(reverse("home")).content.decode()

    assert ">10. 3. Letos</a>" in html and ">11. 5. 2025 Loni</a>" in html
