"""The home page flags the active links no meeting has reconfirmed for a year, to those who may confirm them."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from network.models import CooperationLink

pytestmark = pytest.mark.django_db


def test_a_networker_sees_the_links_not_reconfirmed_for_a_year(
    home, make_role_user, make_organization, make_link, liberec_town, pelhrimov
):
    sitar = make_role_user("jana.sitar", "sitar", district=pelhrimov)
    a, b, c = (make_organization(name=name) for name in ("Spirála", "Fokus", "Klub"))
    old = make_link(a, b)
    fresh = make_link(b, c)
    CooperationLink.objects.filter(pk=old.pk).update(confirmed_on=timezone.localdate() - datetime.timedelta(days=400))
    CooperationLink.objects.filter(pk=fresh.pk).update(confirmed_on=timezone.localdate())
    make_link(
        make_organization(name="L1", municipality=liberec_town), make_organization(name="L2", municipality=liberec_town)
    )  # out of her scope

    response = home(sitar)

    page = response.content.decode()
    assert response.context["unconfirmed_count"] == 1
    assert [link.pk for link in response.context["unconfirmed"]] == [old.pk]
    assert 'href="/links/?stale=true&amp;status=active"' in page and f'href="/links/{old.pk}/"' in page


def test_the_section_costs_the_same_queries_for_one_link_or_many(
    home, make_role_user, make_organization, make_link, pelhrimov
):
    sitar = make_role_user("jana.sitar", "sitar", district=pelhrimov)
    hub = make_organization(name="Spirála")

    def queries() -> int:
        home(sitar)
        with CaptureQueriesContext(connection) as captured:
            home(sitar)
        return len(captured)

    make_link(hub, make_organization())
    one = queries()
    for _ in range(8):
        make_link(hub, make_organization())
    assert queries() == one


def test_an_ospod_worker_has_no_such_section(home, make_role_user, make_organization, jihlava_town):
    ospod = make_organization(name="OSPOD Jihlava", kind="ospod", municipality=jihlava_town)
    worker = make_role_user("ospod.jihlava", "ospod", organization=ospod)
    assert 'id="unconfirmed-links"' not in home(worker).content.decode()
