"""The cooperation graph of a district, a kraj or the country (networkx); its metrics are in network.analysis.metrics.

The graph is an ``nx.MultiDiGraph``: two organisations may cooperate in several kinds (one link per kind), and a link
may be directed (A refers clients to B) or not. Every link is ONE edge, from its source to its target, keyed by the
link's pk; an undirected link keeps its stored orientation and carries ``directed=False``.

Nodes are organisation pks with the attributes ``name``, ``kind``, ``district`` (ČSÚ code), ``lat``, ``lon`` (the
organisation's coordinates, else the centroid of its district) and ``url`` (its card). Edges carry ``kind``,
``strength``, ``directed``, ``formalized``, ``since``, ``until`` (dates or None), ``link`` (the link's pk) and, only
for a pair of organisations involved together in at least ``JOINT_CASES_MIN`` cases on the day of the last snapshot,
``joint_cases``: a JointCasesBand code ("3-5", "6-10", "over-10"), never the count.
"""

import hashlib
from datetime import date

import networkx as nx
from django.db import connection
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from core.links import record_url
from network.analysis.metrics import METRICS_VERSION, graph_metrics, kept_metrics
from network.models import (
    Case,
    CaseInvolvement,
    CooperationLink,
    JointCasesBand,
    JointCasesSnapshot,
    LinkStatus,
    NetworkSnapshot,
)
from organizations.models import Organization, OrganizationStatus
from permissions.scoping import AmongIds, get_scope
from territory.models import District, Region

# Joint case counts below this are suppressed (never shown, not even as 0): small counts could single a family out.
# Counts from it up are shown in bands (JointCasesBand), and only as of the last monthly snapshot: a live count going
# 3 → 4 would tell everyone who sees the graph that a new case involving both organisations was opened.
JOINT_CASES_MIN = 3

__all__ = [
    "JOINT_CASES_MIN",
    "joint_case_bands",
    "network_graph",
    "network_graph_for_territory",
    "network_state",
    "network_summary",
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


def network_state(
    user,
    *,
    district=None,
    region=None,
    as_of: date | None = None,
    kinds: list[str] | None = None,
    min_strength: int | None = None,
) -> str:
    """A fingerprint of what ``network_graph(user, …)`` with the same arguments would build, from three aggregate
    queries instead of the graph: the map's JSON answers 304 on it without building anything.

    It reads every link of the territory the user may see and every organisation that could be a node (the territory's,
    whatever their status, and the ends of those links), whatever the filters: a write to any of them moves its
    ``updated_at`` (a link leaving the filters included), a deletion lowers a count. The filters, the user's scope and
    the day of the joint-case snapshot in force are part of it too.
    """
    district, region = _territory(district, region)
    links = CooperationLink.objects.restrict(user, "view")
    territory = Q()
    if district is not None:
        links, territory = links.filter(district=district), Q(district=district)
    elif region is not None:
        links, territory = links.filter(region=region), Q(region=region)
    organizations = Organization.objects.restrict(user, "view").filter(
        # The ends of the links by their ids (AmongIds): ``pk IN (subquery)`` in an OR reads every organisation.
        territory
        | AmongIds("pk", links.order_by().values("source_id"))
        | AmongIds("pk", links.order_by().values("target_id"))
    )
    snapshot = NetworkSnapshot.objects.filter(taken_on__lte=as_of or timezone.localdate()).aggregate(
        day=Max("taken_on"), written=Max("created_at")
    )
    scope = get_scope(user)
    parts = (
        user.pk,
        scope.superuser,
        scope.assignments,
        district.pk if district else None,
        region.pk if region else None,
        as_of,
        sorted(kinds or ()),
        min_strength,
        links.order_by().aggregate(n=Count("pk"), last=Max("updated_at")),
        organizations.order_by().aggregate(n=Count("pk"), last=Max("updated_at")),
        snapshot,
    )
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


# What a page lists of a node without drawing the graph (the drawing's data: network.analysis.graph_views).
NODE_FIELDS = ("name", "kind", "url")


def network_summary(user, **arguments) -> tuple[list, dict, dict]:
    """The nodes of ``network_graph(user, **arguments)`` ((pk, {name, kind, url})), its ``graph_metrics`` and each
    organisation's, kept for the state of the network as the user sees it (``network_state``: a few aggregate
    queries): while nothing the graph reads has changed, no graph is built (a kraj's is ~40 ms and tens of thousands
    of objects, whose garbage collection made every few pages 150 ms slower). The map page and the coverage share it."""
    key = f"network-summary:{METRICS_VERSION}:{network_state(user, **arguments)}"

    def summary():
        graph = network_graph(user, **arguments)
        whole, per_organization = graph_metrics(graph)
        nodes = [(pk, {f: attrs[f] for f in NODE_FIELDS if f in attrs}) for pk, attrs in graph.nodes(data=True)]
        return nodes, whole, per_organization

    return kept_metrics(key, summary)


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
    url = record_url("organization-detail")
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
            url=url(pk),
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
