"""The demo's duplicates are found: "Speciálně pedagogické centrum Jihlava" twice (ORP Jihlava), "Azylový dům Klubko,
o. p. s." in two ORPs of Vysočina (different IČOs: listed, marked) and the kindergarten entered again by hand without
IČO; each only by whoever may merge both records, and nothing of another kraj."""

import pytest
from django.contrib.auth import get_user_model

from demo.hand_entered import ORIGINAL, TYPED
from duplicates.candidates import candidate_pairs
from organizations.models import Organization

pytestmark = pytest.mark.django_db


def user(name):
    return get_user_model().objects.get(username=name)


def found(candidates) -> dict[frozenset, object]:
    return {frozenset((c.first.pk, c.second.pk)): c for c in candidates}


def ids(*filters) -> frozenset:
    return frozenset(Organization.objects.get(**f).pk for f in filters)


def test_the_demo_pairs_are_found_by_whoever_may_merge_them(seeded):
    spc = ids(
        {"name": "Speciálně pedagogické centrum Jihlava"}, {"name": "Speciálně pedagogické centrum Jihlava, Družstevní"}
    )
    klubko = ids({"name": "Azylový dům Klubko, o. p. s."}, {"name": "Azylový dům Klubko, o. p. s. – Pelhřimov"})
    typed = ids({"name": ORIGINAL}, {"name": TYPED})
    lead = found(candidate_pairs(user("vedouci.vysocina")))
    assert {spc, klubko, typed} <= lead.keys()
    assert lead[klubko].different_ico and lead[spc].different_ico
    assert not lead[typed].different_ico
    # The hand-entered copy is the likeliest: the same address and phone, a name one typo away.
    assert lead[typed].score > lead[spc].score > lead[klubko].score
    assert {"name", "address", "phone"} <= set(lead[typed].matched)
    sitar = found(candidate_pairs(user("sitar.jihlava")))
    assert {spc, typed} <= sitar.keys()
    assert klubko not in sitar  # one of the two lies outside the síťař's ORP
    jihlava = set(Organization.objects.filter(district__code="6105").values_list("pk", flat=True))
    assert all(pair <= jihlava for pair in sitar)
    vysocina = set(Organization.objects.filter(region__code="3107").values_list("pk", flat=True))
    assert all(pair <= vysocina for pair in lead)
    liberec = found(candidate_pairs(user("vedouci.liberec")))
    assert not any(pair & vysocina for pair in liberec)
    assert candidate_pairs(user("narodni")) == [] and candidate_pairs(user("ospod.jihlava")) == []
