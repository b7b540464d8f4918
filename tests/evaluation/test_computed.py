"""The network's indicators computed by Síťař per ORP and period (issue 19), from rows the user may see: dates set
on the records, so the results do not depend on the day the tests run."""

import datetime
from decimal import Decimal

import pytest

from evaluation.computed import COMPUTED, Period, compute
from evaluation.starter import STARTER_INDICATORS

pytestmark = pytest.mark.django_db
H1 = Period.half_year(2026, 1)


def test_the_network_of_an_orp_in_a_half_year(network, actor, pelhrimov, jihlava):
    codes = ["meetings", "needs_open", "needs_resolved", "need_resolution_days", "links_per_ospod"]
    values = compute(actor, codes + ["key_services_present", "records_verified"], [pelhrimov, jihlava], H1)
    assert values["meetings"] == {pelhrimov.pk: 2, jihlava.pk: 1}
    assert values["needs_open"][pelhrimov.pk] == 1 and values["needs_resolved"][pelhrimov.pk] == 1
    assert values["need_resolution_days"] == {pelhrimov.pk: Decimal(28), jihlava.pk: None}
    assert values["links_per_ospod"] == {pelhrimov.pk: Decimal("1.0"), jihlava.pk: Decimal("0.0")}
    assert values["key_services_present"][pelhrimov.pk] == 1
    # Pelhřimov: Spirála verified in May, the school and the OSPOD not: one of three.
    assert values["records_verified"][pelhrimov.pk] == Decimal("33.3")


def test_an_orp_out_of_scope_is_not_counted(
    network, make_role_user, make_organization, make_meeting, pelhrimov, liberec, liberec_town
):
    """A networker of Pelhřimov reads the meetings of the kraj, not of another kraj."""
    elsewhere = make_organization(name="Centrum Liberec", municipality=liberec_town)
    make_meeting(held_on=datetime.date(2026, 2, 3), organizations=[elsewhere], district=liberec)
    networker = make_role_user("sitar.test", "sitar", district=pelhrimov)
    values = compute(networker, ["meetings", "needs_open"], [pelhrimov, liberec], H1)
    assert values == {"meetings": {pelhrimov.pk: 2}, "needs_open": {pelhrimov.pk: 1}}
    assert compute(networker, ["meetings"], [liberec], H1) == {"meetings": {}}


def test_periods():
    assert (H1.start, H1.end, H1.label) == (datetime.date(2026, 1, 1), datetime.date(2026, 6, 30), "2026/1")
    second = Period.half_year(2026, 2)
    assert (second.start, second.end) == (datetime.date(2026, 7, 1), datetime.date(2026, 12, 31))
    assert Period.year(2025).label == "2025"
    with pytest.raises(ValueError):
        Period.half_year(2026, 3)


def test_every_computed_indicator_of_the_catalogue_has_its_computation():
    assert {row[0] for row in STARTER_INDICATORS if row[5] == "computed"} == set(COMPUTED)
