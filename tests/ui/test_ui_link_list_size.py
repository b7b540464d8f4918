"""The cooperation list at national scale (issue 17): its page does not carry a select of every organisation (the
filter by one is kept from a link and named above the list), and a page of links is read off an index in the list's
order, not sorted after joining every link of the kraj."""

import re

import pytest
from django.db import connection
from django.urls import reverse

from network.models import CooperationLink, LinkKind
from network.views import LinkListView

pytestmark = pytest.mark.django_db


def listed(response) -> list[int]:
    assert response.status_code == 200
    return [link.pk for link in response.context["object_list"]]


def test_the_page_does_not_grow_with_the_organisations_one_may_see(as_user, sitar, make_organization, make_link):
    make_link(make_organization(), make_organization())
    client = as_user(sitar)
    before = len(client.get(reverse("link-list")).content)

    for _ in range(30):
        make_organization()
    page = client.get(reverse("link-list"))

    assert len(page.content) == before
    assert 'name="organization"' not in page.content.decode()


def test_a_link_to_one_organisations_cooperation_keeps_it_names_it_and_offers_the_rest(
    as_user, sitar, organization, partner, make_organization, make_link
):
    mine = make_link(organization, partner)
    make_link(partner, make_organization())
    client = as_user(sitar)

    response = client.get(reverse("link-list"), {"organization": organization.pk, "district": ""})

    assert listed(response) == [mine.pk]
    html = response.content.decode()
    assert f'<input type="hidden" name="organization" value="{organization.pk}">' in html
    (linked,) = response.context["linked_organizations"]
    assert linked["organization"] == organization
    assert listed(client.get(linked["clear_url"])) == listed(client.get(reverse("link-list"), {"district": ""}))
    assert len(listed(client.get(linked["clear_url"]))) == 2


def test_an_organisation_out_of_sight_is_an_error_not_a_name(as_user, sitar, make_organization, liberec_town):
    stranger = make_organization(name="Cizí organizace", municipality=liberec_town)

    response = as_user(sitar).get(reverse("link-list"), {"organization": stranger.pk})

    assert response.context["linked_organizations"] == []
    assert listed(response) == []
    assert "Cizí organizace" not in response.content.decode()


@pytest.mark.parametrize("filters", [{"district": "6110"}, {"region": "3107", "district": ""}, {"district": ""}])
def test_a_page_of_links_is_read_off_an_index_of_its_order(
    rf, make_role_user, make_organization, make_link, jihlava_town, filters
):
    narodni = make_role_user("narodni.test", "narodni")
    # Hundreds of links in each of two ORP, enough for the planner to weigh an index against a sort: copies of one
    # recorded through the service, every pair of organisations in every kind.
    for town in (None, jihlava_town):
        organizations = [make_organization(**({"municipality": town} if town else {})) for _ in range(12)]
        recorded = make_link(organizations[0], organizations[1])
        CooperationLink.objects.bulk_create(
            CooperationLink(
                region_id=recorded.region_id,
                district_id=recorded.district_id,
                source=source,
                target=target,
                kind=kind,
                strength=recorded.strength,
                status=recorded.status,
            )
            for number, source in enumerate(organizations)
            for target in organizations[number + 1 :]
            for kind in LinkKind.values
            if (source, target, kind) != (recorded.source, recorded.target, recorded.kind)
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE network_cooperationlink, organizations_organization")
    request = rf.get(reverse("link-list"), filters)
    request.user = narodni
    view = LinkListView()
    view.setup(request)
    page = view.get_queryset()[:50]
    sql, params = page.query.sql_with_params()

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    # Which of the three the planner takes depends on how much of the table the territory is (in a kraj of these
    # two ORP, the nationwide one filtered); each of them gives the page without sorting the territory's links.
    assert re.search(r"Index Scan using link_(district_|region_)?updated_idx", plan), plan
    assert "Sort" not in plan, plan
