"""The network endpoints of the API: scoped graphs, metrics and exports, and clear 400s for bad parameters."""

import datetime
import io
import zipfile

import networkx as nx
import pytest

pytestmark = pytest.mark.django_db

GRAPH = "/api/v1/network/graph/"
METRICS = "/api/v1/network/metrics/"
EXPORTS = {
    "/api/v1/network/export.graphml": "application/graphml+xml",
    "/api/v1/network/export.gexf": "application/gexf+xml",
    "/api/v1/network/export.csv": "application/zip",
}


@pytest.fixture
def network(make_organization, make_link, liberec_town, jihlava_town):
    """A star in Pelhřimov (an OSPOD and three partners), a link to Jihlava, a pair in Liberec."""
    ospod = make_organization(name="OSPOD Pelhřimov", kind="ospod")
    partners = [make_organization(name=f"Partner {i}") for i in range(3)]
    for partner in partners:
        make_link(ospod, partner, kind="information_sharing", since=datetime.date(2024, 1, 1))
    jihlava_ngo = make_organization(name="Jihlavská NGO", municipality=jihlava_town)
    make_link(partners[0], jihlava_ngo, kind="funding", strength=5, directed=True)
    liberec_a = make_organization(name="Maják Liberec", municipality=liberec_town)
    liberec_b = make_organization(name="ZŠ Liberec", kind="school", municipality=liberec_town)
    make_link(liberec_a, liberec_b)
    return {"ospod": ospod, "partners": partners, "jihlava": jihlava_ngo, "liberec": [liberec_a, liberec_b]}


def test_the_graph_of_a_district(api_as, sitar, network):
    response = api_as(sitar).get(GRAPH, {"district": "6110"})
    assert response.status_code == 200
    body = response.json()
    assert {node["id"] for node in body["nodes"]} == {
        network["ospod"].pk,
        *(p.pk for p in network["partners"]),
        network["jihlava"].pk,
    }
    assert len(body["edges"]) == 4
    edge = next(e for e in body["edges"] if e["kind"] == "information_sharing")
    assert edge["since"] == "2024-01-01" and edge["until"] is None and edge["source"] == network["ospod"].pk
    assert "joint_cases" not in edge
    node = next(n for n in body["nodes"] if n["id"] == network["ospod"].pk)
    assert (node["name"], node["kind"], node["district"]) == ("OSPOD Pelhřimov", "ospod", "6110")
    assert node["url"] == f"/organizations/{network['ospod'].pk}/"


def test_a_liberec_user_sees_no_vysocina_node(api_as, sitar_liberec, network):
    for params in ({}, {"region": "3107"}, {"district": "6110"}, {"region": "3077"}):
        body = api_as(sitar_liberec).get(GRAPH, params).json()
        assert {node["district"] for node in body["nodes"]} <= {"5105"}
        assert all(node["id"] in {o.pk for o in network["liberec"]} for node in body["nodes"])
    assert len(api_as(sitar_liberec).get(GRAPH).json()["nodes"]) == 2
    metrics = api_as(sitar_liberec).get(METRICS).json()
    assert {o["id"] for o in metrics["organizations"]} == {o.pk for o in network["liberec"]}


def test_filters_kind_min_strength_and_as_of(api_as, sitar, network):
    client = api_as(sitar)
    assert len(client.get(GRAPH, {"district": "6110", "kind": "funding"}).json()["edges"]) == 1
    assert len(client.get(f"{GRAPH}?district=6110&kind=funding&kind=information_sharing").json()["edges"]) == 4
    assert len(client.get(GRAPH, {"district": "6110", "min_strength": 4}).json()["edges"]) == 1
    assert len(client.get(GRAPH, {"district": "6110", "as_of": "2023-12-31"}).json()["edges"]) == 1
    # An empty single value is "not given".
    assert client.get(GRAPH, {"district": "", "as_of": "", "min_strength": ""}).status_code == 200


def test_the_metrics_of_the_star(api_as, sitar, network):
    body = api_as(sitar).get(METRICS, {"district": "6110", "kind": "information_sharing"}).json()
    # The Jihlava NGO lies outside Pelhřimov: with its only link filtered out it is no node of Pelhřimov's graph.
    assert body["network"]["nodes"] == 4
    assert body["network"]["density"] == pytest.approx(3 / 6)
    assert body["network"]["centralization"] == pytest.approx(1.0)
    assert body["network"]["isolates"] == []
    centre = next(o for o in body["organizations"] if o["id"] == network["ospod"].pk)
    assert centre["broker"] is True and centre["degree"] == 3


@pytest.mark.parametrize(
    "params, field, czech",
    [
        ({"district": "9999"}, "district", "neexistuje"),
        ({"region": "0000"}, "region", "neexistuje"),
        ({"as_of": "31. 12. 2025"}, "as_of", "formát"),
        ({"min_strength": "6"}, "min_strength", "5"),
        ({"min_strength": "0"}, "min_strength", "1"),
        ({"min_strength": "silná"}, "min_strength", "číslo"),
        ({"kind": "friendship"}, "kind", "platnou"),
        ({"district": "6110", "region": "3107"}, "region", ""),
    ],
)
def test_bad_parameters_answer_400_on_the_parameter_in_czech(api_as, sitar, params, field, czech):
    for url in (GRAPH, METRICS, *EXPORTS):
        response = api_as(sitar).get(url, params)
        assert response.status_code == 400, url
        body = response.json()
        assert list(body) == [field]
        assert czech in body[field][0]


def test_a_bad_parameter_answers_in_english_when_asked(api_as, sitar):
    response = api_as(sitar).get(GRAPH, {"as_of": "zítra"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "format" in response.json()["as_of"][0]


def test_anonymous_gets_no_graph(client, network):
    assert client.get(GRAPH).status_code in (401, 403)
    assert client.get("/api/v1/network/export.graphml").status_code in (401, 403)


def test_a_user_without_a_role_gets_an_empty_graph(api_as, make_user, network):
    body = api_as(make_user("nikdo")).get(GRAPH).json()
    assert body == {"nodes": [], "edges": []}


def test_the_exports_hold_the_same_graph(api_as, sitar, network):
    client = api_as(sitar)
    graph = client.get(GRAPH, {"district": "6110"}).json()
    nodes = {node["id"] for node in graph["nodes"]}
    links = sorted(edge["id"] for edge in graph["edges"])
    for url, content_type in EXPORTS.items():
        response = client.get(url, {"district": "6110"})
        assert response.status_code == 200
        assert response["Content-Type"].startswith(content_type)
        assert "attachment" in response["Content-Disposition"]
    graphml = nx.read_graphml(
        io.BytesIO(client.get("/api/v1/network/export.graphml", {"district": "6110"}).content),
        node_type=int,
        force_multigraph=True,
    )
    assert set(graphml.nodes) == nodes
    assert sorted(data["link"] for _, _, data in graphml.edges(data=True)) == links
    gexf = nx.read_gexf(
        io.BytesIO(client.get("/api/v1/network/export.gexf", {"district": "6110"}).content), node_type=int
    )
    assert set(gexf.nodes) == nodes
    archive = zipfile.ZipFile(io.BytesIO(client.get("/api/v1/network/export.csv", {"district": "6110"}).content))
    assert len(archive.read("edges.csv").decode("utf-8-sig").strip().splitlines()) == len(links) + 1


def test_a_liberec_user_exports_no_vysocina_organisation(api_as, sitar_liberec, network):
    payload = api_as(sitar_liberec).get("/api/v1/network/export.graphml").content.decode()
    assert "Pelhřimov" not in payload and "Jihlav" not in payload and "Maják Liberec" in payload


def test_the_network_endpoints_are_in_the_schema(api_as, sitar):
    schema = api_as(sitar).get("/api/schema/?format=json").json()
    for path in (GRAPH, METRICS, *EXPORTS):
        operation = schema["paths"][path]["get"]
        assert {p["name"] for p in operation["parameters"]} >= {"district", "region", "as_of", "kind", "min_strength"}
        assert "400" in operation["responses"]
