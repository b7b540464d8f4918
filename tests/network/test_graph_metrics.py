"""Network and organisation metrics on small graphs whose values are computed by hand."""

import networkx as nx
import pytest

from network.analysis import metrics as metrics_module
from network.analysis.graph import network_graph
from network.analysis.metrics import graph_metrics, network_metrics, organization_metrics


def approx(value):
    return pytest.approx(value, abs=1e-9)


# ------------------------------------------------------------------------------- pure functions on nx graphs --


def star() -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    for leaf in (2, 3, 4, 5):
        graph.add_edge(1, leaf, directed=False)
    return graph


def path_of_four() -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    graph.add_edge(1, 2, directed=False)
    graph.add_edge(2, 3, directed=False)
    graph.add_edge(3, 4, directed=False)
    return graph


def test_a_star_has_density_four_tenths_and_full_centralisation():
    metrics = network_metrics(star())
    assert (metrics["nodes"], metrics["edges"]) == (5, 4)
    assert metrics["density"] == approx(4 / 10)
    assert metrics["centralization"] == approx(1.0)
    assert metrics["components"] == 1
    assert metrics["isolates"] == []
    assert metrics["reciprocity"] is None  # no directed links at all


def test_the_centre_of_a_star_is_its_broker_with_betweenness_one():
    per_org = organization_metrics(star())
    assert per_org[1]["betweenness"] == approx(1.0)
    assert per_org[1]["broker"] is True
    assert [node for node, values in per_org.items() if values["broker"]] == [1]
    assert per_org[1]["degree"] == 4
    # An undirected link counts both ways.
    assert (per_org[1]["in_degree"], per_org[1]["out_degree"]) == (4, 4)
    assert (per_org[2]["in_degree"], per_org[2]["out_degree"]) == (1, 1)
    assert per_org[1]["closeness"] == approx(1.0)
    assert per_org[1]["eigenvector"] > per_org[2]["eigenvector"] > 0


def test_a_path_of_four_has_density_half_and_average_path_ten_sixths():
    metrics = network_metrics(path_of_four())
    assert metrics["density"] == approx(3 / 6)
    assert metrics["average_path_length"] == approx(10 / 6)
    # Freeman: max degree 2, Σ(2 − dᵢ) = 1 + 0 + 0 + 1 = 2, over (n−1)(n−2) = 6.
    assert metrics["centralization"] == approx(2 / 6)


def test_the_inner_nodes_of_a_path_are_its_cut_vertices():
    per_org = organization_metrics(path_of_four())
    assert {node for node, values in per_org.items() if values["broker"]} == {2, 3}
    assert per_org[2]["betweenness"] == approx(2 / 3)


def test_two_components_and_an_isolate_are_counted():
    graph = nx.MultiDiGraph()
    graph.add_edge(1, 2, directed=False)
    graph.add_edge(3, 4, directed=False)
    graph.add_node(5)
    metrics = network_metrics(graph)
    assert metrics["components"] == 3
    assert metrics["isolates"] == [5]
    assert metrics["average_path_length"] == approx(1.0)
    assert organization_metrics(graph)[5]["eigenvector"] == 0.0


def test_a_directed_pair_both_ways_is_fully_reciprocal_and_one_way_not_at_all():
    both = nx.MultiDiGraph()
    both.add_edge("A", "B", directed=True)
    both.add_edge("B", "A", directed=True)
    one = nx.MultiDiGraph()
    one.add_edge("A", "B", directed=True)
    assert network_metrics(both)["reciprocity"] == approx(1.0)
    assert network_metrics(one)["reciprocity"] == approx(0.0)
    per_org = organization_metrics(one)
    assert (per_org["A"]["out_degree"], per_org["A"]["in_degree"]) == (1, 0)
    assert (per_org["B"]["out_degree"], per_org["B"]["in_degree"]) == (0, 1)


def test_tiny_graphs_have_no_path_length_and_no_centralisation():
    single = nx.MultiDiGraph()
    single.add_node(1)
    metrics = network_metrics(single)
    assert metrics["average_path_length"] is None
    assert metrics["centralization"] == 0.0
    assert metrics["density"] == 0.0
    assert network_metrics(nx.MultiDiGraph())["nodes"] == 0
    assert organization_metrics(nx.MultiDiGraph()) == {}


def test_a_plain_graph_and_digraph_work_as_well():
    assert network_metrics(nx.star_graph(4))["centralization"] == approx(1.0)
    digraph = nx.DiGraph([(1, 2), (2, 1)])
    assert network_metrics(digraph)["reciprocity"] == approx(1.0)


# -------------------------------------------------------------------------- the same from real rows --


@pytest.mark.django_db
def test_a_star_of_real_links_in_pelhrimov(make_organization, make_link, actor, pelhrimov):
    centre = make_organization(name="OSPOD Pelhřimov", kind="ospod")
    leaves = [make_organization(name=f"Partner {i}") for i in range(4)]
    for leaf in leaves:
        make_link(centre, leaf, kind="information_sharing")
    graph = network_graph(actor, district=pelhrimov)
    metrics = network_metrics(graph)
    assert (metrics["nodes"], metrics["edges"]) == (5, 4)
    assert metrics["density"] == approx(0.4)
    assert metrics["centralization"] == approx(1.0)
    per_org = organization_metrics(graph)
    assert per_org[centre.pk]["betweenness"] == approx(1.0)
    assert {pk for pk, values in per_org.items() if values["broker"]} == {centre.pk}


@pytest.mark.django_db
def test_a_path_of_real_links_with_mixed_kinds(make_organization, make_link, actor, pelhrimov):
    a, b, c, d = (make_organization(name=name) for name in "ABCD")
    make_link(a, b, kind="referral", directed=True)
    make_link(b, c, kind="joint_activity", strength=5)
    make_link(c, d, kind="funding", directed=True)
    graph = network_graph(actor, district=pelhrimov)
    metrics = network_metrics(graph)
    assert metrics["density"] == approx(0.5)
    assert metrics["average_path_length"] == approx(10 / 6)
    assert {pk for pk, values in organization_metrics(graph).items() if values["broker"]} == {b.pk, c.pk}


@pytest.mark.django_db
def test_two_components_and_an_isolate_from_real_rows(make_organization, make_link, actor, pelhrimov):
    a, b, c, d = (make_organization(name=name) for name in "ABCD")
    lonely = make_organization(name="Osamělá organizace")
    make_link(a, b)
    make_link(c, d)
    metrics = network_metrics(network_graph(actor, district=pelhrimov))
    assert metrics["components"] == 3
    assert metrics["isolates"] == [lonely.pk]


@pytest.mark.django_db
def test_reciprocity_of_real_directed_links(make_organization, make_link, actor, pelhrimov):
    a, b = make_organization(name="A"), make_organization(name="B")
    make_link(a, b, kind="referral", directed=True)
    assert network_metrics(network_graph(actor, district=pelhrimov))["reciprocity"] == approx(0.0)
    make_link(b, a, kind="referral", directed=True)
    graph = network_graph(actor, district=pelhrimov)
    assert network_metrics(graph)["reciprocity"] == approx(1.0)
    assert network_metrics(graph)["density"] == approx(1.0)
    assert organization_metrics(graph)[a.pk]["in_degree"] == 1


@pytest.mark.django_db
def test_node_and_edge_attributes(make_organization, make_link, actor, pelhrimov, jihlava_town):
    here = make_organization(name="Spirála", latitude="49.431000", longitude="15.223000")
    there = make_organization(name="Jihlavská NGO", municipality=jihlava_town)
    link = make_link(here, there, kind="formal_agreement", formalized=True, agreement_date="2025-01-01", strength=4)
    graph = network_graph(actor, district=pelhrimov)
    assert graph.nodes[here.pk]["lat"] == approx(49.431)
    assert graph.nodes[here.pk]["district"] == "6110"
    assert graph.nodes[here.pk]["url"] == f"/organizations/{here.pk}/"
    assert graph.nodes[there.pk]["district"] == "6105"
    assert graph.nodes[there.pk]["lat"] == approx(float(there.district.centroid_lat))
    edge = graph.get_edge_data(here.pk, there.pk)[link.pk]
    assert edge["kind"] == "formal_agreement"
    assert (edge["strength"], edge["formalized"], edge["directed"], edge["link"]) == (4, True, False, link.pk)
    assert "joint_cases" not in edge


def test_above_the_exact_size_the_centralities_are_estimated_close_to_the_exact_ones(monkeypatch):
    """A kraj or the country is measured from pivots (network.analysis.metrics.EXACT_NODES, PIVOTS); the estimates stay
    close to networkx's exact values and the network's metrics say they are estimates."""
    import networkx as nx

    big = nx.connected_watts_strogatz_graph(400, 6, 0.2, seed=4)
    exact_betweenness = nx.betweenness_centrality(big)
    exact_closeness = nx.closeness_centrality(big)
    monkeypatch.setattr(metrics_module, "EXACT_NODES", 100)
    monkeypatch.setattr(metrics_module, "PIVOTS", 200)
    monkeypatch.setattr(metrics_module, "DISTANCE_PIVOTS", 200)

    metrics = network_metrics(big)
    per_org = organization_metrics(big)

    assert metrics["estimated"] is True
    assert metrics["average_path_length"] == pytest.approx(nx.average_shortest_path_length(big), rel=0.05)
    assert sum(v["betweenness"] for v in per_org.values()) == pytest.approx(sum(exact_betweenness.values()), rel=0.1)
    assert all(per_org[node]["closeness"] == pytest.approx(exact_closeness[node], rel=0.1) for node in big)
    top = sorted(exact_betweenness, key=exact_betweenness.get, reverse=True)[:20]
    assert len(set(top) & set(sorted(per_org, key=lambda n: per_org[n]["betweenness"], reverse=True)[:40])) >= 15


# ---------------------------------------------------------------------------------------- cached metrics --


def test_the_metrics_of_one_state_of_a_network_are_computed_once(monkeypatch):
    computed = []
    real = metrics_module.network_metrics
    monkeypatch.setattr(metrics_module, "network_metrics", lambda graph: computed.append(graph) or real(graph))

    first = graph_metrics(star())
    assert graph_metrics(star()) == first
    assert first[0] == network_metrics(star())
    assert first[1][1]["betweenness"] == approx(1.0)
    assert len(computed) == 1
    # Names, strengths and dates do not enter the metrics: the same network, from the cache.
    renamed = star()
    nx.set_node_attributes(renamed, "Jiný název", "name")
    nx.set_edge_attributes(renamed, 5, "strength")
    graph_metrics(renamed)
    assert len(computed) == 1
    # Another link, an organisation more or a link that turns directed is another network.
    linked = star()
    linked.add_edge(2, 3, directed=False)
    assert graph_metrics(linked)[0]["edges"] == 5
    grown = star()
    grown.add_node(6)
    assert graph_metrics(grown)[0]["isolates"] == [6]
    directed = nx.MultiDiGraph()
    directed.add_edges_from((1, leaf, {"directed": True}) for leaf in (2, 3, 4, 5))
    assert graph_metrics(directed)[0]["reciprocity"] == 0.0
    assert len(computed) == 4


@pytest.mark.django_db
def test_a_new_link_is_in_the_cached_metrics_at_once(make_organization, make_link, actor, pelhrimov):
    a, b, c = (make_organization(name=name) for name in "ABC")
    make_link(a, b)
    assert graph_metrics(network_graph(actor, district=pelhrimov))[0]["edges"] == 1
    make_link(b, c, kind="joint_activity")
    whole, per_organization = graph_metrics(network_graph(actor, district=pelhrimov))
    assert whole["edges"] == 2
    assert per_organization[b.pk]["degree"] == 2
    assert per_organization[b.pk]["broker"] is True


def test_estimated_metrics_do_not_depend_on_the_order_the_graph_was_built_in(monkeypatch):
    """The pivots of an estimate are drawn by position: the organisations are taken in pk order, so the same network
    built in another order gives the same estimates (and may share their cache entry)."""
    import random

    monkeypatch.setattr(metrics_module, "EXACT_NODES", 20)
    monkeypatch.setattr(metrics_module, "PIVOTS", 10)
    monkeypatch.setattr(metrics_module, "DISTANCE_PIVOTS", 5)
    pairs = nx.gnm_random_graph(80, 160, seed=7).edges()
    built = []
    for order in (list(range(80)), random.Random(3).sample(range(80), 80)):
        graph = nx.MultiDiGraph()
        graph.add_nodes_from(order)
        graph.add_edges_from((u, v, {"directed": False}) for u, v in pairs)
        built.append((network_metrics(graph), organization_metrics(graph)))
    (first_network, first_orgs), (second_network, second_orgs) = built
    assert first_network["estimated"] is True
    assert first_network == second_network
    assert {node: values["betweenness"] for node, values in first_orgs.items()} == {
        node: values["betweenness"] for node, values in second_orgs.items()
    }
