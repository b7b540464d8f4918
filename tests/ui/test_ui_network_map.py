"""The network map page: the graph of the ORP or kraj the user can see, its filters, metrics and snapshots."""

import datetime

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from network.analysis import graph_views

pytestmark = pytest.mark.django_db

URL = "/network/"


@pytest.fixture
def pelhrimov_network(organization, partner, ospod, make_link):
    """Spirála ↔ ZŠ (referral, 3), OSPOD → Spirála (case cooperation, 5, directed)."""
    make_link(organization, partner, kind="referral", strength=3)
    make_link(ospod, organization, kind="case_cooperation", strength=5, directed=True)
    return {"spirala": organization, "zs": partner, "ospod": ospod}


@pytest.fixture
def jihlava_org(make_organization, jihlava_town):
    return make_organization(name="Agentura Jihlava", municipality=jihlava_town)


@pytest.fixture
def liberec_org(make_organization, liberec_town):
    return make_organization(name="Centrum Liberec", municipality=liberec_town)


def drawn(response) -> dict:
    """The nodes and edges the page's script draws: what the drawing's data address the page names answers."""
    data = response.client.get(response.context["graph_url"])
    assert data.status_code == 200
    assert f'data-graph-url="{escape(response.context["graph_url"])}"' in response.content.decode()
    return data.json()


def node_names(response) -> set[str]:
    return {node["name"] for node in drawn(response)["nodes"]}


# ------------------------------------------------------------------------------------------------- who sees what --


def test_a_networker_sees_the_network_of_their_own_orp(as_user, sitar, pelhrimov, pelhrimov_network):
    response = as_user(sitar).get(URL)
    assert response.status_code == 200
    assert response.context["district"] == pelhrimov
    data = drawn(response)
    names = {node["id"]: node["name"] for node in data["nodes"]}
    assert set(names.values()) == {"Spirála Pelhřimov", "ZŠ Komenského Pelhřimov", "OSPOD Pelhřimov"}
    edges = {(names[e["from"]], names[e["to"]], e["kind"], e["strength"], e["directed"]) for e in data["edges"]}
    assert edges == {
        ("Spirála Pelhřimov", "ZŠ Komenského Pelhřimov", "referral", 3, False),
        ("OSPOD Pelhřimov", "Spirála Pelhřimov", "case_cooperation", 5, True),
    }
    spirala = next(n for n in data["nodes"] if n["name"] == "Spirála Pelhřimov")
    assert spirala["degree"] == 2 and spirala["broker"] is True
    assert spirala["url"] == reverse("organization-detail", args=[pelhrimov_network["spirala"].pk])
    assert spirala["kind"] == "ngo" and spirala["colour"].startswith("#")
    assert spirala["lat"] is not None and spirala["lon"] is not None


def test_the_page_shows_the_metrics_and_a_table_row_linking_each_card(as_user, sitar, pelhrimov_network):
    response = as_user(sitar).get(URL)
    metrics = {m["key"]: m["value"] for m in response.context["network_metrics"]}
    assert metrics["nodes"] == 3 and metrics["edges"] == 2 and metrics["isolates"] == 0
    assert metrics["components"] == 1
    content = response.content.decode()
    for organization in pelhrimov_network.values():
        assert f'href="{reverse("organization-detail", args=[organization.pk])}"' in content
    rows = response.context["organizations"]["rows"]
    assert rows[0]["name"] == "Spirála Pelhřimov"  # the highest degree first
    assert 'class="badge warn"' in content  # Spirála is the broker


def test_a_regional_lead_sees_the_whole_kraj(as_user, vedouci, vysocina, pelhrimov_network, jihlava_org, make_link):
    make_link(jihlava_org, pelhrimov_network["ospod"], kind="information_sharing")
    response = as_user(vedouci).get(URL)
    assert response.status_code == 200
    assert response.context["region"] == vysocina and response.context["district"] is None
    assert {"Agentura Jihlava", "OSPOD Pelhřimov", "Spirála Pelhřimov"} <= node_names(response)
    assert len(drawn(response)["edges"]) == 3


def test_a_lead_narrows_the_kraj_to_one_orp(as_user, vedouci, jihlava, pelhrimov_network, jihlava_org):
    response = as_user(vedouci).get(URL, {"district": jihlava.code})
    assert response.context["district"] == jihlava
    assert node_names(response) == {"Agentura Jihlava"}
    assert drawn(response)["edges"] == []


def test_the_territory_chooser_offers_only_what_the_user_can_see(as_user, sitar_liberec):
    form = as_user(sitar_liberec).get(URL).context["form"]
    assert [code for code, _name in form.fields["region"].choices if code] == ["3077"]
    offered = [code for _group, options in form.fields["district"].choices[1:] for code, _name in options]
    assert "5105" in offered and "6110" not in offered


def test_a_liberec_networker_gets_no_vysocina_node_and_404_for_pelhrimov(
    as_user,
    sitar_liberec,
    liberec,
    pelhrimov,
    vysocina,
    pelhrimov_network,
    liberec_org,
    make_link,
    make_organization,
    liberec_town,
):
    other = make_organization(name="Škola Liberec", kind="school", municipality=liberec_town)
    make_link(liberec_org, other)
    client = as_user(sitar_liberec)
    response = client.get(URL)
    assert response.context["district"] == liberec
    assert node_names(response) == {"Centrum Liberec", "Škola Liberec"}
    assert "Pelhřimov" not in response.content.decode().replace("ORP Pelhřimov", "")
    assert client.get(URL, {"district": pelhrimov.code}).status_code == 404
    assert client.get(URL, {"region": vysocina.code}).status_code == 404
    assert client.get(URL, {"district": "9999"}).status_code == 404
    assert client.get(URL, {"region": "nonsense"}).status_code == 404


def test_an_ospod_worker_sees_the_map_of_their_orp(as_user, make_role_user, pelhrimov, pelhrimov_network):
    worker = make_role_user("ospod.pelhrimov", "ospod", organization=pelhrimov_network["ospod"])
    response = as_user(worker).get(URL)
    assert response.status_code == 200
    assert response.context["district"] == pelhrimov


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_menu_links_the_network_map(as_user, sitar):
    assert f'href="{reverse("network-map")}"' in as_user(sitar).get(reverse("home")).content.decode()


# ------------------------------------------------------------------------------------------------------ filters --


def test_link_kinds_narrow_the_edges(as_user, sitar, pelhrimov_network):
    client = as_user(sitar)
    kinds = {e["kind"] for e in drawn(client.get(URL, {"kinds": ["referral"]}))["edges"]}
    assert kinds == {"referral"}
    both = drawn(client.get(URL, {"kinds": ["referral", "case_cooperation"]}))["edges"]
    assert len(both) == 2


def test_a_minimum_strength_leaves_the_weaker_links_out(as_user, sitar, pelhrimov_network):
    edges = drawn(as_user(sitar).get(URL, {"min_strength": "4"}))["edges"]
    assert [(e["kind"], e["strength"]) for e in edges] == [("case_cooperation", 5)]


def test_as_of_shows_the_links_in_force_on_that_day(as_user, sitar, organization, partner, make_link):
    make_link(
        organization,
        partner,
        kind="funding",
        since=datetime.date(2024, 1, 1),
        until=datetime.date(2024, 12, 31),
        status="ended",
    )
    client = as_user(sitar)
    assert drawn(client.get(URL))["edges"] == []
    edges = drawn(client.get(URL, {"as_of": "2024-06-01"}))["edges"]
    assert [e["kind"] for e in edges] == ["funding"]


def test_bad_filter_values_show_their_errors_and_draw_nothing(as_user, sitar, pelhrimov_network):
    response = as_user(sitar).get(URL, {"min_strength": "9", "as_of": "yesterday", "kinds": ["nonsense"]})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"min_strength", "as_of", "kinds"}
    content = response.content.decode()
    assert "data-graph-url" not in content
    assert content.count('class="errorlist') >= 3


def test_the_table_sorts_by_the_chosen_column_and_keeps_the_filters(as_user, sitar, pelhrimov_network):
    response = as_user(sitar).get(URL, {"sort": "name", "min_strength": "1"})
    names = [row["name"] for row in response.context["organizations"]["rows"]]
    assert names == sorted(names, key=str.casefold)
    hrefs = {c["key"]: c["href"] for c in response.context["organizations"]["columns"]}
    assert "min_strength=1" in hrefs["betweenness"] and hrefs["betweenness"].endswith("sort=betweenness")
    assert "sort=name" not in hrefs["betweenness"]
    # An unknown column falls back to the default order rather than failing.
    assert as_user(sitar).get(URL, {"sort": "drop table"}).status_code == 200


# --------------------------------------------------------------------------------------------------- snapshots --


def test_no_snapshots_yet_is_said_plainly(as_user, sitar, pelhrimov_network):
    response = as_user(sitar).get(URL)
    assert response.context["charts"] == []
    assert "<polyline" not in response.content.decode()


def test_the_stored_snapshots_of_the_orp_are_charted(as_user, sitar, pelhrimov, liberec, pelhrimov_network):
    from network.models import NetworkSnapshot

    for month, density in ((1, 0.1), (2, 0.3), (3, 0.25)):
        NetworkSnapshot.objects.create(
            region=pelhrimov.region,
            district=pelhrimov,
            taken_on=datetime.date(2026, month, 1),
            metrics={"density": density, "isolates": 4 - month, "edges": month * 2},
        )
    NetworkSnapshot.objects.create(
        region=liberec.region,
        district=liberec,
        taken_on=datetime.date(2026, 1, 1),
        metrics={"density": 0.9, "isolates": 0, "edges": 40},
    )
    response = as_user(sitar).get(URL)
    charts = response.context["charts"]
    assert [[p["value"] for p in c["coords"]] for c in charts] == [[0.1, 0.3, 0.25], [3, 2, 1], [2, 4, 6]]
    assert response.content.decode().count("<polyline") == 3


def test_snapshots_are_drawn_as_small_line_charts(as_user, sitar, pelhrimov, pelhrimov_network, monkeypatch):
    calls = []

    def series(user, *, district=None, region=None):
        calls.append((user, district, region))
        return [
            {"date": datetime.date(2026, 1, 1), "metrics": {"density": 0.2, "isolates": [1, 2], "edges": 3}},
            {"date": datetime.date(2026, 2, 1), "metrics": {"density": 0.4, "isolates": [], "edges": 5}},
        ]

    monkeypatch.setattr(graph_views, "snapshot_series", series)
    response = as_user(sitar).get(URL)
    assert calls == [(sitar, pelhrimov, None)]
    charts = {str(c["label"]): c for c in response.context["charts"]}
    assert len(charts) == 3
    assert [p["value"] for p in response.context["charts"][1]["coords"]] == [2, 0]  # isolates as counts
    assert response.content.decode().count("<polyline") == 3


# ------------------------------------------------------------------------------------------------ query budget --


def count_queries(client) -> int:
    """The queries of the page of a network seen for the first time (its graph built, not the one kept for its state)."""
    caches["metrics"].clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL).status_code == 200
    return len(captured)


def test_the_page_costs_the_same_queries_for_1_and_20_links(as_user, sitar, make_organization, make_link):
    client = as_user(sitar)
    hub = make_organization(name="Rozcestník")
    make_link(hub, make_organization())
    client.get(URL)  # warm-up: content types, translations
    few = count_queries(client)
    for _ in range(19):
        make_link(hub, make_organization(), kind="joint_activity", strength=4)
    many = count_queries(client)
    assert len(drawn(client.get(URL))["edges"]) == 20
    assert many == few


def test_a_user_with_no_place_of_their_own_is_asked_to_choose_one(as_user, actor, vysocina, pelhrimov_network):
    client = as_user(actor)  # a superuser: every kraj, none of their own
    response = client.get(URL)
    assert response.status_code == 200 and response.context["territory"] is None
    assert "data-graph-url" not in response.content.decode()
    chosen = client.get(URL, {"region": vysocina.code})
    assert chosen.context["region"] == vysocina
    assert "Spirála Pelhřimov" in node_names(chosen)


def test_the_downloads_give_the_network_drawn_with_its_filters(as_user, sitar, pelhrimov_network):
    import io
    from html import unescape

    import networkx as nx

    page = as_user(sitar).get(URL, {"district": "6110", "kinds": ["referral"]})
    query = page.context["export_query"]
    assert "district=6110" in query and "kind=referral" in query
    assert f"{reverse('api-network-export-graphml')}?{query}" in unescape(page.content.decode())
    graphml = as_user(sitar).get(f"{reverse('api-network-export-graphml')}?{query}")
    assert graphml.status_code == 200
    graph = nx.read_graphml(io.BytesIO(graphml.content))
    assert graph.number_of_edges() == 1  # the referral only, as drawn


def test_the_page_builds_no_graph_while_the_network_is_unchanged_and_shows_a_change_at_once(
    as_user, sitar, make_organization, make_link
):
    client = as_user(sitar)
    hub = make_organization(name="Rozcestník")
    make_link(hub, make_organization())
    first = count_queries(client)
    with CaptureQueriesContext(connection) as again:
        listed = {row["pk"] for row in client.get(URL).context["organizations"]["rows"]}
    assert len(again) < first  # no graph: the summary kept for the network's state
    newcomer = make_organization(name="Nováček")
    make_link(hub, newcomer)
    rows = client.get(URL).context["organizations"]["rows"]
    assert {row["pk"] for row in rows} == listed | {newcomer.pk}
