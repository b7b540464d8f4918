"""The needs board (columns by status, moving a need, recording and editing one) and the follow-ups to do (mine, my
districts, overdue, marking done with htmx or a plain POST); everything within the user's scope."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.errors import STALE_MESSAGE
from meetings.models import FollowUp, Need, NeedStatus
from meetings.services import followup_create, need_set_status, need_update

pytestmark = pytest.mark.django_db

RESOLUTION_NOTE_MISSING = "Uveďte, jak byla potřeba vyřešena, nebo proč byla zamítnuta."


# The needs board --------------------------------------------------------------------------------------------------


def test_the_board_shows_each_need_in_the_column_of_its_status(signed_in, make_need, actor, liberec, organization):
    make_need(title="Chybí NZDM", raised_by=organization)
    started = make_need(title="Málo terapeutů")
    need_set_status(actor=actor, need=started, status=NeedStatus.IN_PROGRESS)
    dismissed = make_need(title="Duplicitní podnět")
    need_set_status(actor=actor, need=dismissed, status=NeedStatus.DISMISSED, note="Už se řeší jinde.")
    make_need(title="Potřeba v Liberci", district=liberec)

    response = signed_in.get(reverse("need-board"))

    columns = {
        column["status"]: [card.need.title for card in column["needs"]] for column in response.context["columns"]
    }
    assert columns == {
        "open": ["Chybí NZDM"],
        "in_progress": ["Málo terapeutů"],
        "resolved": [],
        "dismissed": ["Duplicitní podnět"],
    }
    html = response.content.decode()
    assert "Spirála Pelhřimov" in html  # raised by
    assert "Potřeba v Liberci" not in html


def test_the_board_filters_by_priority(signed_in, make_need):
    make_need(title="Naléhavá", priority="high")
    make_need(title="Počká", priority="low")

    html = signed_in.get(reverse("need-board"), {"priority": "high"}).content.decode()

    assert "Naléhavá" in html and "Počká" not in html


def test_a_need_moves_to_in_progress_without_a_note(signed_in, make_need):
    need = make_need()
    board = reverse("need-board")

    response = signed_in.post(reverse("need-detail", args=[need.pk]), {"status": "in_progress", "next": board})

    assert response.status_code == 302 and response["Location"] == board
    need.refresh_from_db()
    assert need.status == NeedStatus.IN_PROGRESS


def test_resolving_a_need_without_a_note_is_refused_next_to_the_note(signed_in, make_need):
    need = make_need()

    response = signed_in.post(reverse("need-detail", args=[need.pk]), {"status": "resolved", "resolution_note": " "})

    assert response.status_code == 200
    assert response.context["form"].errors["resolution_note"] == [RESOLUTION_NOTE_MISSING]
    need.refresh_from_db()
    assert need.status == NeedStatus.OPEN


def test_resolving_a_need_with_a_note_closes_it(signed_in, make_need):
    need = make_need()

    signed_in.post(
        reverse("need-detail", args=[need.pk]), {"status": "resolved", "resolution_note": "Otevřel se klub Spirála."}
    )

    need.refresh_from_db()
    assert (need.status, need.resolution_note) == (NeedStatus.RESOLVED, "Otevřel se klub Spirála.")
    assert need.resolved_at is not None


def test_a_status_the_lifecycle_does_not_allow_is_not_offered(signed_in, make_need, actor):
    need = make_need()
    need_set_status(actor=actor, need=need, status=NeedStatus.RESOLVED, note="Hotovo.")

    response = signed_in.post(reverse("need-detail", args=[need.pk]), {"status": "dismissed", "resolution_note": "x"})

    assert "status" in response.context["form"].errors
    need.refresh_from_db()
    assert need.status == NeedStatus.RESOLVED


def test_another_kraj_need_answers_404(signed_in, make_need, liberec):
    need = make_need(district=liberec)

    assert signed_in.get(reverse("need-detail", args=[need.pk])).status_code == 404
    assert signed_in.post(reverse("need-detail", args=[need.pk]), {"status": "in_progress"}).status_code == 404
    assert signed_in.get(reverse("need-edit", args=[need.pk])).status_code == 404


def test_a_need_is_recorded_on_its_own(signed_in, sitar, pelhrimov, families_with_children):
    response = signed_in.post(
        reverse("need-create"),
        {
            "title": "Chybí krizová pomoc",
            "category": "missing_service",
            "priority": "high",
            "district": pelhrimov.pk,
            "target_group": families_with_children.pk,
            "description": "Nejbližší je v Jihlavě.",
        },
    )

    need = Need.objects.get()
    assert response["Location"] == reverse("need-detail", args=[need.pk])
    assert (need.district, need.created_by, need.target_group) == (pelhrimov, sitar, families_with_children)


def test_a_need_edit_based_on_an_older_version_is_refused(signed_in, make_need, actor):
    need = make_need(title="Původní")
    loaded_version = need.version
    need_update(actor=actor, need=need, data={"title": "Mezitím změněno"})

    response = signed_in.post(
        reverse("need-edit", args=[need.pk]),
        {
            "title": "Zastaralá",
            "category": "missing_service",
            "priority": "medium",
            "district": need.district_id,
            "expected_version": loaded_version,
        },
    )

    assert str(STALE_MESSAGE) in response.content.decode()
    need.refresh_from_db()
    assert need.title == "Mezitím změněno"


# Follow-ups -------------------------------------------------------------------------------------------------------


@pytest.fixture
def meeting(make_meeting):
    return make_meeting(title="Kulatý stůl")


@pytest.fixture
def make_followup(actor, meeting):
    def make(description: str, **fields):
        return followup_create(actor=actor, meeting=fields.pop("meeting", meeting), description=description, **fields)

    return make


def test_mine_lists_only_my_follow_ups_and_highlights_the_overdue(
    signed_in, sitar, make_followup, make_role_user, pelhrimov
):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    make_followup("Poslat zápis", assignee=sitar, due_on=yesterday)
    make_followup("Zavolat škole", assignee=make_role_user("kolega", "sitar", district=pelhrimov))

    response = signed_in.get(reverse("followup-list"), {"mine": "true", "done": "false"})

    assert [followup.description for followup in response.context["object_list"]] == ["Poslat zápis"]
    html = response.content.decode()
    assert "overdue" in html and "Zavolat škole" not in html


def test_my_districts_leaves_out_the_rest_of_the_kraj(signed_in, make_followup, make_meeting, jihlava):
    make_followup("V Pelhřimově")
    make_followup("V Jihlavě", meeting=make_meeting(district=jihlava))

    # Everything I can see, the done ones too ("?done="): the bare URL is the user's own open ones.
    everything = signed_in.get(reverse("followup-list"), {"done": ""})
    mine = signed_in.get(reverse("followup-list"), {"tab": "districts"})

    assert {f.description for f in everything.context["object_list"]} == {"V Pelhřimově", "V Jihlavě"}
    assert [f.description for f in mine.context["object_list"]] == ["V Pelhřimově"]


def test_mark_done_with_a_plain_post_goes_back_to_the_list(signed_in, make_followup):
    followup = make_followup("Poslat zápis")
    back = reverse("followup-list") + "?mine=true"

    response = signed_in.post(reverse("followup-done", args=[followup.pk]), {"next": back})

    assert response.status_code == 302 and response["Location"] == back
    followup.refresh_from_db()
    assert followup.done_at is not None


def test_mark_done_with_htmx_answers_the_row(signed_in, make_followup):
    followup = make_followup("Poslat zápis")

    response = signed_in.post(reverse("followup-done", args=[followup.pk]), HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert html.lstrip().startswith(f'<tr id="followup-{followup.pk}"')
    assert 'name="done" value="0"' in html  # now offers to reopen it
    assert FollowUp.objects.get().done_at is not None


def test_a_done_follow_up_can_be_reopened(signed_in, make_followup):
    followup = make_followup("Poslat zápis", done=True)

    signed_in.post(reverse("followup-done", args=[followup.pk]), {"done": "0"})

    followup.refresh_from_db()
    assert followup.done_at is None


def test_a_follow_up_of_another_kraj_cannot_be_marked_done(signed_in, make_followup, make_meeting, liberec):
    followup = make_followup("Cizí úkol", meeting=make_meeting(district=liberec))

    assert signed_in.post(reverse("followup-done", args=[followup.pk])).status_code == 404
    followup.refresh_from_db()
    assert followup.done_at is None


def test_a_follow_up_the_user_may_only_read_offers_no_button(signed_in, make_followup, make_meeting, jihlava):
    followup = make_followup("V Jihlavě", meeting=make_meeting(district=jihlava))

    html = signed_in.get(reverse("followup-list"), {"done": ""}).content.decode()

    assert "V Jihlavě" in html
    assert reverse("followup-done", args=[followup.pk]) not in html
    assert signed_in.post(reverse("followup-done", args=[followup.pk])).status_code == 404


def test_the_follow_ups_of_one_meeting_are_reached_by_a_link_without_a_select_of_every_meeting(
    signed_in, make_followup, make_meeting
):
    make_followup("Ze setkání")
    other = make_meeting(title="Jiné setkání")
    make_followup("Z jiného", meeting=other)

    response = signed_in.get(reverse("followup-list"), {"meeting": other.pk})

    assert [f.description for f in response.context["object_list"]] == ["Z jiného"]
    html = response.content.decode()
    assert f'<input type="hidden" name="meeting" value="{other.pk}">' in html
    assert '<select name="meeting"' not in html


def test_the_history_of_a_need_reads_in_czech(signed_in, make_need, actor):
    need = make_need(title="Chybí krizová pomoc")
    need_set_status(actor=actor, need=need, status="in_progress")
    history = signed_in.get(reverse("need-detail", args=[need.pk])).content.decode()
    assert "Stav: v řešení" in history
    assert "status: in_progress" not in history
    assert "vytvořeno" in history and " created" not in history
