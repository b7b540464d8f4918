"""Populations: ČSÚ's table of the population by age read into children 0–17 per ORP and year (manage.py
load_population, the sample tests/data/csu_population_orp.csv in ČSÚ's layout with made-up numbers), the demo's
made-up populations, and the rates per 1 000 children."""

import datetime
from decimal import Decimal
from fractions import Fraction
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from demo.populations import HIGHEST, LOWEST, seed_populations
from demo.seed import RegionalResult
from evaluation.csu import AgeBand, age_band
from evaluation.models import Population
from evaluation.population import DEMO_SOURCE, children, is_demo, population_load, rate_per_1000
from territory.models import District

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "csu_population_orp.csv"
HEADER = (
    '"idhod","hodnota","stapro_kod","pohlavi_cis","pohlavi_kod","vek_cis","vek_kod","vuzemi_cis","vuzemi_kod",'
    '"casref_do","pohlavi_txt","vek_txt","vuzemi_txt"'
)


def children_of(code: str) -> dict[int, int]:
    return dict(Population.objects.filter(district__code=code).values_list("year", "children"))


# --------------------------------------------------------------------------------------------- ČSÚ's ages --


@pytest.mark.parametrize(
    ("text", "band"),
    [
        ("15 až 20 (více nebo rovno 15 a méně než 20)", AgeBand(15, 20)),
        ("30 a 31 (více nebo rovno 30 a méně než 31)", AgeBand(30, 31)),
        ("Od 95 (více nebo rovno 95)", AgeBand(95, None)),
        ("15–19", AgeBand(15, 20)),
        ("95+", AgeBand(95, None)),
        ("7", AgeBand(7, 8)),
        ("", None),
        ("celkem", None),
    ],
)
def test_it_reads_csu_age_bands(text, band):
    assert age_band(text) == band


def test_three_fifths_of_the_group_15_to_19_are_children():
    assert AgeBand(15, 20).children_share() == Fraction(3, 5)
    assert AgeBand(10, 15).children_share() == 1
    assert AgeBand(17, 18).children_share() == 1 and AgeBand(18, 19).children_share() == 0
    assert AgeBand(95, None).children_share() == 0


@pytest.mark.parametrize("text", ["nevím", "Od 15 (více nebo rovno 15)", "20 až 15"])
def test_an_age_that_cannot_be_read_or_split_at_18_is_an_error(text):
    with pytest.raises(ValueError):
        age_band(text)


# ------------------------------------------------------------------------------------------ load_population --


@pytest.mark.django_db
def test_it_loads_children_0_to_17_per_orp_and_year_from_csus_table():
    output, errors = StringIO(), StringIO()
    call_command("load_population", str(SAMPLE), stdout=output, stderr=errors)
    # 0–4 + 5–9 + 10–14 + 3/5 of 15–19, both sexes' rows (the rows of each sex beside them are not counted twice).
    assert children_of("6110") == {2023: 3000 + 3200 + 3100 + 1740, 2024: 3100 + 3300 + 3200 + 1800}
    # Only the rows of each sex: summed.
    assert children_of("6105") == {2023: 3900 + 4100 + 4000 + 2100}
    # Praha is no ORP of codelist 65: its kraj's row.
    assert children_of("1000") == {2023: 50_000 * 3 + 30_000}
    row = Population.objects.get(district__code="6110", year=2023)
    assert row.source == "ČSÚ, csu_population_orp.csv" and not row.demo
    assert "Populations of years 2023, 2024: 4 created, 0 updated, 0 unchanged" in output.getvalue()
    assert "Unknown ORP code 9999 Neznámá ORP: skipped" in errors.getvalue()
    assert Population.objects.count() == 4


@pytest.mark.django_db
def test_loading_again_changes_nothing_and_a_newer_file_updates(tmp_path):
    population_load(SAMPLE)
    again = population_load(SAMPLE)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    newer = tmp_path / "newer.csv"
    newer.write_text(
        SAMPLE.read_text(encoding="utf-8-sig").replace('"3000","2406","","","7700"', '"3500","2406","","","7700"')
    )
    result = population_load(newer)
    assert (result.created, result.updated) == (0, 4)  # every row's source is the new file's
    assert children_of("6110")[2023] == 3500 + 3200 + 3100 + 1740


@pytest.mark.django_db
def test_it_reads_the_columns_in_any_order_without_a_bom_and_by_the_censuss_names(tmp_path):
    census = tmp_path / "sldb.csv"
    census.write_text(
        "vek_txt;uzemi_kod;hodnota;uzemi_cis;sldb_rok;pohlavi_kod\n"
        "0 až 5 (více nebo rovno 0 a méně než 5);6110;100;65;2021;\n"
        "15 až 20 (více nebo rovno 15 a méně než 20);6110;50;65;2021;\n"
        # An ORP given by its RÚIAN code.
        f"5 až 10 (více nebo rovno 5 a méně než 10);{District.objects.get(code='6105').ruian_code};70;65;2021;\n",
        encoding="utf-8",
    )
    population_load(census)
    assert children_of("6110") == {2021: 130} and children_of("6105") == {2021: 70}


@pytest.mark.django_db
def test_a_bad_row_names_its_line_and_nothing_is_loaded(tmp_path):
    broken = tmp_path / "broken.csv"
    lines = SAMPLE.read_text(encoding="utf-8-sig").splitlines()
    fields = lines[5].split(",")
    fields[1] = '"hodně"'
    lines[5] = ",".join(fields)
    broken.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(CommandError, match=r"broken\.csv, line 6: the value 'hodně' is not a number"):
        call_command("load_population", str(broken), stdout=StringIO())
    assert not Population.objects.exists()


@pytest.mark.django_db
def test_a_file_of_another_layout_is_refused_with_what_it_lacks(tmp_path):
    other = tmp_path / "other.csv"
    other.write_text("kod,pocet\n6110,5\n", encoding="utf-8")
    with pytest.raises(CommandError, match="the header has no column hodnota, vuzemi_kod, rok, vek_txt"):
        call_command("load_population", str(other), stdout=StringIO())


@pytest.mark.django_db
def test_a_loaded_population_replaces_the_demos(tmp_path):
    pelhrimov = District.objects.get(code="6110")
    Population.objects.create(district=pelhrimov, year=2023, children=1, source=DEMO_SOURCE, demo=True)
    population_load(SAMPLE)
    row = Population.objects.get(district=pelhrimov, year=2023)
    assert (row.children, row.demo) == (11040, False)


# ------------------------------------------------------------------------------------ children and the rates --


@pytest.mark.django_db
def test_children_are_of_the_latest_year_up_to_the_one_asked(pelhrimov, jihlava, liberec):
    population_load(SAMPLE)
    ids = [pelhrimov.pk, jihlava.pk, liberec.pk]
    assert children(ids, 2026) == {pelhrimov.pk: 11400, jihlava.pk: 14100}
    assert children(ids, 2023) == {pelhrimov.pk: 11040, jihlava.pk: 14100}
    assert children(ids, 2022) == {}
    assert not is_demo(ids, 2026)


def test_a_rate_is_per_1000_children_to_one_decimal():
    assert rate_per_1000(12, 11040) == Decimal("1.1")
    assert rate_per_1000(Decimal("250"), 4000) == Decimal("62.5")
    assert rate_per_1000(0, 4000) == Decimal("0.0")
    assert rate_per_1000(None, 4000) is None and rate_per_1000(12, None) is None and rate_per_1000(12, 0) is None


# ---------------------------------------------------------------------------------------- the demo's numbers --


@pytest.mark.django_db
def test_the_demo_gives_every_orp_made_up_children_for_three_years_once(pelhrimov):
    today = datetime.date(2026, 12, 4)
    assert seed_populations(today=today) == 3 * District.objects.count()
    rows = Population.objects.all()
    assert {row.year for row in rows} == {2023, 2024, 2025}
    assert all(row.demo and row.source == DEMO_SOURCE for row in rows)
    others = [row.children for row in rows if row.district.code != "1000"]
    assert LOWEST <= min(others) and max(others) <= HIGHEST
    praha = Population.objects.get(district__code="1000", year=2025).children
    assert praha > max(others)
    before = dict(Population.objects.values_list("pk", "children"))
    assert seed_populations(today=today) == 0
    assert dict(Population.objects.values_list("pk", "children")) == before
    assert is_demo([pelhrimov.pk], 2026)


@pytest.mark.django_db
def test_the_demo_never_replaces_a_loaded_population(pelhrimov):
    Population.objects.create(district=pelhrimov, year=2025, children=11111, source="ČSÚ, x.csv")
    seed_populations(today=datetime.date(2026, 3, 1))
    assert Population.objects.get(district=pelhrimov, year=2025).children == 11111
    assert Population.objects.filter(district=pelhrimov).count() == 3


@pytest.mark.django_db
def test_seed_demo_adds_the_demo_populations(monkeypatch):
    # The regional demo takes a while (tests/core/test_seed_demo.py builds it): only the populations' step runs here.
    monkeypatch.setattr("demo.management.commands.seed_demo.seed_regional", lambda password: RegionalResult(False, 0.0))
    monkeypatch.setattr("demo.management.commands.seed_demo.Command._print_users", lambda self, password: None)
    output = StringIO()
    call_command("seed_demo", stdout=output)
    assert Population.objects.filter(demo=True).count() == 3 * District.objects.count()
    assert f": {3 * District.objects.count()}" in output.getvalue()  # in English or Czech
    call_command("seed_demo", stdout=StringIO())
    assert Population.objects.filter(demo=True).count() == 3 * District.objects.count()


def test_the_sample_file_is_in_csus_layout_with_a_bom():
    raw = SAMPLE.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw[3:].decode("utf-8").splitlines()[0] == HEADER
