"""The territory loaded by migration: 14 kraje, 206 ORP (205 + Praha), 6 258 obcí, with their official codes."""

from decimal import Decimal

import pytest
from django.db.models import Count

from territory.models import District, Municipality, Region

pytestmark = pytest.mark.django_db

ORP_PER_KRAJ = {
    "3018": 1,  # Hlavní město Praha
    "3026": 26,  # Středočeský
    "3034": 17,  # Jihočeský
    "3042": 15,  # Plzeňský
    "3051": 7,  # Karlovarský
    "3069": 16,  # Ústecký
    "3077": 10,  # Liberecký
    "3085": 15,  # Královéhradecký
    "3093": 15,  # Pardubický
    "3107": 15,  # Vysočina
    "3115": 21,  # Jihomoravský
    "3123": 13,  # Olomoucký
    "3131": 13,  # Zlínský
    "3140": 22,  # Moravskoslezský
}


def test_it_has_fourteen_regions():
    assert Region.objects.count() == 14


def test_it_has_206_districts():
    assert District.objects.count() == 206


def test_it_has_6258_municipalities():
    assert Municipality.objects.count() == 6258


def test_regions_are_keyed_by_their_csu_codes():
    assert set(Region.objects.values_list("code", flat=True)) == set(ORP_PER_KRAJ)


def test_each_region_has_its_number_of_districts():
    counts = dict(Region.objects.annotate(n=Count("districts")).values_list("code", "n"))
    assert counts == ORP_PER_KRAJ


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("3018", "Hlavní město Praha"),
        ("3107", "Kraj Vysočina"),
        ("3077", "Liberecký kraj"),
        ("3140", "Moravskoslezský kraj"),
    ],
)
def test_a_region_code_names_the_right_region(code, name):
    assert Region.objects.get(code=code).name == name


def test_every_district_code_has_four_digits():
    codes = District.objects.values_list("code", flat=True)
    assert all(len(code) == 4 and code.isdigit() for code in codes)


def test_pelhrimov_is_district_6110_in_vysocina():
    pelhrimov = District.objects.get(code="6110")
    assert pelhrimov.name == "Pelhřimov"
    assert pelhrimov.region.code == "3107"


def test_praha_is_one_district_of_its_own_with_one_municipality():
    praha = District.objects.get(region__code="3018")
    assert praha.code == "1000"
    assert praha.municipalities.count() == 1


def test_every_region_keeps_its_nuts3_and_ruian_codes():
    for region in Region.objects.all():
        assert region.nuts3.startswith("CZ") and len(region.nuts3) == 5
        assert region.ruian_code > 0
    assert Region.objects.get(code="3107").nuts3 == "CZ063"


def test_every_district_keeps_its_ruian_code_and_seat():
    assert not District.objects.filter(ruian_code__isnull=True).exists()
    assert not District.objects.filter(seat_code="").exists()
    assert District.objects.get(code="6110").ruian_code == 388


def test_every_district_has_a_centroid_inside_czechia():
    for lat, lon in District.objects.values_list("centroid_lat", "centroid_lon"):
        assert Decimal("48.5") < lat < Decimal("51.1")
        assert Decimal("12.0") < lon < Decimal("18.9")


def test_every_district_has_at_least_one_municipality():
    assert not District.objects.annotate(n=Count("municipalities")).filter(n=0).exists()


def test_a_municipality_lies_in_its_district():
    kamenice = Municipality.objects.get(code="548111")
    assert kamenice.name == "Kamenice nad Lipou"
    assert kamenice.district.code == "6110"
