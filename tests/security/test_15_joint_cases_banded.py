"""Item 15: joint cases on a graph edge are shown as a band (3–5, 6–10, more than 10) and only as of the last
network snapshot, so that nobody watching the graph learns that a new case involving two organisations was opened."""

import csv
import io
import zipfile

import networkx as nx
import pytest

from network.analysis.graph import network_graph
from network.analysis.snapshots import snapshot_take
from network.services import case_involvement_add

pytestmark = pytest.mark.django_db

GRAPH = "/api/v1/network/graph/"


@pytest.fixture
def pair(make_organization, make_link):
    """Two organisations of Pelhřimov with a link between them."""
    first, second = make_organization(name="Spirála"), make_organization(name="Charita")
    return first, second, make_link(first, second, kind="joint_activity")


@pytest.fixture
def open_joint_cases(make_case, actor, pair):
    def open_cases(count: int) -> None:
        for _ in range(count):
            case = make_case()
            for organization in pair[:2]:
                case_involvement_add(actor=actor, case=case, organization=organization, role="other")

    return open_cases


def joint_cases_of(api, link) -> str | None:
    edges = api.get(GRAPH, {"district": "6110"}).json()["edges"]
    return next(edge for edge in edges if edge["id"] == link.pk).get("joint_cases")


def test_four_joint_cases_show_as_the_3_to_5_band(api_as, sitar, pair, open_joint_cases):
    open_joint_cases(4)
    snapshot_take()

    assert joint_cases_of(api_as(sitar), pair[2]) == "3-5"


def test_new_cases_change_nothing_until_the_next_snapshot(api_as, sitar, pair, open_joint_cases, actor, pelhrimov):
    api = api_as(sitar)
    open_joint_cases(4)
    assert joint_cases_of(api, pair[2]) is None  # no snapshot yet: nothing of the cases shows

    snapshot_take()
    open_joint_cases(1)
    assert joint_cases_of(api, pair[2]) == "3-5"
    open_joint_cases(1)  # 6 cases now
    assert joint_cases_of(api, pair[2]) == "3-5"
    graph = network_graph(actor, district=pelhrimov)  # the superuser's graph too
    assert [data.get("joint_cases") for *_, data in graph.edges(data=True) if data["link"] == pair[2].pk] == ["3-5"]

    snapshot_take()
    assert joint_cases_of(api, pair[2]) == "6-10"
    open_joint_cases(5)
    snapshot_take()
    assert joint_cases_of(api, pair[2]) == "over-10"


def test_a_graph_as_of_a_day_before_any_snapshot_shows_no_joint_cases(api_as, sitar, pair, open_joint_cases):
    open_joint_cases(4)
    snapshot_take()

    edges = api_as(sitar).get(GRAPH, {"district": "6110", "as_of": "2000-01-01"}).json()["edges"]

    assert all("joint_cases" not in edge for edge in edges)


def test_the_exports_show_the_band_and_never_the_count(api_as, sitar, pair, open_joint_cases):
    api = api_as(sitar)
    open_joint_cases(4)
    snapshot_take()

    graphml = nx.read_graphml(
        io.BytesIO(api.get("/api/v1/network/export.graphml", {"district": "6110"}).content), force_multigraph=True
    )
    assert [data.get("joint_cases") for _, _, data in graphml.edges(data=True)] == ["3–5"]
    gexf = nx.read_gexf(io.BytesIO(api.get("/api/v1/network/export.gexf", {"district": "6110"}).content))
    assert [data.get("joint_cases") for _, _, data in gexf.edges(data=True)] == ["3–5"]
    archive = zipfile.ZipFile(io.BytesIO(api.get("/api/v1/network/export.csv", {"district": "6110"}).content))
    edges = list(csv.DictReader(io.StringIO(archive.read("edges.csv").decode("utf-8-sig")), delimiter=";"))
    assert [row["joint_cases"] for row in edges] == ["3–5"]


def test_the_map_page_shows_the_band(client, sitar, pair, open_joint_cases):
    open_joint_cases(11)
    snapshot_take()
    client.force_login(sitar)

    response = client.get("/network/", {"district": "6110"}, HTTP_ACCEPT_LANGUAGE="cs")

    edges = client.get(response.context["graph_url"], HTTP_ACCEPT_LANGUAGE="cs").json()["edges"]
    assert [edge["joint_cases"] for edge in edges if edge["link"] == pair[2].pk] == ["více než 10"]
