"""The home page of each role: what waits for the user where they work, and nothing from outside their scope."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.helpers import the_day_stays

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
_the_day_stays_today = the_day_stays(TODAY)


DAY = datetime.timedelta(days=1)


@pytest.fixture
def liberec_org(make_organization, liberec_town):
    return make_organization(name="Liberecká organizace", municipality=liberec_town)


def test_a_networker_sees_the_follow_ups_due_where_they_work_and_their_own(
    home, sitar, make_meeting, make_role_user, jihlava, liberec, liberec_org
):
    make_meeting(
        followups=[
            {"description": "Poslat zápis", "due_on": TODAY + 2 * DAY},
            {"description": "Zavolat škole", "due_on": TODAY - 3 * DAY},
            {"description": "Až za měsíc", "due_on": TODAY + 30 * DAY},
            {"description": "Už hotovo", "due_on": TODAY, "done": True},
        ]
    )
    make_meeting(
        district=jihlava,
        followups=[
            {
                "description": "Jihlavský úkol kolegy",
                "due_on": TODAY,
                "assignee": make_role_user("kolega", "sitar", district=jihlava),
            },
            {"description": "Můj úkol v Jihlavě", "due_on": TODAY, "assignee": sitar},
        ],
    )
    elsewhere = make_meeting(
        district=liberec, organizations=[liberec_org], followups=[{"description": "Liberecký úkol", "due_on": TODAY}]
    )
    # Assigned before the assignee had to see it (or left so after a move): still not shown out of scope.
    elsewhere.followups.update(assignee=sitar)
    response = home(sitar)
    shown = [followup.description for followup in response.context["followups"]]
    assert shown == ["Zavolat škole", "Můj úkol v Jihlavě", "Poslat zápis"]
    page = response.content.decode()
    assert page.count('class="badge error"') == 1  # the overdue one


def test_a_networker_sees_open_needs_recent_meetings_and_stale_records_of_the_kraj_only(
    home, sitar, make_need, make_meeting, make_organization, liberec, liberec_org, actor
):
    from meetings.services import need_set_status

    make_need(title="Chybí klub pro 12–15 let")
    need_set_status(actor=actor, need=make_need(title="Vyřešená potřeba"), status="resolved", note="Klub otevřen.")
    make_need(title="Liberecká potřeba", district=liberec)
    make_meeting(title="Návštěva Spirály")
    make_meeting(title="Liberecké setkání", district=liberec, organizations=[liberec_org])
    make_organization(name="Neověřená organizace")
    response = home(sitar)
    page = response.content.decode()
    assert response.context["needs_count"] == 1
    assert "Chybí klub pro 12–15 let" in page and "Vyřešená potřeba" not in page
    assert "Návštěva Spirály" in page and "Liberecké setkání" not in page and "Liberecká potřeba" not in page
    assert response.context["stale_count"] == 1 and "Neověřená organizace" in page
    assert "Liberecká organizace" not in page
    assert 'href="/organizations/?stale=true"' in page
    assert response.context["kraje"] == []


def test_an_ospod_worker_sees_own_cases_and_meetings_and_no_verification_reminders(
    home, make_role_user, make_organization, jihlava_town, make_case, make_meeting, ospod
):
    ospod_jihlava = make_organization(name="OSPOD Jihlava", kind="ospod", municipality=jihlava_town)
    worker = make_role_user("ospod.jihlava", "ospod", organization=ospod_jihlava)
    make_case(owner=ospod_jihlava, reference="OSPOD-JI-001")
    make_case(reference="OSPOD-PE-001")
    make_meeting(title="Setkání OSPOD Jihlava", organizer=ospod_jihlava)
    make_meeting(title="Setkání cizího OSPOD", organizer=ospod)
    response = home(worker)
    page = response.content.decode()
    assert "OSPOD-JI-001" in page and "OSPOD-PE-001" not in page
    assert "Setkání OSPOD Jihlava" in page and "Setkání cizího OSPOD" not in page
    assert "show_stale" not in response.context and 'id="stale"' not in page


def test_a_networker_has_no_case_section(home, sitar, make_case):
    make_case(reference="OSPOD-PE-003")
    page = home(sitar).content.decode()
    assert 'id="cases"' not in page and "OSPOD-PE-003" not in page


def test_a_regional_lead_sees_the_kraj_at_a_glance_per_orp(
    home,
    make_role_user,
    vysocina,
    pelhrimov,
    jihlava,
    organization,
    partner,
    make_link,
    make_meeting,
    make_need,
    liberec,
    liberec_org,
    jihlava_town,
    make_organization,
):
    lead = make_role_user("vedouci.vysocina", "vedouci", region=vysocina)
    make_organization(name="Jihlavská organizace", municipality=jihlava_town)
    make_link(organization, partner)
    make_meeting(held_on=TODAY - 10 * DAY)
    make_meeting(held_on=TODAY - 400 * DAY)
    make_need()
    make_need(district=liberec)
    make_meeting(district=liberec, held_on=TODAY, organizations=[liberec_org])
    response = home(lead)
    [kraj] = response.context["kraje"]
    rows = {row["district"].name: row for row in kraj["rows"]}
    assert kraj["region"] == vysocina and len(rows) == vysocina.districts.count()
    assert {key: rows["Pelhřimov"][key] for key in ("organizations", "meetings", "needs", "links")} == {
        "organizations": 2,
        "meetings": 1,
        "needs": 1,
        "links": 1,
    }
    assert (rows["Jihlava"]["organizations"], rows["Jihlava"]["meetings"]) == (1, 0)
    assert "Liberec" not in rows
    assert 'id="kraj-3107"' in response.content.decode()


def test_a_national_methodologist_sees_no_kraj_table_and_no_cases(home, make_role_user, make_case):
    make_case(reference="OSPOD-PE-004")
    response = home(make_role_user("narodni", "narodni"))
    assert response.context["kraje"] == [] and "OSPOD-PE-004" not in response.content.decode()


def test_the_home_page_costs_the_same_queries_for_one_row_as_for_twenty(
    client, make_role_user, vysocina, make_organization, make_meeting, make_need, make_link
):
    lead = make_role_user("vedouci.vysocina", "vedouci", region=vysocina)
    client.force_login(lead)

    def add_rows(count):
        for _ in range(count):
            first, second = make_organization(), make_organization()
            make_link(first, second)
            make_meeting(
                organizations=[first, second], held_on=TODAY, followups=[{"description": "Úkol", "due_on": TODAY}]
            )
            make_need()

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("home")).status_code == 200
        return len(captured)

    add_rows(1)
    queries()  # the first request of a session writes it (its sliding end), the next ones within a minute do not
    one = queries()
    add_rows(19)
    assert queries() == one


# ------------------------------------------------------------------------------ dates and scope (issue 16, item 6) --


def test_a_date_of_another_year_shows_its_year_and_one_of_this_year_does_not(home, sitar, make_meeting, monkeypatch):
    # The clock is fixed: 20 May 2026, so 11 May 2025 is last year's and 2 May this year's.
    monkeypatch.setattr(timezone, "localdate", lambda *args: datetime.date(2026, 5, 20))
    make_meeting(
        followups=[
            {"description": "Loňský úkol", "due_on": datetime.date(2025, 5, 11)},
            {"description": "Letošní úkol", "due_on": datetime.date(2026, 5, 2)},
        ]
    )
    page = home(sitar).content.decode()
    assert "11. 5. 2025 Loňský úkol" in page
    assert "2. 5. Letošní úkol" in page and "2. 5. 2026" not in page


def test_a_networkers_home_opens_on_their_orp_with_the_kraj_one_tap_away(
    client, sitar, make_meeting, make_need, jihlava
):
    ours = make_meeting(title="Setkání v Pelhřimově")
    theirs = make_meeting(title="Setkání v Jihlavě", district=jihlava)
    our_need = make_need(title="Potřeba Pelhřimov")
    their_need = make_need(title="Potřeba Jihlava", district=jihlava)
    client.force_login(sitar)
    mine = client.get("/")
    assert [m.pk for m in mine.context["meetings"]] == [ours.pk]
    assert [n.pk for n in mine.context["needs"]] == [our_need.pk] and mine.context["needs_count"] == 1
    assert not mine.context["wide"] and 'href="/?scope=all"' in mine.content.decode()
    everything = client.get("/", {"scope": "all"})
    assert {m.pk for m in everything.context["meetings"]} == {ours.pk, theirs.pk}
    assert {n.pk for n in everything.context["needs"]} == {our_need.pk, their_need.pk}


def test_a_regional_lead_has_no_scope_choice(client, make_role_user, vysocina):
    client.force_login(make_role_user("vedouci.kraje", "vedouci", region=vysocina))
    response = client.get("/")
    assert response.context["wide"] and not response.context["scope_choice"]
    assert 'class="place-switch"' not in response.content.decode()
