"""Every list screen's count is the number of rows its filters give (issue 16, item 7: "Schůzky (0)" while the list
was full): not 0, not the rows of one page. Each test makes the page smaller than the rows (two a page, or two cards a
column, two rows a home section) and puts one row outside the filter, so a count of the page, of nothing or of
everything in scope would each show."""

import datetime
import re

import pytest
from django.urls import reverse

from meetings.models import NeedStatus
from meetings.services import followup_complete, followup_create, group_create, need_set_status
from meetings.views.followups import FollowUpListView
from meetings.views.groups import GroupListView
from meetings.views.meetings import MeetingListView
from network.views import CaseListView, LinkListView
from organizations.views import OrganizationListView

pytestmark = pytest.mark.django_db

SMALL_PAGE = 2
HEADING_COUNT = re.compile(r'<h1>[^<]*<span class="count">\((\d+)\)</span>')


def heading_count(response) -> int:
    """The number in the page's heading: "Schůzky (3)" → 3."""
    assert response.status_code == 200
    match = HEADING_COUNT.search(response.content.decode())
    assert match, "the heading shows no count"
    return int(match[1])


def section_count(response, section: str) -> int:
    """The number in the heading of a section of the page (``id="needs"``)."""
    match = re.search(rf'id="{section}".*?<span class="count">\((\d+)\)</span>', response.content.decode(), re.S)
    assert match, f"the section {section} shows no count"
    return int(match[1])


@pytest.fixture
def small_pages(monkeypatch):
    for view in (OrganizationListView, MeetingListView, FollowUpListView, LinkListView, CaseListView, GroupListView):
        monkeypatch.setattr(view, "paginate_by", SMALL_PAGE)


def test_the_meetings_heading_counts_every_meeting_the_filter_gives(small_pages, signed_in, make_meeting, jihlava):
    for _ in range(3):
        make_meeting()
    make_meeting(district=jihlava)

    opened = signed_in.get(reverse("meeting-list"))
    assert len(opened.context["object_list"]) == SMALL_PAGE
    assert heading_count(opened) == opened.context["paginator"].count == 3
    assert heading_count(signed_in.get(reverse("meeting-list"), {"district": ""})) == 4


def test_the_needs_board_counts_every_need_in_its_heading_and_each_column(
    monkeypatch, signed_in, make_need, actor, jihlava
):
    monkeypatch.setattr("meetings.views.needs.BOARD_COLUMN_SIZE", SMALL_PAGE)
    for _ in range(3):
        make_need()
    need_set_status(actor=actor, need=make_need(), status=NeedStatus.IN_PROGRESS)
    make_need(district=jihlava)

    response = signed_in.get(reverse("need-board"))

    columns = {column["status"]: column for column in response.context["columns"]}
    assert len(columns["open"]["needs"]) == SMALL_PAGE and columns["open"]["count"] == 3
    assert heading_count(response) == 4
    assert section_count(response, "column-open") == 3 and section_count(response, "column-in_progress") == 1


def test_the_follow_ups_heading_counts_my_open_follow_ups(
    small_pages, signed_in, sitar, actor, make_meeting, make_role_user, pelhrimov
):
    meeting = make_meeting()
    for day in (1, 2, 3):
        followup_create(
            actor=actor, meeting=meeting, description=f"Můj {day}", assignee=sitar, due_on=datetime.date(2026, 6, day)
        )
    done = followup_create(actor=actor, meeting=meeting, description="Hotový", assignee=sitar)
    followup_complete(actor=actor, followup=done)
    colleague = make_role_user("kolega", "sitar", district=pelhrimov)
    followup_create(actor=actor, meeting=meeting, description="Kolegův", assignee=colleague)

    assert heading_count(signed_in.get(reverse("followup-list"))) == 3
    assert heading_count(signed_in.get(reverse("followup-list"), {"mine": "true", "done": ""})) == 4
    assert heading_count(signed_in.get(reverse("followup-list"), {"done": ""})) == 5


def test_the_directory_counts_every_organisation_of_the_filter(small_pages, signed_in, make_organization, jihlava_town):
    for index in range(3):
        make_organization(name=f"Organizace {index}")
    make_organization(name="Jihlavská", municipality=jihlava_town)

    response = signed_in.get(reverse("organization-list"))

    assert len(response.context["object_list"]) == SMALL_PAGE
    assert section_count(response, "results-title") == section_count(response, "tab-list") == 3


def test_the_cooperation_heading_counts_every_link_of_the_filter(
    small_pages, signed_in, make_organization, make_link, jihlava_town
):
    first, second, third = (make_organization(name=f"Organizace {index}") for index in range(3))
    make_link(first, second)
    make_link(first, third)
    make_link(second, third)
    make_link(
        make_organization(name="Jihlava A", municipality=jihlava_town),
        make_organization(name="Jihlava B", municipality=jihlava_town),
    )

    assert heading_count(signed_in.get(reverse("link-list"))) == 3
    assert heading_count(signed_in.get(reverse("link-list"), {"district": ""})) == 4


def test_the_cases_heading_counts_every_case_of_the_filter(small_pages, as_user, make_role_user, ospod, make_case):
    for _ in range(3):
        make_case()
    make_case(opened_on=datetime.date(2025, 6, 1))
    client = as_user(make_role_user("ospod.pelhrimov", "ospod", organization=ospod))

    assert heading_count(client.get(reverse("case-list"), {"opened_on_after": "2026-01-01"})) == 3
    assert heading_count(client.get(reverse("case-list"))) == 4


def test_the_working_groups_heading_counts_every_group_in_scope(small_pages, signed_in, actor, pelhrimov, liberec):
    for index in range(3):
        group_create(actor=actor, name=f"Skupina {index}", kind="working_group", district=pelhrimov)
    group_create(actor=actor, name="Liberecká", kind="working_group", district=liberec)

    assert heading_count(signed_in.get(reverse("group-list"))) == 3


def test_home_counts_every_open_need_stale_record_and_unconfirmed_link_not_the_rows_shown(
    monkeypatch, signed_in, make_need, make_organization, make_link, jihlava
):
    monkeypatch.setattr("network.views.HOME_ROWS", SMALL_PAGE)
    monkeypatch.setattr("network.views.STALE_ROWS", SMALL_PAGE)
    for _ in range(3):
        make_need()
    make_need(district=jihlava)
    first, second, third = (make_organization(name=f"Organizace {index}") for index in range(3))
    make_link(first, second)
    make_link(first, third)
    make_link(second, third)

    mine = signed_in.get(reverse("home"))
    assert len(mine.context["needs"]) == SMALL_PAGE and section_count(mine, "needs") == 3
    assert len(mine.context["stale"]) == SMALL_PAGE and section_count(mine, "stale") == 3
    assert len(mine.context["unconfirmed"]) == SMALL_PAGE and section_count(mine, "unconfirmed-links") == 3
    assert section_count(signed_in.get(reverse("home"), {"scope": "all"}), "needs") == 4
