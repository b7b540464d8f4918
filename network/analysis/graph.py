"""The cooperation graph of a district, a kraj or the country (networkx), and its metrics.

The graph is an ``nx.MultiDiGraph``: two organisations may cooperate in several kinds (one link per kind), and a link
may be directed (A refers clients to B) or not. Every link is ONE edge, from its source to its target, keyed by the
link's pk; an undirected link keeps its stored orientation and carries ``directed=False``. The metrics never read the
multigraph as it is: they use two simple views of it (see ``undirected_view`` and ``directed_view``), in which an
undirected link counts both ways.

Nodes are organisation pks with the attributes ``name``, ``kind``, ``district`` (ČSÚ code), ``lat``, ``lon`` (the
organisation's coordinates, else the centroid of its district) and ``url`` (its card). Edges carry ``kind``,
``strength``, ``directed``, ``formalized``, ``since``, ``until`` (dates or None), ``link`` (the link's pk) and, only
for a pair of organisations involved together in at least ``JOINT_CASES_MIN`` cases on the day of the last snapshot,
``joint_cases``: a JointCasesBand code ("3-5", "6-10", "over-10"), never the count.
"""

import hashlib
import math
import random
import warnings
import weakref
from array import array
from collections import Counter
from datetime import date

import igraph as ig
import networkx as nx
from django.core.cache import caches
from django.db import connection
from django.db.models import Max, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from network.models import (
    Case,
    CaseInvolvement,
    CooperationLink,
    JointCasesBand,
    JointCasesSnapshot,
    LinkStatus,
    NetworkSnapshot,
)
from territory.models import District, Region

# Joint case counts below this are suppressed (never shown, not even as 0): small counts could single a family out.
# Counts from it up are shown in bands (JointCasesBand), and only as of the last monthly snapshot: a live count going
# 3 → 4 would tell everyone who sees the graph that a new case involving both organisations was opened.
JOINT_CASES_MIN = 3

__all__ = [
    "JOINT_CASES_MIN",
    "directed_view",
    "graph_metrics",
    "joint_case_bands",
    "network_graph",
    "network_graph_for_territory",
    "network_metrics",
    "organization_metrics",
    "undirected_view",
]


# ---------------------------------------------------------------------------------------------- building --


def network_graph(
    user,
    *,
    district=None,
    region=None,
    as_of: date | None = None,
    kinds: list[str] | None = None,
    min_strength: int | None = None,
) -> nx.MultiDiGraph:
    """The cooperation graph the user may see, of a district, a kraj or (neither given) everything in their scope.

    - Links: ``CooperationLink.objects.restrict(user, "view")``; with ``district``/``region`` (an instance or its ČSÚ
      code) only the links placed in that territory (a link is placed in its source organisation's territory).
    - ``as_of``: the links in force on that date, i.e. (since is empty or since ≤ as_of) and (until is empty or
      until ≥ as_of), whatever their status now; without it, the links whose status is active.
    - ``kinds``: only links of these LinkKind values; ``min_strength``: only links at least this strong.
    - Nodes: the organisations at both ends of those links, plus the active organisations of the territory (so that
      isolates show), all taken from ``Organization.objects.restrict(user, "view")``. A link whose other end is an
      organisation the user may not see is left out: the graph never names an organisation outside the user's scope.
    - ``joint_cases``: the band stored by the last snapshot taken on or before ``as_of`` (or today), see
      ``JOINT_CASES_MIN`` and ``joint_case_bands``; no snapshot yet, no joint cases. A pair with joint cases but no
      link gets no edge.
    """
    return _build(user, district=district, region=region, as_of=as_of, kinds=kinds, min_strength=min_strength)


def network_graph_for_territory(
    *,
    district=None,
    region=None,
    as_of: date | None = None,
    kinds: list[str] | None = None,
    min_strength: int | None = None,
    joint_cases: bool = True,
) -> nx.MultiDiGraph:
    """The same graph as ``network_graph`` built from every link and organisation, with no user scope: for the system
    (snapshots, tasks), never for a user's screen. ``joint_cases=False`` skips the joint-case bands where no metric
    needs them."""
    return _build(
        None,
        district=district,
        region=region,
        as_of=as_of,
        kinds=kinds,
        min_strength=min_strength,
        system=True,
        joint_cases=joint_cases,
    )


def _territory(district, region) -> tuple[District | None, Region | None]:
    if district is not None and region is not None:
        raise ValueError("Give a district or a region, not both.")
    if isinstance(district, str):
        district = District.objects.get(code=district)
    if isinstance(region, str):
        region = Region.objects.get(code=region)
    return district, region


def _links(user, *, system: bool, district, region, as_of, kinds, min_strength) -> QuerySet:
    links = CooperationLink.objects.all() if system else CooperationLink.objects.restrict(user, "view")
    if district is not None:
        links = links.filter(district=district)
    elif region is not None:
        links = links.filter(region=region)
    if as_of is not None:
        links = links.filter(Q(since__isnull=True) | Q(since__lte=as_of), Q(until__isnull=True) | Q(until__gte=as_of))
    else:
        links = links.filter(status=LinkStatus.ACTIVE)
    if kinds:
        links = links.filter(kind__in=list(kinds))
    if min_strength is not None:
        links = links.filter(strength__gte=min_strength)
    return links


def _build(
    user, *, district, region, as_of, kinds, min_strength, system: bool = False, joint_cases: bool = True
) -> nx.MultiDiGraph:
    from organizations.models import Organization, OrganizationStatus

    district, region = _territory(district, region)
    links = _links(
        user, system=system, district=district, region=region, as_of=as_of, kinds=kinds, min_strength=min_strength
    )
    members = Q(status=OrganizationStatus.ACTIVE)
    if district is not None:
        members &= Q(district=district)
    elif region is not None:
        members &= Q(region=region)
    # Subqueries, not lists of ids: a national graph has tens of thousands of endpoints.
    wanted = Q(pk__in=links.values("source_id")) | Q(pk__in=links.values("target_id")) | members
    organizations = Organization.objects.all() if system else Organization.objects.restrict(user, "view")
    rows = (
        organizations.filter(wanted)
        .order_by("pk")
        .values_list(
            "pk",
            "name",
            "kind",
            "district__code",
            "latitude",
            "longitude",
            "district__centroid_lat",
            "district__centroid_lon",
        )
    )
    graph = nx.MultiDiGraph()
    # One reverse() for all the cards: the pk is the only part that changes.
    url = reverse("organization-detail", args=[987654321]).replace("987654321", "{}")
    for pk, name, kind, district_code, lat, lon, centroid_lat, centroid_lon in rows:
        if lat is None or lon is None:
            lat, lon = centroid_lat, centroid_lon
        graph.add_node(
            pk,
            name=name,
            kind=kind,
            district=district_code,
            lat=float(lat) if lat is not None else None,
            lon=float(lon) if lon is not None else None,
            url=url.format(pk),
        )
    for row in links.order_by("pk").values(
        "pk", "source_id", "target_id", "kind", "strength", "directed", "formalized", "since", "until"
    ):
        if row["source_id"] not in graph or row["target_id"] not in graph:
            continue
        graph.add_edge(
            row["source_id"],
            row["target_id"],
            key=row["pk"],
            link=row["pk"],
            kind=row["kind"],
            strength=row["strength"],
            directed=row["directed"],
            formalized=row["formalized"],
            since=row["since"],
            until=row["until"],
        )
    if joint_cases:
        _add_joint_cases(graph, as_of)
    return graph


# Pairs of organisations and how many cases they shared on a day (the involvements and cases recorded by its end),
# over all cases; the owning OSPOD counts as involved in its case. Only the counts leave the database, and only from
# JOINT_CASES_MIN up.
_JOINT_CASES_SQL = """
WITH involved AS (
    SELECT case_id, organization_id FROM {involvement} WHERE created_at < %s
    UNION
    SELECT id AS case_id, ospod_id AS organization_id FROM {case} WHERE created_at < %s
)
SELECT a.organization_id, b.organization_id, COUNT(*)
FROM involved a JOIN involved b ON a.case_id = b.case_id AND a.organization_id < b.organization_id
GROUP BY a.organization_id, b.organization_id
HAVING COUNT(*) >= %s
"""


def joint_case_bands(*, before) -> list[tuple[int, int, str]]:
    """(first pk, second pk, JointCasesBand) of every pair of organisations sharing JOINT_CASES_MIN cases and more,
    counting the involvements recorded before ``before`` (a datetime): what a snapshot stores."""
    with connection.cursor() as cursor:
        sql = _JOINT_CASES_SQL.format(
            involvement=connection.ops.quote_name(CaseInvolvement._meta.db_table),
            case=connection.ops.quote_name(Case._meta.db_table),
        )
        cursor.execute(sql, [before, before, JOINT_CASES_MIN])
        return [(first, second, JointCasesBand.of(count).value) for first, second, count in cursor.fetchall()]


def _add_joint_cases(graph: nx.MultiDiGraph, as_of: date | None) -> None:
    if graph.number_of_edges() == 0:
        return
    day = NetworkSnapshot.objects.filter(taken_on__lte=as_of or timezone.localdate()).aggregate(day=Max("taken_on"))[
        "day"
    ]
    if day is None:
        return
    pairs = JointCasesSnapshot.objects.filter(taken_on=day).values_list("first_id", "second_id", "band")
    for first, second, band in pairs.iterator():
        for u, v in ((first, second), (second, first)):
            if graph.has_node(u) and graph.has_node(v):
                for data in graph.get_edge_data(u, v, default={}).values():
                    data["joint_cases"] = band


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
    cache = caches["metrics"]
    key = f"network-metrics:{_topology_digest(graph)}"
    found = cache.get(key)
    if found is None:
        found = (network_metrics(graph), organization_metrics(graph))
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
