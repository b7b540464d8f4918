"""Who writes the recommendations of an ORP's report, as the rules table says ("networkrecommendation"): the síťař
of the ORP, the advisers and the regional lead of its kraj; nobody of another kraj, no OSPOD worker, no national
reader."""

import pytest

from network.analysis.recommendations import may_edit_recommendation, recommendation_update
from permissions.roles import Role
from permissions.rules import Level, level

pytestmark = pytest.mark.django_db


def test_the_rules_table_declares_who_writes_the_recommendations():
    assert level(Role.SITAR, "networkrecommendation", "change") is Level.DISTRICT
    assert level(Role.PORADCE, "networkrecommendation", "change") is Level.REGION
    assert level(Role.VEDOUCI, "networkrecommendation", "change") is Level.REGION
    for role in (Role.OSPOD, Role.VEDOUCI_OSPOD, Role.NARODNI):
        assert level(role, "networkrecommendation", "change") is None


def test_a_regional_lead_writes_in_every_orp_of_its_kraj_and_nowhere_else(
    make_role_user, vysocina, liberecky_kraj, pelhrimov, jihlava, liberec
):
    lead = make_role_user("vedouci.vysocina", "vedouci", region=vysocina)
    other_lead = make_role_user("vedouci.liberec", "vedouci", region=liberecky_kraj)
    assert may_edit_recommendation(lead, pelhrimov) and may_edit_recommendation(lead, jihlava)
    assert not may_edit_recommendation(lead, liberec)
    assert not may_edit_recommendation(other_lead, pelhrimov)
    written = recommendation_update(actor=lead, district=pelhrimov, text="Posílit SAS.")
    assert (written.district_id, written.updated_by_id) == (pelhrimov.pk, lead.pk)


def test_a_sitar_writes_only_in_its_own_orp(make_role_user, pelhrimov, jihlava):
    sitar = make_role_user("sitar.pelhrimov", "sitar", district=pelhrimov)
    assert may_edit_recommendation(sitar, pelhrimov)
    assert not may_edit_recommendation(sitar, jihlava)


def test_an_ospod_worker_writes_nowhere(make_role_user, ospod, pelhrimov):
    worker = make_role_user("ospod.pelhrimov", "ospod", organization=ospod)
    assert not may_edit_recommendation(worker, pelhrimov)
