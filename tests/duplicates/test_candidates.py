"""Scoring of candidate pairs: the signals and their reasons, two IČOs as a strong minus, branches in other obce."""

import pytest

from duplicates.candidates import candidate_pairs, core_name, similarity
from organizations.services import organization_update

pytestmark = pytest.mark.django_db


def by_pair(user):
    return {frozenset((c.first.pk, c.second.pk)): c for c in candidate_pairs(user)}


def test_core_names_drop_diacritics_case_and_legal_forms():
    assert core_name("Azylový dům Klubko, o. p. s.") == core_name("azylovy dum KLUBKO o.p.s.") == "azylovy dum klubko"
    assert core_name("Spirála, z. s.") == core_name("Spirála, spolek") == "spirala"
    assert similarity("spirala pelhrimov", "spirala pelhrimov") == 1.0


def test_an_ico_one_record_lost_matches_the_record_holding_it(actor, make_organization, kamenice_nad_lipou):
    old = make_organization(name="Rodinné centrum Domeček", ico="00064581")
    organization_update(actor=actor, organization=old, data={"ico": None})
    new = make_organization(name="RC Domeček Kamenice", ico="00064581", municipality=kamenice_nad_lipou)
    pair = by_pair(actor)[frozenset((old.pk, new.pk))]
    assert "ico" in pair.matched and not pair.different_ico


def test_the_same_address_web_and_phone_are_reasons(actor, make_organization, pelhrimov_town):
    common = {"street": "Pražská 12", "municipality": pelhrimov_town, "phone": "+420 565 111 222"}
    first = make_organization(name="Klub Kotva", web="https://www.kotva.example/", **common)
    second = make_organization(name="Nízkoprahový klub Kotva", web="http://kotva.example/klub", **common)
    pair = by_pair(actor)[frozenset((first.pk, second.pk))]
    assert {"name", "address", "web", "phone"} <= set(pair.matched)
    assert pair.score >= 60


def test_two_icos_are_a_strong_minus_listed_only_with_nearly_the_same_name(actor, make_organization):
    same = make_organization(name="Poradna Most, z. ú.", ico="00551023")
    twin = make_organization(name="Poradna Most", ico="70891095")
    other = make_organization(name="Poradna Maják", ico="44992785")
    pairs = by_pair(actor)
    marked = pairs[frozenset((same.pk, twin.pk))]
    assert marked.different_ico and marked.score < 40
    assert frozenset((same.pk, other.pk)) not in pairs and frozenset((twin.pk, other.pk)) not in pairs


def test_branches_in_two_obce_are_not_offered(actor, make_organization, jihlava_town, pelhrimov_town):
    first = make_organization(name="Úřad práce ČR – kontaktní pracoviště Pelhřimov", municipality=pelhrimov_town)
    second = make_organization(name="Úřad práce ČR – kontaktní pracoviště Jihlava", municipality=jihlava_town)
    assert frozenset((first.pk, second.pk)) not in by_pair(actor)
