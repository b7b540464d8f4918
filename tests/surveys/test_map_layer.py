"""The network map's partner survey layer: the owner gets the directed answers as weighted edges, anyone else only
the organisations' scores of at least 3 respondents; it is fetched only when switched on."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def layer(client, pelhrimov):
    return client.get(reverse("network-survey-data"), {"district": pelhrimov.code})


def test_the_owner_gets_the_weighted_directed_answers(answered, sitar, four, pelhrimov, as_user):
    data = layer(as_user(sitar), pelhrimov).json()
    assert data["round"]["id"] == answered.pk and data["owner"] is True
    (a, _), (b, _) = four[:2]
    edges = {(e["from"], e["to"]): e for e in data["edges"]}
    assert len(edges) == 6
    assert edges[(a.pk, b.pk)]["reciprocal"] is True and edges[(a.pk, b.pk)]["width"] == 7.0
    assert edges[(b.pk, a.pk)]["trust"] == 3.0


def test_anyone_else_gets_only_scores_of_three_respondents(answered, poradce, four, pelhrimov, as_user):
    data = layer(as_user(poradce), pelhrimov).json()
    assert data["owner"] is False and data["edges"] == []
    assert {node["id"] for node in data["nodes"]} == {four[0][0].pk, four[1][0].pk}
    assert all(node["raters"] >= 3 for node in data["nodes"])


def test_no_round_and_out_of_reach(sitar, sitar_liberec, pelhrimov, jihlava, as_user):
    assert layer(as_user(sitar), pelhrimov).json()["round"] is None
    assert layer(as_user(sitar_liberec), pelhrimov).status_code == 404


def test_the_map_page_offers_the_layer_without_loading_it(answered, sitar, four, pelhrimov, as_user, make_link):
    make_link(four[0][0], four[1][0])
    page = as_user(sitar).get(reverse("network-map"), {"district": pelhrimov.code}).content.decode()
    assert 'id="survey-layer"' in page and reverse("network-survey-data") in page
