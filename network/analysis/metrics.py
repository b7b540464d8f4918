"""The metrics of a cooperation graph (network.analysis.graph): of the network as a whole and of each organisation,
kept in a cache for the state of the network they were computed on.

The metrics never read the multigraph as it is: they use two simple views of it (``undirected_view`` and
``directed_view``), in which an undirected link counts both ways.
"""

import hashlib
import math
import random
import warnings
import weakref
from array import array
from collections import Counter

import igraph as ig
import networkx as nx
from django.core.cache import caches

__all__ = ["directed_view", "graph_metrics", "network_metrics", "organization_metrics", "undirected_view"]


# ----------------------------------------------------------------------------------------------- the views --

_memo: "weakref.WeakKeyDictionary[nx.Graph, dict]" = weakref.WeakKeyDictionary()


def _memoised(graph: nx.Graph, name: str, build):
    """What `build(graph)` gives, computed once per graph object while its size stays the same (the metrics of a
    network and of its organisations read the same views and centralities)."""
    stamp = (graph.number_of_nodes(), graph.number_of_edges())
    entries = _memo.setdefault(graph, {})
    if name not in entries or entries[name][0] != stamp:
        entries[name] = (stamp, build(graph))
    return entries[name][1]


def undirected_view(graph: nx.Graph) -> nx.Graph:
    """A simple undirected graph: one tie per pair of organisations that have any link, whatever its direction."""

    def build(graph):
        view = nx.Graph()
        view.add_nodes_from(graph.nodes)
        view.add_edges_from((u, v) for u, v in graph.edges() if u != v)
        return view

    return _memoised(graph, "undirected", build)


def _arcs(graph: nx.Graph) -> set[tuple]:
    """A directed link's one arc, an undirected link's arc each way; an edge without a ``directed`` attribute follows
    the graph (directed in a DiGraph, both ways in a Graph)."""
    arcs = set()
    for u, v, directed in graph.edges(data="directed", default=graph.is_directed()):
        if u != v:
            arcs.add((u, v))
            if not directed:
                arcs.add((v, u))
    return arcs


def directed_view(graph: nx.Graph) -> nx.DiGraph:
    """A simple directed graph: a directed link gives its one arc, an undirected link an arc each way."""
    view = nx.DiGraph()
    view.add_nodes_from(graph.nodes)
    view.add_edges_from(_arcs(graph))
    return view


def _directed_links_view(graph: nx.Graph) -> nx.DiGraph:
    """Only the directed links, as arcs: what reciprocity is measured on."""
    view = nx.DiGraph()
    for u, v, data in graph.edges(data=True):
        if u != v and data.get("directed", graph.is_directed()):
            view.add_edge(u, v)
    return view


# ------------------------------------------------------------------------------------------------- metrics --

# Up to this many organisations the centralities are exact; above it (a kraj, the country) they are estimated from
# PIVOTS organisations chosen at random with a fixed seed (Brandes & Pich for betweenness, Eppstein & Wang for closeness
# and the average path length): exact values cost a breadth-first search from every organisation.
EXACT_NODES = 1000
PIVOTS = 128
# Closeness and the path length are averaged in Python over the distances from this many of the pivots.
DISTANCE_PIVOTS = 64
PIVOT_SEED = 20261202


def centralities(graph: nx.Graph) -> "_Centralities":
    """The centralities of a graph, computed once per graph object (the metrics of the network and of its
    organisations share them)."""
    return _memoised(graph, "centralities", lambda graph: _Centralities(undirected_view(graph)))


class _Centralities:
    """Betweenness, closeness and eigenvector centrality of the undirected view, its cut vertices, components and the
    average path length of its largest component, computed by igraph (C) in one pass."""

    def __init__(self, simple: nx.Graph):
        # In a fixed order, whatever order the graph was built in: the pivots are drawn by position.
        self.nodes = _ordered(simple.nodes)
        n = len(self.nodes)
        index = {node: position for position, node in enumerate(self.nodes)}
        graph = ig.Graph(n=n, edges=[(index[a], index[b]) for a, b in simple.edges()])
        self.components = [list(component) for component in graph.connected_components()]
        size = [0] * n
        for component in self.components:
            for vertex in component:
                size[vertex] = len(component)
        largest = set(max(self.components, key=len)) if self.components else set()
        self.estimated = n > EXACT_NODES
        if self.estimated:
            pivots = random.Random(PIVOT_SEED).sample(range(n), PIVOTS)
            raw = [value * n / PIVOTS for value in graph.betweenness(directed=False, sources=pivots)]
            distances = graph.distances(source=pivots[:DISTANCE_PIVOTS])
            totals, counts = [0] * n, [0] * n
            for row in distances:
                for vertex, length in enumerate(row):
                    if 0 < length < math.inf:
                        totals[vertex] += length
                        counts[vertex] += 1
            closeness = [
                (size[vertex] - 1) / (n - 1) * counts[vertex] / totals[vertex] if counts[vertex] else 0.0
                for vertex in range(n)
            ]
            in_largest = sum(counts[vertex] for vertex in largest)
            self.average_path_length = (sum(totals[vertex] for vertex in largest) / in_largest) if in_largest else None
        else:
            raw = graph.betweenness(directed=False)
            closeness = [
                0.0 if value != value else value * (size[vertex] - 1) / (n - 1)  # NaN: an isolate
                for vertex, value in enumerate(graph.closeness(normalized=True))
            ]
            self.average_path_length = (
                graph.induced_subgraph(sorted(largest)).average_path_length() if len(largest) >= 2 else None
            )
        scale = 2 / ((n - 1) * (n - 2)) if n > 2 else 0.0  # as networkx normalises undirected betweenness
        self.betweenness = {node: raw[position] * scale for position, node in enumerate(self.nodes)}
        self.closeness = {node: closeness[position] for position, node in enumerate(self.nodes)}
        with warnings.catch_warnings():  # igraph warns that a disconnected graph's eigenvector says little
            warnings.simplefilter("ignore", RuntimeWarning)
            eigenvector = graph.eigenvector_centrality() if graph.ecount() else [0.0] * n
        norm = math.sqrt(sum(value * value for value in eigenvector)) or 1.0  # unit length, as networkx gives it
        self.eigenvector = {node: eigenvector[position] / norm for position, node in enumerate(self.nodes)}
        self.cut_vertices = {self.nodes[vertex] for vertex in graph.articulation_points()}


def network_metrics(graph: nx.Graph) -> dict:
    """The metrics of the network as a whole.

    - ``nodes``, ``edges`` (links, one per edge of the graph);
    - ``density``: ties present / ties possible on the undirected view, n(n-1)/2 (as Kumu and PARTNER count it);
    - ``centralization``: Freeman's degree centralisation on the undirected view, Σ(max − dᵢ) / ((n−1)(n−2)),
      1.0 for a star, 0.0 below 3 nodes;
    - ``components``: weakly connected components (isolates included); ``isolates``: their pks, sorted;
    - ``reciprocity``: the share of directed links answered by a directed link back (None without directed links);
    - ``average_path_length``: in the largest component, on the undirected view (None below 2 nodes).
    """
    simple = undirected_view(graph)
    n = simple.number_of_nodes()
    possible = n * (n - 1) / 2
    degrees = [d for _, d in simple.degree()]
    centralization = 0.0
    if n >= 3:
        top = max(degrees)
        centralization = sum(top - d for d in degrees) / ((n - 1) * (n - 2))
    directed_links = _directed_links_view(graph)
    reciprocity = nx.overall_reciprocity(directed_links) if directed_links.number_of_edges() else None
    computed = centralities(graph)
    components = computed.components
    average_path_length = computed.average_path_length
    return {
        "nodes": n,
        "edges": graph.number_of_edges(),
        "density": simple.number_of_edges() / possible if possible else 0.0,
        "centralization": centralization,
        "components": len(components),
        "isolates": sorted(nx.isolates(simple)),
        "reciprocity": reciprocity,
        "average_path_length": average_path_length,
        # True above EXACT_NODES organisations: betweenness, closeness and the path length are estimates
        "estimated": computed.estimated,
    }


def organization_metrics(graph: nx.Graph) -> dict:
    """The metrics of each organisation (node pk → dict).

    - ``degree``: the organisations it has any link with; ``in_degree`` / ``out_degree``: those with a link towards it /
      that it has a link towards, an undirected link counting both ways (``directed_view``);
    - ``betweenness``, ``closeness``: normalised, on the undirected view (closeness scaled for disconnected graphs,
      Wasserman–Faust, networkx's default); estimated above EXACT_NODES organisations (``_Centralities``);
    - ``eigenvector``: on the undirected view; 0.0 for everyone when the power iteration does not converge;
    - ``broker``: a cut vertex of the undirected view (removing it splits the network), or the single organisation
      with the highest betweenness when that is above 0.
    """
    simple = undirected_view(graph)
    if simple.number_of_nodes() == 0:
        return {}
    arcs = _arcs(graph)
    ins, outs = Counter(v for _, v in arcs), Counter(u for u, _ in arcs)
    computed = centralities(graph)
    betweenness, closeness, eigenvector = computed.betweenness, computed.closeness, computed.eigenvector
    brokers = set(computed.cut_vertices)
    top = max(betweenness.values())
    leaders = [node for node, value in betweenness.items() if value == top]
    if top > 0 and len(leaders) == 1:
        brokers.add(leaders[0])
    return {
        node: {
            "degree": simple.degree(node),
            "in_degree": ins[node],
            "out_degree": outs[node],
            "betweenness": betweenness[node],
            "closeness": closeness[node],
            # An isolate has no place in any eigenvector of the ties: 0, not the iteration's untouched start value.
            "eigenvector": eigenvector.get(node, 0.0) if simple.degree(node) else 0.0,
            "broker": node in brokers,
        }
        for node in simple.nodes
    }


# ------------------------------------------------------------------------------------------ cached metrics --

# How long the metrics of one state of a network are kept in their cache (CACHES["metrics"]: in each process, a few
# dozen networks at most; a national one is about 1 MB). A change of how a metric is computed raises the version.
METRICS_CACHE_SECONDS = 24 * 3600
METRICS_VERSION = 1


def graph_metrics(graph: nx.Graph) -> tuple[dict, dict]:
    """``network_metrics`` and ``organization_metrics`` of a graph, kept in the cache for the state of the network
    they were computed on.

    The metrics read nothing but the organisations, the links between them and whether each link is directed (the
    pivots of an estimate are drawn from the organisations in pk order), so the cache key is a digest of exactly that
    (with the settings of the estimates): a changed link, an organisation added or closed gives another key and the
    metrics are computed anew, while the same network asked for again (the map of a kraj opened by its advisers all
    day) is answered from the cache. Nothing else of the graph (names, dates, strengths) enters the metrics, and a
    digest of the same network is the same for anyone who sees it.
    """
    return kept_metrics(
        f"network-metrics:{_topology_digest(graph)}", lambda: (network_metrics(graph), organization_metrics(graph))
    )


def kept_metrics(key: str, compute) -> tuple[dict, dict]:
    """The metrics kept in their cache under ``key``, computed (``compute()``) and kept when they are not there."""
    cache = caches["metrics"]
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, METRICS_CACHE_SECONDS)
    return found


def _topology_digest(graph: nx.Graph) -> str:
    digest = hashlib.blake2b(digest_size=20)
    settings = (
        METRICS_VERSION,
        EXACT_NODES,
        PIVOTS,
        DISTANCE_PIVOTS,
        PIVOT_SEED,
        graph.is_directed(),
        graph.number_of_nodes(),
        graph.number_of_edges(),
    )
    digest.update(repr(settings).encode())
    edges = [(u, v, bool(directed)) for u, v, directed in graph.edges(data="directed", default=graph.is_directed())]
    try:  # organisation pks, packed as integers: fast even for the country's network
        payload = (
            array("q", _ordered(graph.nodes)).tobytes()
            + array("q", [number for edge in edges for number in edge]).tobytes()
        )
    except (TypeError, OverflowError):  # other labels (a graph built by hand)
        payload = repr((_ordered(graph.nodes), edges)).encode()
    digest.update(payload)
    return digest.hexdigest()


def _ordered(nodes) -> list:
    """Nodes in a fixed order: organisation pks ascending (labels of mixed types by their repr)."""
    try:
        return sorted(nodes)
    except TypeError:
        return sorted(nodes, key=repr)
