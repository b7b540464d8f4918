"""The exports parse (CSV, XLSX, GraphML, GEXF); the owner's carry the pairs and the directed answers, anyone else's
only the suppressed scores."""

import csv
import io

import networkx as nx
import pytest
from django.urls import reverse
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


def get(client, round_, what, fmt):
    return client.get(reverse("survey-export", args=[round_.pk, what, fmt]))


def test_the_owner_exports_pairs_and_organisations(answered, sitar, four, as_user):
    client = as_user(sitar)
    (a, _), (b, _) = four[:2]
    rows = list(
        csv.reader(io.StringIO(get(client, answered, "pairs", "csv").content.decode("utf-8-sig")), delimiter=";")
    )
    pair = next(row for row in rows[1:] if {row[0], row[2]} == {str(a.pk), str(b.pk)})
    assert pair[10] == "yes" or pair[10] == "ano"
    book = load_workbook(io.BytesIO(get(client, answered, "organizations", "xlsx").content))
    sheet = book.active
    ids = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert ids == {o.pk for o, _c in four}
    graph = nx.read_graphml(io.BytesIO(get(client, answered, "graph", "graphml").content))
    assert graph.has_edge(str(a.pk), str(b.pk)) and graph.has_edge(str(b.pk), str(a.pk))
    assert graph.edges[str(a.pk), str(b.pk)]["weight"] == 4.0
    gexf = nx.read_gexf(io.BytesIO(get(client, answered, "graph", "gexf").content))
    assert gexf.number_of_edges() == graph.number_of_edges() == 6  # every rating of an organisation one works with


def test_another_user_exports_only_suppressed_scores(answered, poradce, four, as_user):
    client = as_user(poradce)
    assert get(client, answered, "pairs", "csv").status_code == 404
    rows = list(
        csv.reader(
            io.StringIO(get(client, answered, "organizations", "csv").content.decode("utf-8-sig")), delimiter=";"
        )
    )
    by_id = {row[0]: row for row in rows[1:]}
    # Organisation 1 is rated by 3 respondents: shown; nobody works with organisation 3: not shown.
    assert by_id[str(four[0][0].pk)][4] == "3"
    assert by_id[str(four[2][0].pk)][2:] == ["", "", ""]
    graph = nx.read_graphml(io.BytesIO(get(client, answered, "graph", "graphml").content))
    assert graph.number_of_edges() == 0 and graph.number_of_nodes() == 4
    assert "trust" in graph.nodes[str(four[0][0].pk)] and "trust" not in graph.nodes[str(four[2][0].pk)]


def test_another_user_sees_no_pair_and_no_respondent(answered, poradce, sitar, four, as_user):
    page = as_user(poradce).get(reverse("survey-round", args=[answered.pk])).content.decode()
    assert 'id="pairs"' not in page and 'id="participants"' not in page
    for _organization, contact in four:
        assert contact.name not in page
    assert "4 z 4" in page or "4 of 4" in page
    owner = as_user(sitar).get(reverse("survey-round", args=[answered.pk])).content.decode()
    a, b = sorted((four[0][0].pk, four[1][0].pk))
    assert f'data-pair="{a}-{b}" data-reciprocal="yes"' in owner
