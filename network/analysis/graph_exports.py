"""The cooperation graph (network.analysis.graph) as files: GraphML, GEXF with the links' lifetimes, and CSV in a zip.

Every export takes the graph that ``network_graph`` built (so it holds only what the user may see) and writes only
attribute values the formats can carry: dates as ISO strings, and a missing value (None) left out, never written.
Joint cases are written as their band's label in the user's language ("3–5", "6–10", "více než 10"), never counts.
"""

import io
import zipfile
from datetime import date

import networkx as nx

from core.exports import csv_bytes
from network.models import JointCasesBand

NODE_COLUMNS = ["id", "name", "kind", "district", "lat", "lon", "url"]
EDGE_COLUMNS = [
    "link",
    "source",
    "target",
    "kind",
    "directed",
    "strength",
    "formalized",
    "since",
    "until",
    "joint_cases",
]

__all__ = ["EDGE_COLUMNS", "NODE_COLUMNS", "graph_csv_zip", "graph_gexf", "graph_graphml"]


def _safe(value):
    """A value GraphML and GEXF can store: a date as its ISO string, None as nothing (the caller drops it)."""
    if isinstance(value, date):
        return value.isoformat()
    return value


def _clean(data: dict) -> dict:
    return {key: _safe(value) for key, value in _labelled(data).items() if value is not None}


def _labelled(data: dict) -> dict:
    """An edge's attributes with its joint-case band as the band's label (a code like "6-10" reads as a date in
    Excel)."""
    if data.get("joint_cases") is None:
        return data
    return {**data, "joint_cases": str(JointCasesBand(data["joint_cases"]).label)}


def _portable(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of the graph with file-safe attributes; an edge's weight is the link's strength (what Gephi draws)."""
    copy = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        copy.add_node(node, **_clean(data))
    for u, v, key, data in graph.edges(keys=True, data=True):
        copy.add_edge(u, v, key=key, **_clean(data), weight=data.get("strength", 1))
    return copy


def graph_graphml(graph: nx.MultiDiGraph) -> bytes:
    """The graph as GraphML: nodes keyed by organisation pk, one edge per link (its id the link's pk)."""
    buffer = io.BytesIO()
    nx.write_graphml(_portable(graph), buffer, encoding="utf-8", edge_id_from_attribute="link")
    return buffer.getvalue()


def graph_gexf(graph: nx.MultiDiGraph) -> bytes:
    """The graph as dynamic GEXF 1.2: each link (its edge id the link's pk) lives in one spell from its ``since`` to its
    ``until`` (ISO dates, an open end left out; networkx reads an open end back as the string "None"); a node is
    labelled with the organisation's name. Edges are all directed, the link's own direction is its ``directed``
    attribute (networkx refuses undirected edges in a directed GEXF graph)."""
    copy = _portable(graph)
    copy.graph["mode"] = "dynamic"
    for _, data in copy.nodes(data=True):
        data["label"] = data.get("name", "")
    for _, _, key, data in copy.edges(keys=True, data=True):
        data["id"] = str(key)
        since, until = data.pop("since", None), data.pop("until", None)
        if since or until:
            data["spells"] = [(since, until)]
    buffer = io.BytesIO()
    nx.write_gexf(copy, buffer, encoding="utf-8", version="1.2draft")
    return buffer.getvalue()


def _csv(columns: list[str], rows) -> bytes:
    """One CSV as every export of the project writes it (core/exports.py: BOM, no formulas), dates as ISO text."""
    return csv_bytes(rows, [(column, lambda row, column=column: _safe(row.get(column))) for column in columns])


def graph_csv_zip(graph: nx.MultiDiGraph) -> bytes:
    """The graph as a zip of nodes.csv (one organisation a row) and edges.csv (one link a row)."""
    nodes = ({"id": node, **data} for node, data in graph.nodes(data=True))
    edges = ({**_labelled(data), "source": u, "target": v} for u, v, data in graph.edges(data=True))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("nodes.csv", _csv(NODE_COLUMNS, nodes))
        archive.writestr("edges.csv", _csv(EDGE_COLUMNS, edges))
    return buffer.getvalue()
