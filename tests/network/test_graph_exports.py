"""The graph exports read back with networkx: same nodes, same edges, the links' lifetimes as GEXF spells."""

import csv
import datetime
import io
import zipfile

import networkx as nx
import pytest

from network.analysis.graph import network_graph
from network.analysis.graph_exports import EDGE_COLUMNS, NODE_COLUMNS, graph_csv_zip, graph_gexf, graph_graphml
from network.analysis.snapshots import snapshot_take
from network.services import case_involvement_add

pytestmark = pytest.mark.django_db


@pytest.fixture
def graph(make_organization, make_link, make_case, actor, pelhrimov):
    """Four organisations of Pelhřimov, one an isolate; two links between A and B, one with joint cases."""
    a, b, c = (make_organization(name=name) for name in ("Spirála", "ZŠ Komenského", "Charita"))
    make_organization(name="Osamělá")
    make_link(a, b, kind="referral", directed=True, since=datetime.date(2021, 3, 1))
    make_link(a, b, kind="funding", since=datetime.date(2019, 1, 1), until=datetime.date(2030, 12, 31))
    make_link(b, c, kind="joint_activity", strength=5)
    for _ in range(3):
        case = make_case()
        for organization in (b, c):
            case_involvement_add(actor=actor, case=case, organization=organization, role="other")
    snapshot_take()  # the graph shows joint cases as of the last snapshot
    return network_graph(actor, district=pelhrimov)


def edge_set(graph):
    return sorted((int(u), int(v), int(data["link"])) for u, v, data in graph.edges(data=True))


def test_graphml_reads_back_with_the_same_nodes_and_edges(graph):
    back = nx.read_graphml(io.BytesIO(graph_graphml(graph)), node_type=int, force_multigraph=True)
    assert set(back.nodes) == set(graph.nodes)
    assert edge_set(back) == edge_set(graph)
    for node, data in graph.nodes(data=True):
        assert back.nodes[node]["name"] == data["name"]
        assert back.nodes[node]["lat"] == pytest.approx(data["lat"])
    by_link = {data["link"]: data for _, _, data in back.edges(data=True)}
    for _, _, data in graph.edges(data=True):
        copy = by_link[data["link"]]
        assert (copy["kind"], copy["strength"], copy["directed"]) == (data["kind"], data["strength"], data["directed"])
        assert copy.get("since") == (data["since"].isoformat() if data["since"] else None)
        assert copy.get("joint_cases") == ("3–5" if data.get("joint_cases") else None)


def test_the_graphml_holds_no_none(graph):
    assert b"None" not in graph_graphml(graph)


def test_gexf_reads_back_with_the_links_lifetimes_as_spells(graph):
    payload = graph_gexf(graph)
    assert b'mode="dynamic"' in payload and b'timeformat="date"' in payload
    back = nx.read_gexf(io.BytesIO(payload), node_type=int)
    assert set(back.nodes) == set(graph.nodes)
    assert edge_set(back) == edge_set(graph)
    spells = {data["link"]: data.get("spells") for _, _, data in back.edges(data=True)}
    for _, _, data in graph.edges(data=True):
        if data["since"] is None and data["until"] is None:
            assert spells[data["link"]] is None
            continue
        [(start, end)] = spells[data["link"]]
        # networkx reads an open end of a spell back as the string "None".
        assert start == (data["since"].isoformat() if data["since"] else "None")
        assert end == (data["until"].isoformat() if data["until"] else "None")
    labels = {node: data["label"] for node, data in back.nodes(data=True)}
    assert labels == {node: data["name"] for node, data in graph.nodes(data=True)}


def test_the_csv_zip_has_a_row_per_organisation_and_per_link(graph):
    archive = zipfile.ZipFile(io.BytesIO(graph_csv_zip(graph)))
    assert sorted(archive.namelist()) == ["edges.csv", "nodes.csv"]

    def rows(name):
        return list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8-sig")), delimiter=";"))

    nodes, edges = rows("nodes.csv"), rows("edges.csv")
    assert list(nodes[0]) == NODE_COLUMNS and list(edges[0]) == EDGE_COLUMNS
    assert {int(row["id"]) for row in nodes} == set(graph.nodes)
    assert {row["name"] for row in nodes} == {data["name"] for _, data in graph.nodes(data=True)}
    assert sorted((int(r["source"]), int(r["target"]), int(r["link"])) for r in edges) == edge_set(graph)
    joint = {row["kind"]: row["joint_cases"] for row in edges}
    assert joint == {"referral": "", "funding": "", "joint_activity": "3–5"}
    funding = next(row for row in edges if row["kind"] == "funding")
    assert (funding["since"], funding["until"]) == ("2019-01-01", "2030-12-31")


def test_an_empty_graph_exports_as_well():
    empty = nx.MultiDiGraph()
    assert nx.read_graphml(io.BytesIO(graph_graphml(empty))).number_of_nodes() == 0
    assert nx.read_gexf(io.BytesIO(graph_gexf(empty))).number_of_nodes() == 0
    assert zipfile.ZipFile(io.BytesIO(graph_csv_zip(empty))).read("edges.csv").decode("utf-8-sig").strip() == ";".join(
        f'"{column}"' for column in EDGE_COLUMNS
    )
