"""A round's results as files: pairs and organisations as CSV/XLSX (core.exports), the weights as GraphML and GEXF
(networkx). The owner's files carry the pairs and the directed answers; anyone else's only the suppressed scores."""

import io

import networkx as nx
from django.utils.translation import gettext as _

from surveys.results import Aggregates, Results, directed_ratings


def pair_columns(names: dict[int, str]) -> list:
    def side(attribute, name):
        return lambda pair: getattr(getattr(pair, attribute), name) if getattr(pair, attribute) else None

    return [
        (_("Organisation A (id)"), lambda pair: pair.a),
        (_("Organisation A"), lambda pair: names.get(pair.a, "")),
        (_("Organisation B (id)"), lambda pair: pair.b),
        (_("Organisation B"), lambda pair: names.get(pair.b, "")),
        (_("A about B: how often"), side("a_about_b", "frequency")),
        (_("A about B: trust"), side("a_about_b", "trust")),
        (_("A about B: value"), side("a_about_b", "value")),
        (_("B about A: how often"), side("b_about_a", "frequency")),
        (_("B about A: trust"), side("b_about_a", "trust")),
        (_("B about A: value"), side("b_about_a", "value")),
        (_("Reciprocal"), lambda pair: {True: _("yes"), False: _("no")}.get(pair.reciprocal, "")),
        (_("Difference in trust"), lambda pair: pair.trust_difference),
        (_("Difference in value"), lambda pair: pair.value_difference),
    ]


def organization_rows(view: Aggregates, names: dict[int, str]) -> list[tuple]:
    """(id, name, trust, value, raters) per organisation; a suppressed score is empty."""
    rows = []
    for pk, score in sorted(view.organizations.items(), key=lambda item: (names.get(item[0], ""), item[0])):
        rows.append((pk, names.get(pk, ""), *((score.trust, score.value, score.raters) if score else (None,) * 3)))
    return rows


def organization_columns() -> list:
    return [
        (_("Organisation (id)"), lambda row: row[0]),
        (_("Organisation"), lambda row: row[1]),
        (_("Trust received"), lambda row: row[2]),
        (_("Value received"), lambda row: row[3]),
        (_("Respondents rating it"), lambda row: row[4]),
    ]


def survey_graph(view: Aggregates, names: dict[int, str], full: Results | None = None) -> nx.DiGraph:
    """The organisations with their (suppressed) scores; with the owner's full results also one directed edge per
    rating of an organisation the respondent works with (weight: its trust mean)."""
    graph = nx.DiGraph()
    for pk, score in view.organizations.items():
        data = {"name": names.get(pk, "")}
        if score is not None:
            data.update({k: v for k, v in (("trust", score.trust), ("value", score.value)) if v is not None})
            data["raters"] = score.raters
        graph.add_node(pk, **data)
    for source, target, rating, pair in directed_ratings(full.pairs if full else []):
        data = {"frequency": rating.frequency, "weight": rating.trust if rating.trust is not None else 0.0}
        data.update({k: v for k, v in (("trust", rating.trust), ("value", rating.value)) if v is not None})
        if pair.reciprocal is not None:
            data["reciprocal"] = pair.reciprocal
        graph.add_edge(source, target, **data)
    return graph


def graph_graphml(graph: nx.DiGraph) -> bytes:
    buffer = io.BytesIO()
    nx.write_graphml(graph, buffer, encoding="utf-8")
    return buffer.getvalue()


def graph_gexf(graph: nx.DiGraph) -> bytes:
    copy = graph.copy()
    for _pk, data in copy.nodes(data=True):
        data["label"] = data.get("name", "")
    buffer = io.BytesIO()
    nx.write_gexf(copy, buffer, encoding="utf-8")
    return buffer.getvalue()
