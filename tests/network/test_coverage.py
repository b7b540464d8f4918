"""Coverage and gaps: key services × districts against the open needs, organisations without an OSPOD link, isolates
and brokers; the page and the API; nothing of another kraj."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from network.analysis.coverage import coverage_of, territory_for
from network.analysis.report import Table, Text, report_of
from organizations.models import ServiceKind
from organizations.services import organization_verify

pytestmark = pytest.mark.django_db

URL = "/network/coverage/"
API = "/api/v1/network/coverage/"


@pytest.fixture
def nzdm(db):
    return ServiceKind.objects.get(code="low_threshold_youth")


@pytest.fixture
def leisure(db):
    """A kind outside the key ones."""
    return ServiceKind.objects.get(code="leisure")


def cell(coverage, kind, district):
    row = next(row for row in coverage.rows if row.kind == kind)
    return next(c for c in row.cells if c.district == district)


def test_the_route_has_its_name():
    assert reverse("network-coverage") == URL


# ------------------------------------------------------------------------------------------------- the matrix --


def test_a_key_service_of_an_organisation_in_the_district_makes_it_present_with_its_capacity(
    poradce, vysocina, pelhrimov, jihlava, make_organization, make_service, sas_families, make_meeting
):
    make_meeting(district=jihlava, held_on=timezone.localdate())  # Jihlava is mapped: what it lacks is missing
    spirala = make_organization(name="Spirála Pelhřimov")
    make_service(spirala, kind=sas_families, capacity=10)
    make_service(spirala, kind=sas_families, capacity=5)
    make_service(spirala, kind=sas_families)  # capacity not known: counted as a service, not in the sum
    coverage = coverage_of(poradce, territory_for(poradce, region=vysocina.code))
    assert {d.code for d in coverage.territory.districts} == set(vysocina.districts.values_list("code", flat=True))
    assert len(coverage.territory.districts) == 15  # a column per ORP of the kraj
    there = cell(coverage, sas_families, pelhrimov)
    assert (there.present, there.services, there.capacity) == (True, 3, 15)
    elsewhere = cell(coverage, sas_families, jihlava)
    assert (elsewhere.present, elsewhere.services, elsewhere.capacity) == (False, 0, None)
    assert (sas_families, jihlava) in coverage.missing
    assert (sas_families, pelhrimov) not in coverage.missing


def test_a_service_serving_the_district_from_elsewhere_makes_it_present(
    poradce, pelhrimov, jihlava, jihlava_town, make_organization, make_service, nzdm
):
    kamarad = make_organization(name="Kamarád Jihlava", municipality=jihlava_town)
    make_service(kamarad, kind=nzdm, capacity=20, served_districts=[pelhrimov])
    coverage = coverage_of(poradce, territory_for(poradce, region="3107"))
    assert (cell(coverage, nzdm, pelhrimov).services, cell(coverage, nzdm, pelhrimov).capacity) == (1, 20)
    assert (cell(coverage, nzdm, jihlava).services, cell(coverage, nzdm, jihlava).capacity) == (1, 20)
    # The service that sits in Jihlava and also lists Jihlava among the districts it serves counts there once.


def test_a_service_in_its_own_district_and_serving_it_counts_once(
    poradce, pelhrimov, make_organization, make_service, nzdm
):
    make_service(make_organization(), kind=nzdm, capacity=8, served_districts=[pelhrimov])
    coverage = coverage_of(poradce, territory_for(poradce, district=pelhrimov.code))
    assert (cell(coverage, nzdm, pelhrimov).services, cell(coverage, nzdm, pelhrimov).capacity) == (1, 8)


def test_ended_services_closed_organisations_and_other_kinds_do_not_count(
    poradce, pelhrimov, make_organization, make_service, sas_families, leisure
):
    make_service(make_organization(), kind=sas_families, status="ended", active_until=datetime.date(2025, 12, 31))
    make_service(make_organization(status="closed"), kind=sas_families)
    make_service(make_organization(), kind=leisure)
    coverage = coverage_of(poradce, territory_for(poradce, district=pelhrimov.code))
    assert not cell(coverage, sas_families, pelhrimov).present
    assert leisure not in [row.kind for row in coverage.rows]
    assert {row.kind.code for row in coverage.rows} >= {
        "sas_families",
        "low_threshold_youth",
        "crisis_help",
        "specialised_counselling",
    }
    assert len(coverage.territory.districts) == 1


def test_open_needs_stand_beside_the_services_per_kind_and_district(
    poradce, pelhrimov, jihlava, make_need, nzdm, leisure
):
    make_need(district=pelhrimov, wanted_service_kind=nzdm)
    make_need(district=pelhrimov, wanted_service_kind=nzdm)
    make_need(district=jihlava, wanted_service_kind=leisure)
    make_need(district=pelhrimov)  # no kind named
    from meetings.services import need_set_status

    need_set_status(
        actor=None,
        need=make_need(district=pelhrimov, wanted_service_kind=nzdm),
        status="resolved",
        note="Otevřen klub.",
    )
    coverage = coverage_of(poradce, territory_for(poradce, region="3107"))
    assert cell(coverage, nzdm, pelhrimov).needs == 2
    assert cell(coverage, nzdm, jihlava).needs == 0
    columns = [d.code for d in coverage.territory.districts]
    by_label = {row.label: dict(zip(columns, row.counts)) for row in coverage.need_rows}
    assert by_label[str(nzdm)][pelhrimov.code] == 2
    assert by_label[str(leisure)][jihlava.code] == 1
    assert [row.kind for row in coverage.need_rows][-1] is None  # the needs that name no kind come last
    assert coverage.need_rows[-1].total == 1


# ---------------------------------------------------------------------------------- OSPOD links and the graph --


def test_organisations_without_a_link_to_any_ospod_are_named(poradce, pelhrimov, ospod, make_organization, make_link):
    linked_to = make_organization(name="Linked to OSPOD")
    linked_from = make_organization(name="Linked from OSPOD")
    alone = make_organization(name="Without OSPOD")
    ended_only = make_organization(name="Ended link only")
    make_link(linked_to, ospod)
    make_link(ospod, linked_from, kind="information_sharing", directed=True)
    make_link(alone, linked_to, kind="joint_activity")
    make_link(ended_only, ospod, status="ended", since=datetime.date(2024, 1, 1), until=datetime.date(2025, 1, 1))
    coverage = coverage_of(poradce, territory_for(poradce, district=pelhrimov.code))
    assert [o.name for o in coverage.without_ospod] == ["Ended link only", "Without OSPOD"]


def test_isolates_and_single_brokers_come_from_the_graph(poradce, pelhrimov, make_organization, make_link):
    a, b, c = (make_organization(name=name) for name in ("A", "B", "C"))
    isolate = make_organization(name="Isolated")
    make_link(a, b)
    make_link(b, c)
    coverage = coverage_of(poradce, territory_for(poradce, district=pelhrimov.code))
    assert [o.name for o in coverage.isolates] == ["Isolated"]
    assert [o.name for o in coverage.brokers] == ["B"]
    assert isolate.pk in coverage.metrics["isolates"]


def test_the_metrics_kept_for_a_network_are_used_until_a_write_changes_it(
    poradce, pelhrimov, make_organization, make_link, actor, monkeypatch
):
    from network.analysis import graph as graph_module
    from network.services import link_update

    a, b = make_organization(name="A"), make_organization(name="B")
    isolate = make_organization(name="Isolated")
    link = make_link(a, b)
    territory = territory_for(poradce, district=pelhrimov.code)
    assert [o.pk for o in coverage_of(poradce, territory).isolates] == [isolate.pk]
    # The same network again: its metrics come from the cache, no graph is built.
    built = []
    network_graph = graph_module.network_graph  # network_summary builds it when the network's state is new
    monkeypatch.setattr(graph_module, "network_graph", lambda *a, **k: built.append(1) or network_graph(*a, **k))
    assert [o.pk for o in coverage_of(poradce, territory).isolates] == [isolate.pk]
    assert built == []
    # A write the graph reads: the next request sees it.
    make_link(isolate, a)
    assert [o.pk for o in coverage_of(poradce, territory).isolates] == []
    assert built == [1]
    link_update(actor=actor, link=link, data={"strength": 1})
    coverage_of(poradce, territory)
    assert built == [1, 1]


# ------------------------------------------------------------------------------------------------- the page --


def test_the_page_shows_the_matrix_with_badges(
    client, poradce, pelhrimov, make_organization, make_service, sas_families, make_need, nzdm, make_meeting
):
    make_meeting(district=pelhrimov, held_on=timezone.localdate())
    make_service(make_organization(name="Spirála Pelhřimov"), kind=sas_families, capacity=12)
    make_need(district=pelhrimov, wanted_service_kind=nzdm, title="Chybí klub")
    client.force_login(poradce)
    response = client.get(URL, {"district": pelhrimov.code})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-district="6110" data-kind="sas_families">' in page
    sas_cell = page.split('data-kind="sas_families">', 1)[1].split("</td>", 1)[0]
    nzdm_cell = page.split('data-kind="low_threshold_youth">', 1)[1].split("</td>", 1)[0]
    assert 'class="badge ok"' in sas_cell and "12" in sas_cell
    assert 'class="badge error"' in nzdm_cell and 'class="badge warn"' in nzdm_cell


def test_the_page_defaults_to_the_users_own_territory(client, poradce, make_role_user, pelhrimov):
    client.force_login(poradce)
    assert client.get(URL).context["territory"].region.code == "3107"
    assert not client.get(URL).context["territory"].is_district
    sitar = make_role_user("sitar.pelhrimov", "sitar", district=pelhrimov)
    client.force_login(sitar)
    assert client.get(URL).context["territory"].district == pelhrimov


def test_a_whole_kraj_scrolls_inside_its_wrapper_only(client, poradce):
    client.force_login(poradce)
    page = client.get(URL, {"region": "3107"}).content.decode()
    assert 'class="matrix-wrap wide"' in page
    assert page.count('<th scope="col"><a href="?district=') == 15  # the 15 ORP of Vysočina


def test_a_liberec_networker_sees_nothing_of_vysocina(
    client, sitar_liberec, make_organization, make_service, sas_families, pelhrimov
):
    make_service(make_organization(name="Spirála Pelhřimov"), kind=sas_families)
    client.force_login(sitar_liberec)
    assert client.get(URL, {"district": pelhrimov.code}).status_code == 404
    assert client.get(URL, {"region": "3107"}).status_code == 404
    assert client.get(URL, {"district": "9999"}).status_code == 404
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["territory"].district.code == "5105"
    page = response.content.decode()
    assert "Spirála" not in page and "Pelhřimov" not in page


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# -------------------------------------------------------------------------------------------------- the API --


def test_the_api_answers_the_same_data(
    api_as, poradce, pelhrimov, make_organization, make_service, sas_families, make_need, nzdm, ospod, make_meeting
):
    make_meeting(district=pelhrimov, held_on=timezone.localdate())
    spirala = make_organization(name="Spirála Pelhřimov")
    make_service(spirala, kind=sas_families, capacity=12)
    make_need(district=pelhrimov, wanted_service_kind=nzdm)
    response = api_as(poradce).get(API, {"district": pelhrimov.code})
    assert response.status_code == 200
    data = response.json()
    assert data["territory"] == {
        "level": "district",
        "code": "6110",
        "name": "Pelhřimov",
        "region": {"code": "3107", "name": "Kraj Vysočina"},
        "districts": [{"code": "6110", "name": "Pelhřimov"}],
    }
    rows = {row["kind"]["code"]: row["districts"][0] for row in data["key_services"]}
    assert rows["sas_families"] == {
        "district": "6110",
        "present": True,
        "state": "present",
        "services": 1,
        "capacity": 12,
        "open_needs": 0,
    }
    assert data["not_mapped"] == [] and data["mapped_within_days"] == 730
    assert rows["low_threshold_youth"] == {
        "district": "6110",
        "present": False,
        "state": "missing",
        "services": 0,
        "capacity": None,
        "open_needs": 1,
    }
    assert data["open_needs"] == [
        {
            "kind": {"code": "low_threshold_youth", "name": nzdm.name, "paragraph": "62"},
            "total": 1,
            "districts": [{"district": "6110", "count": 1}],
        }
    ]
    assert [o["name"] for o in data["without_ospod_link"]] == ["Spirála Pelhřimov"]
    assert {o["name"] for o in data["isolates"]} == {"Spirála Pelhřimov", "OSPOD Pelhřimov"}
    assert data["brokers"] == []


def test_the_api_covers_a_kraj_and_refuses_another_one(api_as, poradce, sitar_liberec):
    data = api_as(poradce).get(API, {"region": "3107"}).json()
    assert data["territory"]["level"] == "region" and len(data["territory"]["districts"]) == 15
    assert api_as(sitar_liberec).get(API, {"region": "3107"}).status_code == 404
    assert api_as(sitar_liberec).get(API, {"district": "6110"}).status_code == 404
    assert api_as(sitar_liberec).get(API).json()["territory"]["code"] == "5105"


def test_the_api_rejects_a_malformed_code_and_needs_credentials(api_as, poradce, client):
    response = api_as(poradce).get(API, {"district": "Pelhřimov"})
    assert response.status_code == 400 and "district" in response.json()
    assert client.get(API).status_code in (401, 403)


def test_the_api_is_in_the_schema(api_as, poradce):
    schema = api_as(poradce).get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/network/coverage/"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {"district", "region"}
    assert operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/Coverage")
    assert {"400", "404"} <= set(operation["responses"])


def test_the_page_costs_the_same_queries_whatever_the_number_of_organisations(
    client,
    poradce,
    jihlava_town,
    make_organization,
    make_service,
    make_link,
    make_need,
    sas_families,
    nzdm,
    pelhrimov,
    jihlava,
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def build(n):
        previous = None
        for i in range(n):
            org = make_organization(**({"municipality": jihlava_town} if i % 2 else {}))
            make_service(org, kind=sas_families if i % 2 else nzdm, capacity=i, served_districts=[pelhrimov])
            make_need(district=jihlava if i % 2 else pelhrimov, wanted_service_kind=nzdm)
            if previous is not None:
                make_link(org, previous)
            previous = org

    client.force_login(poradce)
    build(2)
    client.get(URL, {"region": "3107"})
    with CaptureQueriesContext(connection) as few_kept:
        assert client.get(URL, {"region": "3107"}).status_code == 200  # the network's metrics kept
    build(1)
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL, {"region": "3107"}).status_code == 200  # a changed network: its graph built
    build(6)
    with CaptureQueriesContext(connection) as more:
        assert client.get(URL, {"region": "3107"}).status_code == 200
    with CaptureQueriesContext(connection) as more_kept:
        assert client.get(URL, {"region": "3107"}).status_code == 200
    assert len(more) == len(few)
    assert len(more_kept) == len(few_kept) < len(few)


# ------------------------------------------------------------------------------ the report's gaps, on small data --


def test_the_reports_gaps_name_missing_key_services_and_needs_no_service_answers(
    poradce, pelhrimov, make_organization, make_service, make_need, sas_families, nzdm, leisure, make_meeting
):
    from network.analysis.report import report_of

    make_meeting(district=pelhrimov, held_on=timezone.localdate())

    make_service(make_organization(name="Spirála Pelhřimov"), kind=sas_families)
    make_need(title="Rodiny potřebují SAS", wanted_service_kind=sas_families, priority="high")
    make_need(title="Chybí klub", wanted_service_kind=nzdm, priority="low")
    make_need(title="Kroužky", wanted_service_kind=leisure, priority="high")
    make_need(title="Nevíme co", priority="medium")
    report = report_of(poradce, territory_for(poradce, district=pelhrimov.code))
    missing, isolates, unmet = report.chapters[3].blocks
    assert str(sas_families) not in [row[0] for row in missing.rows]
    assert [str(nzdm), 1] in missing.rows
    assert [row[0] for row in isolates.rows] == ["Spirála Pelhřimov"]
    assert [row[0] for row in unmet.rows] == ["Kroužky", "Nevíme co", "Chybí klub"]  # most urgent first
    open_needs = report.chapters[1].blocks[4]
    assert [row[0] for row in open_needs.rows] == ["Kroužky", "Rodiny potřebují SAS", "Nevíme co", "Chybí klub"]


# ------------------------------------------------------------------------------ missing or not mapped yet --


def test_where_nobody_has_worked_lately_a_service_without_a_provider_is_not_mapped_yet_not_missing(
    poradce, vysocina, pelhrimov, jihlava, make_organization, make_meeting, sas_families
):
    # Pelhřimov: a meeting this week. Jihlava: only a meeting three years ago, nothing verified.
    make_meeting(district=pelhrimov, held_on=timezone.localdate() - datetime.timedelta(days=3))
    make_meeting(district=jihlava, held_on=timezone.localdate() - datetime.timedelta(days=3 * 365))
    coverage = coverage_of(poradce, territory_for(poradce, region=vysocina.code))
    assert cell(coverage, sas_families, pelhrimov).state == "missing"
    assert cell(coverage, sas_families, jihlava).state == "not_mapped"
    assert (sas_families, pelhrimov) in coverage.missing
    assert (sas_families, jihlava) not in coverage.missing
    assert jihlava.pk in {d.pk for d in coverage.not_mapped} and pelhrimov.pk not in {d.pk for d in coverage.not_mapped}


def test_an_organisation_verified_in_the_district_maps_it(poradce, pelhrimov, make_organization, sas_families, actor):
    organization_verify(actor=actor, organization=make_organization(name="Spirála Pelhřimov"))
    coverage = coverage_of(poradce, territory_for(poradce, district=pelhrimov.code))
    assert cell(coverage, sas_families, pelhrimov).state == "missing"


def test_the_page_api_and_report_say_not_mapped_yet_with_why(client, api_as, poradce, pelhrimov, sas_families):
    client.force_login(poradce)
    page = client.get(URL, {"district": pelhrimov.code}).content.decode()
    sas_cell = page.split('data-kind="sas_families">', 1)[1].split("</td>", 1)[0]
    assert 'class="badge unmapped"' in sas_cell and 'class="badge error"' not in sas_cell
    assert 'id="not-mapped-note"' in page
    data = api_as(poradce).get(API, {"district": pelhrimov.code}).json()
    rows = {row["kind"]["code"]: row["districts"][0] for row in data["key_services"]}
    assert rows["sas_families"]["state"] == "not_mapped" and data["not_mapped"] == ["6110"]
    report = report_of(poradce, territory_for(poradce, district=pelhrimov.code))
    services = report.chapters[1]
    assert isinstance(services.blocks[0], Text)  # why: nobody has mapped the ORP yet
    coverage_table = next(b for b in services.blocks if isinstance(b, Table))
    assert {mark.ok for mark in (row[1] for row in coverage_table.rows)} == {None}
    assert report.chapters[3].blocks[0].rows == []  # nothing "missing" in the gaps


# ------------------------------------------------------------------------------ a kraj's long lists, paged --


def test_a_kraj_pages_its_organisations_without_an_ospod_link_each_list_on_its_own(client, poradce, make_organization):
    from core.views import PAGE_SIZE

    created = {make_organization().pk for _ in range(PAGE_SIZE + 3)}
    client.force_login(poradce)
    first = client.get(URL, {"region": "3107"})
    listed = first.context["lists"]["without_ospod"]
    assert listed["count"] >= PAGE_SIZE + 3 and len(listed["page_obj"].object_list) == PAGE_SIZE
    assert "region=3107&amp;without_ospod_page=2#no-ospod-title" in first.content.decode()
    second = client.get(URL, {"region": "3107", "without_ospod_page": "2", "isolates_page": "1"})
    rest = second.context["lists"]["without_ospod"]["page_obj"].object_list
    shown = {o.pk for o in listed["page_obj"].object_list} | {o.pk for o in rest}
    assert created <= shown and not {o.pk for o in listed["page_obj"].object_list} & {o.pk for o in rest}
    # The other lists keep their own page in the links.
    assert "isolates_page=1" in second.content.decode()
