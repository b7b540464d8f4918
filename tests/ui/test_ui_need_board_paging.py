"""The needs board pages each column on its own (issue 17): a column shows its newest cards and the count the filters
give; "more" is a link to the column's next cards (the filters kept) that htmx answers with those cards alone; the
queries do not grow with the cards; a nationwide column reads its newest cards from an index."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.models import Need, NeedStatus
from meetings.services import need_set_status
from meetings.views import needs as board

pytestmark = pytest.mark.django_db

PAGE = 2


@pytest.fixture
def small_columns(monkeypatch):
    monkeypatch.setattr(board, "BOARD_COLUMN_SIZE", PAGE)


def columns(response) -> dict[str, dict]:
    assert response.status_code == 200
    return {column["status"]: column for column in response.context["columns"]}


def shown(response, status: str) -> list[int]:
    return [card.need.pk for card in columns(response)[status]["needs"]]


def newest_first(needs) -> list[int]:
    return [need.pk for need in sorted(needs, key=lambda need: (need.created_at, need.pk), reverse=True)]


def more_link(response, status: str) -> str:
    match = re.search(rf'<a [^>]*id="more-{status}" href="([^"#]+)[^"]*"', response.content.decode())
    assert match, f"the column {status} has no more link"
    return match[1].replace("&amp;", "&")


def test_a_column_shows_its_newest_cards_and_the_count_of_all_of_them(small_columns, signed_in, make_need):
    needs = [make_need() for _ in range(5)]

    response = signed_in.get(reverse("need-board"))

    assert shown(response, "open") == newest_first(needs)[:PAGE]
    assert columns(response)["open"]["count"] == 5
    assert re.search(r'id="column-open">[^<]*<span class="count">\(5\)</span>', response.content.decode())


def test_more_opens_the_next_cards_of_that_column_only_and_keeps_the_filters(
    small_columns, signed_in, make_need, actor
):
    high = [make_need(priority="high") for _ in range(5)]
    make_need(priority="low")
    started = [make_need(priority="high") for _ in range(3)]
    for need in started:
        need_set_status(actor=actor, need=need, status=NeedStatus.IN_PROGRESS)

    first = signed_in.get(reverse("need-board"), {"priority": "high"})
    url = more_link(first, "open")
    assert "priority=high" in url and "open_page=2" in url
    second = signed_in.get(url)

    assert shown(second, "open") == newest_first(high)[PAGE : 2 * PAGE]
    assert shown(second, "in_progress") == shown(first, "in_progress")  # the other columns stay on their first page
    assert columns(second)["open"]["count"] == 5 and columns(second)["in_progress"]["count"] == 3
    last = signed_in.get(more_link(second, "open"))
    assert shown(last, "open") == newest_first(high)[2 * PAGE :]
    assert 'id="more-open"' not in last.content.decode()


def test_htmx_more_answers_with_the_next_cards_of_the_column_and_its_next_more_link(
    small_columns, signed_in, make_need
):
    needs = [make_need() for _ in range(5)]
    url = more_link(signed_in.get(reverse("need-board")), "open")

    response = signed_in.get(url, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="more-open")

    html = response.content.decode()
    assert [int(pk) for pk in re.findall(r'<article class="need-card" id="need-(\d+)"', html)] == newest_first(needs)[
        PAGE : 2 * PAGE
    ]
    assert "<html" not in html and 'class="board"' not in html
    assert "open_page=3" in more_link(response, "open")


def test_a_page_past_the_end_or_not_a_number_shows_a_page_of_the_column(small_columns, signed_in, make_need):
    needs = [make_need() for _ in range(3)]

    assert shown(signed_in.get(reverse("need-board"), {"open_page": "99"}), "open") == newest_first(needs)[PAGE:]
    assert shown(signed_in.get(reverse("need-board"), {"open_page": "x"}), "open") == newest_first(needs)[:PAGE]


def test_the_column_counts_follow_the_filters_not_the_page(
    small_columns, signed_in, make_need, actor, pelhrimov, jihlava
):
    for _ in range(3):
        make_need(priority="high")
    make_need(priority="low")
    need_set_status(actor=actor, need=make_need(priority="high"), status=NeedStatus.IN_PROGRESS)
    make_need(priority="high", district=jihlava)

    mine = columns(
        signed_in.get(reverse("need-board"), {"priority": "high", "district": pelhrimov.code, "open_page": "2"})
    )
    everywhere = columns(signed_in.get(reverse("need-board"), {"priority": "high", "district": ""}))

    assert {status: column["count"] for status, column in mine.items()} == {
        "open": 3,
        "in_progress": 1,
        "resolved": 0,
        "dismissed": 0,
    }
    assert everywhere["open"]["count"] == 4


def board_queries(client, url: str) -> int:
    client.get(url)  # warm-up: process-wide caches count in no measurement
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_board_and_its_more_cost_the_same_queries_for_1_and_many_needs_a_column(
    small_columns, signed_in, make_need, actor, organization
):
    def fill(count: int) -> None:
        for status in (NeedStatus.IN_PROGRESS, NeedStatus.DISMISSED):
            for _ in range(count):
                need_set_status(actor=actor, need=make_need(raised_by=organization), status=status, note="Jinde.")
        for _ in range(count):
            make_need(raised_by=organization)

    fill(1)
    board_url = reverse("need-board")
    one = board_queries(signed_in, board_url)
    fill(6)
    many = board_queries(signed_in, board_url)
    more = more_link(signed_in.get(board_url), "open")
    more_page = board_queries(signed_in, more)
    with CaptureQueriesContext(connection) as captured:
        signed_in.get(more, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="more-open")
    fill(6)

    assert one == many == board_queries(signed_in, board_url) == more_page
    assert len(captured.captured_queries) <= many


def test_a_nationwide_column_reads_its_newest_cards_from_the_status_index(make_need, make_meeting, make_role_user):
    narodni = make_role_user("narodni.test", "narodni")
    # As in the field: needs of every status, most raised at a meeting (the scope looks past case conferences).
    meetings = [make_meeting() for _ in range(10)]
    for index in range(400):
        need = make_need()
        Need.objects.filter(pk=need.pk).update(
            status=NeedStatus.values[index % 4], raised_in=meetings[index % 10] if index % 5 else None
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE meetings_need, meetings_meeting")
    column = (
        Need.objects.restrict(narodni, "view")
        .select_related("district", "raised_by", "target_group")
        .filter(status=NeedStatus.RESOLVED)[: board.BOARD_COLUMN_SIZE]
    )
    sql, params = column.query.sql_with_params()

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "need_status_created_idx" in plan, plan
    assert "Sort" not in plan, plan
