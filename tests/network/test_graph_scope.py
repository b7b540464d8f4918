"""Whose links and organisations a graph holds: the user's scope, the territory, the date and the filters."""

import datetime

import pytest

from network.analysis.graph import JOINT_CASES_MIN, network_graph, network_graph_for_territory
from network.analysis.snapshots import snapshot_take
from network.services import case_involvement_add

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_kraje(make_organization, make_link, liberec_town, jihlava_town):
    """Two linked organisations in Pelhřimov, one in Jihlava, two linked in Liberec."""
    spirala = make_organization(name="Spirála Pelhřimov")
    skola = make_organization(name="ZŠ Pelhřimov", kind="school")
    jihlava_ngo = make_organization(name="Jihlavská NGO", municipality=jihlava_town)
    liberec_ngo = make_organization(name="Liberecká NGO", municipality=liberec_town)
    liberec_school = make_organization(name="ZŠ Liberec", kind="school", municipality=liberec_town)
    make_link(spirala, skola)
    make_link(spirala, jihlava_ngo, kind="information_sharing")
    make_link(liberec_ngo, liberec_school)
    return {
        "spirala": spirala,
        "skola": skola,
        "jihlava": jihlava_ngo,
        "liberec": liberec_ngo,
        "liberec_school": liberec_school,
    }


def test_a_liberec_sitar_sees_no_vysocina_organisation(two_kraje, make_role_user, make_link, actor, liberec):
    # Even a link from Liberec to Vysočina (made by an administrator) does not bring a Vysočina organisation in.
    make_link(two_kraje["liberec"], two_kraje["spirala"], kind="funding")
    user = make_role_user("sitar.liberec", "sitar", district=liberec)
    graph = network_graph(user)
    assert set(graph.nodes) == {two_kraje["liberec"].pk, two_kraje["liberec_school"].pk}
    assert {graph.nodes[n]["district"] for n in graph.nodes} == {"5105"}
    assert graph.number_of_edges() == 1


def test_a_user_without_a_role_gets_an_empty_graph(two_kraje, make_user):
    assert network_graph(make_user("nikdo")).number_of_nodes() == 0


def test_a_district_graph_holds_its_links_and_their_far_ends(
    two_kraje, make_role_user, pelhrimov, jihlava, make_organization
):
    lonely = make_organization(name="Bez vazeb")
    user = make_role_user("sitar.pelhrimov", "sitar", district=pelhrimov)
    graph = network_graph(user, district=pelhrimov)
    assert set(graph.nodes) == {two_kraje["spirala"].pk, two_kraje["skola"].pk, two_kraje["jihlava"].pk, lonely.pk}
    assert graph.number_of_edges() == 2
    # Jihlava's graph: its organisation, but not the Pelhřimov link (placed in Pelhřimov, its source's district).
    assert set(network_graph(user, district=jihlava).nodes) == {two_kraje["jihlava"].pk}
    assert network_graph(user, district="6105").number_of_edges() == 0


def test_a_region_graph_and_the_system_graph(two_kraje, vysocina, liberecky_kraj):
    graph = network_graph_for_territory(region=vysocina)
    assert set(graph.nodes) == {two_kraje["spirala"].pk, two_kraje["skola"].pk, two_kraje["jihlava"].pk}
    assert network_graph_for_territory(region=liberecky_kraj).number_of_edges() == 1
    assert network_graph_for_territory().number_of_nodes() == 5


def test_district_and_region_together_are_refused(vysocina, pelhrimov, actor):
    with pytest.raises(ValueError):
        network_graph(actor, district=pelhrimov, region=vysocina)


def _involve_in_cases(make_case, organizations, count):
    for _ in range(count):
        case = make_case()
        for organization in organizations:
            case_involvement_add(actor=None, case=case, organization=organization, role="social_service")


def test_two_joint_cases_show_nothing_and_three_show_the_lowest_band(
    make_organization, make_link, make_case, actor, pelhrimov, ospod
):
    a, b, c = (make_organization(name=name) for name in ("A", "B", "C"))
    ab = make_link(a, b)
    bc = make_link(b, c)
    _involve_in_cases(make_case, [a, b], 2)
    _involve_in_cases(make_case, [b, c], 3)
    _involve_in_cases(make_case, [a, c], 5)  # no link between A and C: no edge is made for it
    snapshot_take()
    graph = network_graph(actor, district=pelhrimov)
    assert "joint_cases" not in graph.get_edge_data(a.pk, b.pk)[ab.pk]
    assert graph.get_edge_data(b.pk, c.pk)[bc.pk]["joint_cases"] == "3-5"
    assert not graph.has_edge(a.pk, c.pk) and not graph.has_edge(c.pk, a.pk)
    assert JOINT_CASES_MIN == 3
    # The owning OSPOD counts as involved in its own cases: with A it shares 2 + 5 = 7, but it has no link.
    assert ospod.pk in graph and graph.degree(ospod.pk) == 0


def test_joint_cases_apply_to_a_link_in_either_direction(make_organization, make_link, make_case, actor, pelhrimov):
    a, b = make_organization(name="A"), make_organization(name="B")
    link = make_link(b, a, directed=True)
    _involve_in_cases(make_case, [a, b], 7)
    snapshot_take()
    graph = network_graph(actor, district=pelhrimov)
    assert graph.get_edge_data(b.pk, a.pk)[link.pk]["joint_cases"] == "6-10"


def test_as_of_honours_since_and_until(make_organization, make_link, actor, pelhrimov):
    a, b, c = (make_organization(name=name) for name in "ABC")
    old = make_link(a, b, since=datetime.date(2020, 1, 1), until=datetime.date(2022, 12, 31), status="ended")
    new = make_link(b, c, since=datetime.date(2023, 6, 1))

    def links_on(day):
        graph = network_graph(actor, district=pelhrimov, as_of=day)
        return {key for _, _, key in graph.edges(keys=True)}

    assert links_on(datetime.date(2019, 12, 31)) == set()
    assert links_on(datetime.date(2020, 1, 1)) == {old.pk}
    assert links_on(datetime.date(2022, 12, 31)) == {old.pk}
    assert links_on(datetime.date(2023, 1, 1)) == set()
    assert links_on(datetime.date(2023, 6, 1)) == {new.pk}
    # Without a date: the links active now.
    assert {key for _, _, key in network_graph(actor, district=pelhrimov).edges(keys=True)} == {new.pk}


def test_kind_and_min_strength_filters(make_organization, make_link, actor, pelhrimov):
    a, b, c = (make_organization(name=name) for name in "ABC")
    weak = make_link(a, b, kind="referral", strength=1)
    strong = make_link(b, c, kind="funding", strength=5)
    shared = make_link(a, c, kind="information_sharing", strength=3)

    def links(**filters):
        graph = network_graph(actor, district=pelhrimov, **filters)
        return {key for _, _, key in graph.edges(keys=True)}

    assert links(kinds=["referral"]) == {weak.pk}
    assert links(kinds=["referral", "funding"]) == {weak.pk, strong.pk}
    assert links(min_strength=3) == {strong.pk, shared.pk}
    assert links(min_strength=4, kinds=["funding"]) == {strong.pk}
    # Filtered-out links leave their organisations in place as isolates.
    assert network_graph(actor, district=pelhrimov, kinds=["funding"]).number_of_nodes() == 3


def test_a_graph_costs_the_same_queries_whatever_its_size(
    make_organization, make_link, make_role_user, pelhrimov, django_assert_num_queries
):
    user = make_role_user("sitar.pelhrimov", "sitar", district=pelhrimov)
    hub = make_organization(name="Hub")
    make_link(hub, make_organization(name="P0"))
    network_graph(user, district=pelhrimov)  # resolves and caches the user's scope
    with django_assert_num_queries(3) as small:
        network_graph(user, district=pelhrimov)
    for i in range(1, 8):
        make_link(hub, make_organization(name=f"P{i}"))
    with django_assert_num_queries(len(small.captured_queries)):
        assert network_graph(user, district=pelhrimov).number_of_edges() == 8
