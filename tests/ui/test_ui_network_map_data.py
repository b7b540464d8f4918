"""The network map's drawing data (issue 17): the page carries no graph, its script fetches it from
/network/graph/ with the page's territory and filters; the answer has an ETag of the network's state, so an unchanged
network costs a 304, and any write to a link or an organisation of it gives a new ETag and the new data."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.views import PAGE_SIZE
from network.services import link_update
from organizations.services import organization_update

pytestmark = pytest.mark.django_db

PAGE = "/network/"
DATA = "/network/graph/"


@pytest.fixture
def pelhrimov_network(organization, partner, ospod, make_link):
    link = make_link(organization, partner, kind="referral", strength=3)
    make_link(ospod, organization, kind="case_cooperation", strength=5, directed=True)
    return {"spirala": organization, "zs": partner, "ospod": ospod, "link": link}


def fetch(client, url, etag=None):
    return client.get(url, HTTP_IF_NONE_MATCH=etag) if etag else client.get(url)


# ------------------------------------------------------------------------------------------------ the page --


def test_the_page_names_the_data_of_its_territory_and_filters(as_user, sitar, pelhrimov, pelhrimov_network):
    page = as_user(sitar).get(PAGE, {"min_strength": "4", "kinds": ["case_cooperation", "referral"]})
    url = page.context["graph_url"]
    assert url.startswith(DATA)
    assert "district=6110" in url and "min_strength=4" in url
    assert "kinds=case_cooperation" in url and "kinds=referral" in url
    data = as_user(sitar).get(url).json()
    assert [(edge["kind"], edge["strength"]) for edge in data["edges"]] == [("case_cooperation", 5)]


def _fill(make_organization, make_link, hub, count):
    for number in range(count):
        make_link(hub, make_organization(name=f"Organizace {number:04d}"), kind="joint_activity")


def test_the_page_weighs_the_same_for_few_and_many_organisations(as_user, sitar, make_organization, make_link):
    # The table of the organisations is paged: from a full page on, more organisations add nothing to the page but
    # their count; the graph is not in the page at all.
    client = as_user(sitar)
    hub = make_organization(name="Rozcestník 0000")
    _fill(make_organization, make_link, hub, PAGE_SIZE)
    few = client.get(PAGE)
    assert few.context["organizations"]["count"] == PAGE_SIZE + 1
    _fill(make_organization, make_link, hub, 3 * PAGE_SIZE)
    many = client.get(PAGE)
    assert many.context["organizations"]["count"] == 4 * PAGE_SIZE + 1
    assert len(many.context["organizations"]["rows"]) == PAGE_SIZE
    assert abs(len(many.content) - len(few.content)) < 1024
    assert len(client.get(many.context["graph_url"]).json()["nodes"]) == 4 * PAGE_SIZE + 1


def test_the_table_pages_keep_the_sort_and_the_filters(as_user, sitar, make_organization, make_link):
    client = as_user(sitar)
    hub = make_organization(name="Rozcestník 0000")
    _fill(make_organization, make_link, hub, PAGE_SIZE + 5)
    first = client.get(PAGE, {"sort": "name", "min_strength": "1"})
    second = client.get(PAGE, {"sort": "name", "min_strength": "1", "page": "2"})
    ids = [row["pk"] for row in first.context["organizations"]["rows"]]
    more = [row["pk"] for row in second.context["organizations"]["rows"]]
    assert len(ids) == PAGE_SIZE and len(more) == 6 and not set(ids) & set(more)
    link = "?sort=name&amp;min_strength=1&amp;page=2"
    assert link in first.content.decode()
    # A new sort starts from the first page.
    assert all("page=" not in column["href"] for column in second.context["organizations"]["columns"])


def test_the_table_page_costs_the_same_queries_for_1_and_many_organisations(
    as_user, sitar, make_organization, make_link
):
    client = as_user(sitar)
    hub = make_organization(name="Rozcestník")
    make_link(hub, make_organization())
    client.get(PAGE)
    caches["metrics"].clear()  # each counted page builds its graph (an unchanged network's summary is kept)
    with CaptureQueriesContext(connection) as one:
        client.get(PAGE, {"page": "1"})
    _fill(make_organization, make_link, hub, PAGE_SIZE + 5)
    caches["metrics"].clear()
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(PAGE, {"page": "2"}).context["organizations"]["rows"]) == 7
    assert len(many) == len(one)


# ------------------------------------------------------------------------------------------------ the data --


def test_the_data_is_kept_private_and_revalidated_by_its_etag(as_user, sitar, pelhrimov_network):
    response = as_user(sitar).get(DATA, {"district": "6110"})
    assert response.status_code == 200
    assert response["ETag"].startswith('W/"')  # weak: the same whether GZipMiddleware compressed the answer or not
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-cache"} <= cache_control and "no-store" not in cache_control
    assert "Cookie" in response["Vary"]
    ids = {node["id"] for node in response.json()["nodes"]}
    assert ids == {pelhrimov_network[name].pk for name in ("spirala", "zs", "ospod")}


def test_an_unchanged_network_answers_304_without_building_the_graph(as_user, sitar, pelhrimov_network, monkeypatch):
    from network.analysis import graph_views

    client = as_user(sitar)
    etag = client.get(DATA, {"district": "6110"})["ETag"]
    monkeypatch.setattr(graph_views, "network_graph", lambda *args, **kwargs: pytest.fail("graph built"))
    again = client.get(DATA, {"district": "6110"}, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["ETag"] == etag and again.content == b""
    # The strong form matches too (If-None-Match compares weakly).
    assert client.get(DATA, {"district": "6110"}, HTTP_IF_NONE_MATCH=etag.removeprefix("W/")).status_code == 304


def test_a_changed_link_gives_a_new_etag_and_the_next_request_sees_it(as_user, sitar, actor, pelhrimov_network):
    client = as_user(sitar)
    url = f"{DATA}?district=6110"
    etag = client.get(url)["ETag"]
    link_update(actor=actor, link=pelhrimov_network["link"], data={"strength": 5})
    fresh = fetch(client, url, etag)
    assert fresh.status_code == 200 and fresh["ETag"] != etag
    strengths = {edge["link"]: edge["strength"] for edge in fresh.json()["edges"]}
    assert strengths[pelhrimov_network["link"].pk] == 5


def test_a_new_link_and_a_renamed_organisation_give_new_etags(
    as_user, sitar, actor, pelhrimov_network, make_organization, make_link
):
    client = as_user(sitar)
    url = f"{DATA}?district=6110"
    first = client.get(url)["ETag"]
    newcomer = make_organization(name="Nová organizace")
    second = fetch(client, url, first)
    assert second.status_code == 200 and newcomer.pk in {node["id"] for node in second.json()["nodes"]}
    make_link(newcomer, pelhrimov_network["zs"])
    third = fetch(client, url, second["ETag"])
    assert third.status_code == 200 and len(third.json()["edges"]) == 3
    organization_update(actor=actor, organization=newcomer, data={"name": "Přejmenovaná organizace"})
    fourth = fetch(client, url, third["ETag"])
    assert fourth.status_code == 200
    assert {node["id"]: node["name"] for node in fourth.json()["nodes"]}[newcomer.pk] == "Přejmenovaná organizace"
    assert fetch(client, url, fourth["ETag"]).status_code == 304


def test_the_etag_differs_by_filters_and_by_user(as_user, sitar, vedouci, pelhrimov_network):
    etag = as_user(sitar).get(DATA, {"district": "6110"})["ETag"]
    assert as_user(sitar).get(DATA, {"district": "6110", "min_strength": "4"})["ETag"] != etag
    lead = as_user(vedouci)
    other = lead.get(DATA, {"district": "6110"}, HTTP_IF_NONE_MATCH=etag)
    assert other.status_code == 200 and other["ETag"] != etag


def test_the_data_of_a_territory_out_of_reach_is_404_and_needs_a_sign_in(
    as_user, client, sitar_liberec, pelhrimov_network
):
    assert client.get(DATA, {"district": "6110"}).status_code == 302
    liberec = as_user(sitar_liberec)
    assert liberec.get(DATA, {"district": "6110"}).status_code == 404
    assert liberec.get(DATA, {"region": "3107"}).status_code == 404


def test_bad_filters_answer_400_with_their_errors(as_user, sitar, pelhrimov_network):
    response = as_user(sitar).get(DATA, {"district": "6110", "min_strength": "9"})
    assert response.status_code == 400 and "min_strength" in response.json()["errors"]


def test_the_data_costs_the_same_queries_for_1_and_20_links(as_user, sitar, make_organization, make_link):
    client = as_user(sitar)
    hub = make_organization(name="Rozcestník")
    make_link(hub, make_organization())
    client.get(DATA)
    with CaptureQueriesContext(connection) as few:
        etag = client.get(DATA)["ETag"]
    with CaptureQueriesContext(connection) as few_unchanged:
        assert client.get(DATA, HTTP_IF_NONE_MATCH=etag).status_code == 304
    for _ in range(19):
        make_link(hub, make_organization(), kind="joint_activity")
    with CaptureQueriesContext(connection) as many:
        response = client.get(DATA)
    assert len(response.json()["edges"]) == 20
    with CaptureQueriesContext(connection) as many_unchanged:
        assert client.get(DATA, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    assert len(many) == len(few)
    assert len(many_unchanged) == len(few_unchanged) < len(many)
