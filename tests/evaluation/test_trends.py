"""The collected indicators over the rounds: ORP against its kraj and the country, small counts hidden outside their
OSPOD (also from the kraj's totals), early warnings, and the comparison page's collected columns."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from evaluation.collection import report_review, report_save, round_open
from evaluation.models import Indicator
from evaluation.suppression import Hidden
from evaluation.trends import Collected, charts, outside, warnings

CODES = ("children_in_records", "new_cases", "children_placed_out")


@pytest.fixture
def rounds(role_people, ospod, ospod_jihlava, actor):
    """Two approved rounds: Pelhřimov's new cases 3 then 10 (a jump), Jihlava's 20 then 22."""
    indicators = {indicator.code: indicator for indicator in Indicator.objects.filter(code__in=CODES)}
    numbers = {
        "2026/1": {ospod: (100, 3, 2), ospod_jihlava: (200, 20, 8)},
        "2026/2": {ospod: (110, 10, 2), ospod_jihlava: (210, 22, 9)},
    }
    for period, by_ospod in numbers.items():
        round_ = round_open(
            actor=role_people["narodni"],
            period=period,
            deadline=datetime.date(2027, 1, 31),
            indicators=list(indicators.values()),
            today=datetime.date(2026, 12, 1),
        )
        for organization, values in by_ospod.items():
            report = round_.reports.get(ospod=organization)
            typed = {indicators[code].pk: Decimal(value) for code, value in zip(CODES, values)}
            comments = {indicators["new_cases"].pk: "Nová ubytovna."}
            report_save(actor=actor, report=report, values=typed, comments=comments, submit=True)
            report_review(actor=role_people["vedouci"], report=report, approve=True)
    return indicators


def texts(chart):
    return {line.key: [entry.text for entry in line.shown] for line in chart.lines}


@pytest.mark.django_db
def test_an_ospod_sees_its_own_small_count_and_the_kraj_sees_it_hidden(role_people, rounds, ospod, vysocina):
    district = ospod.district
    new_cases = rounds["new_cases"]
    own = Collected.load(role_people["ospod"])
    lead = Collected.load(role_people["vedouci"])
    assert own.periods == lead.periods == ["2026/1", "2026/2"]
    assert own.shown(new_cases, "2026/1", district.pk).text == "3"
    hidden = lead.shown(new_cases, "2026/1", district.pk)
    assert hidden.text == "< 5" and hidden.value is None
    by_key = {chart.indicator.code: chart for chart in charts(lead, district=district, region=vysocina)}
    assert texts(by_key["new_cases"])["orp"] == ["< 5", "10"]
    assert texts(by_key["new_cases"])["kraj"] == ["11.5", "16"]  # the median of 3 and 20, of 10 and 22
    # A hidden value is not drawn: one point of the ORP's line, at the later round.
    assert [coord[2] for coord in next(line for line in by_key["new_cases"].lines if line.key == "orp").coords] == [
        "2026/2"
    ]


@pytest.mark.django_db
def test_the_country_line_is_the_median_of_every_approved_orp_and_nothing_else_is_named(role_people, rounds, ospod):
    lead_li = Collected.load(role_people["vedouci_li"])
    assert lead_li.seen == {}  # no form of its kraj
    chart = next(c for c in charts(lead_li, district=None, region=None) if c.indicator.code == "children_in_records")
    assert texts(chart) == {"country": ["150", "160"]}


@pytest.mark.django_db
def test_the_krajs_table_hides_a_small_count_and_the_cell_that_would_give_it_away(role_people, rounds, as_user):
    page = as_user(role_people["vedouci"]).get(reverse("trends"), {"kraj": "3107"})
    table = page.context["table"]
    assert table["period"] == "2026/2"
    codes = [indicator.code for indicator in table["indicators"]]
    rows = {district.code: [cell.text for cell in cells] for district, cells in table["rows"]}
    placed = codes.index("children_placed_out")
    # Pelhřimov's 2 children placed out is hidden; Jihlava's 9 too (else 11 − 9 gives it back), and the total stays.
    assert rows["6110"][placed] == "< 5" and rows["6105"][placed] == "×"
    assert table["totals"][placed].text == "11"
    hidden = [cell for _district, cells in table["rows"] for cell in cells if cell.hidden is not Hidden.NO]
    assert all(cell.value is None for cell in hidden)
    assert ">2<" not in page.content.decode().replace(" ", "")


@pytest.mark.django_db
def test_the_ospod_sees_its_own_count_in_the_table_and_its_orp_by_default(role_people, rounds, as_user, ospod):
    page = as_user(role_people["ospod"]).get(reverse("trends"))
    assert page.context["district"] == ospod.district
    by_key = {chart.indicator.code: chart for chart in page.context["charts"]}
    assert texts(by_key["new_cases"])["orp"] == ["3", "10"]


@pytest.mark.django_db
def test_early_warnings_against_the_previous_round_and_the_national_median(role_people, rounds, ospod, ospod_jihlava):
    found = warnings(Collected.load(role_people["vedouci"]))
    flagged = {(w.district.pk, w.indicator.code, w.above) for w in found}
    # New cases 3 → 10 in Pelhřimov: above its band (×1.5) against the previous round.
    assert (ospod.district_id, "new_cases", True) in flagged
    # Children placed out against the national median (2 and 9, median 5.5, band 1: 2.75–11): Pelhřimov below.
    assert (ospod.district_id, "children_placed_out", False) in flagged
    assert (ospod_jihlava.district_id, "new_cases", True) not in flagged
    shown = next(w for w in found if w.indicator.code == "children_placed_out")
    assert shown.shown.text == "< 5"  # the kraj's lead sees the small count hidden in the warning too
    assert warnings(Collected.load(role_people["vedouci_li"])) == []


@pytest.mark.parametrize(
    "value,reference,band,expected",
    [(10, 10, "0.5", None), (16, 10, "0.5", True), (6, 10, "0.5", False), (7, 10, "0.5", None), (1, 0, "1", True)],
)
def test_the_band_spans_reference_divided_to_multiplied_by_one_plus_band(value, reference, band, expected):
    assert outside(Decimal(value), Decimal(reference), Decimal(band)) is expected


@pytest.mark.django_db
def test_the_warnings_page_lists_the_krajs_and_is_404_for_a_networker(role_people, rounds, as_user, ospod):
    page = as_user(role_people["vedouci"]).get(reverse("warnings"))
    assert page.status_code == 200 and page.context["period"] == "2026/2"
    assert {w.district.pk for w in page.context["warnings"]} == {ospod.district_id}
    assert as_user(role_people["sitar"]).get(reverse("warnings")).status_code == 404
    assert as_user(role_people["sitar"]).get(reverse("trends")).status_code == 404


@pytest.mark.django_db
def test_the_comparison_shows_the_collected_values_of_the_half_year(role_people, rounds, as_user, ospod, ospod_jihlava):
    page = as_user(role_people["vedouci"]).get(reverse("evaluation"), {"obdobi": "2026/2", "kraj": "3107"})
    comparison = page.context["comparison"]
    column = [indicator.code for indicator in comparison.indicators].index("new_cases")
    rows = {row.code: row.values[column] for row in comparison.rows}
    assert rows[ospod.district.code] == Decimal(10) and rows[ospod_jihlava.district.code] == Decimal(22)
    assert rows["3107"] == Decimal("16.0")
    earlier = as_user(role_people["vedouci"]).get(reverse("evaluation"), {"obdobi": "2026/1", "kraj": "3107"})
    rows = {row.code: row.values[column] for row in earlier.context["comparison"].rows}
    assert rows[ospod.district.code] == "< 5"
    export = as_user(role_people["vedouci"]).get(
        reverse("evaluation"), {"obdobi": "2026/1", "kraj": "3107", "export": "csv"}
    )
    assert "< 5" in export.content.decode("utf-8-sig")


@pytest.fixture
def populations(ospod, ospod_jihlava):
    from evaluation.models import Population

    for organization, children in ((ospod, 5000), (ospod_jihlava, 20000)):
        Population.objects.create(district=organization.district, year=2025, children=children, source="ČSÚ, test")


@pytest.mark.django_db
def test_rates_per_thousand_children_hide_a_small_count_outside_its_ospod(role_people, rounds, populations, ospod):
    district = ospod.district
    new_cases = rounds["new_cases"]
    lead = Collected.load(role_people["vedouci"], per_children=True)
    assert lead.shown(new_cases, "2026/2", district.pk).text == "2"  # 10 per 5 000 children
    assert lead.shown(new_cases, "2026/1", district.pk).text == "×"  # 3: the rate would give it back
    own = Collected.load(role_people["ospod"], per_children=True)
    assert own.shown(new_cases, "2026/1", district.pk).text == "0.6"
    # The country's median ORP of the rates: 2.0 (Pelhřimov) and 1.1 (Jihlava, 22 per 20 000).
    assert lead.shown_median(new_cases, "2026/2").text == "1.6"
    assert not lead.demo_population


@pytest.mark.django_db
def test_without_a_population_there_is_no_rate(role_people, rounds, ospod):
    lead = Collected.load(role_people["vedouci"], per_children=True)
    assert lead.shown(rounds["new_cases"], "2026/2", ospod.district_id).value is None
    assert lead.median_of(rounds["new_cases"], "2026/2") is None


@pytest.mark.django_db
def test_the_median_warning_compares_rates_where_populations_are_loaded(role_people, rounds, populations, ospod):
    counts = Collected.load(role_people["vedouci"])
    rates = Collected.load(role_people["vedouci"], per_children=True)
    found = {(w.district.pk, w.indicator.code): w for w in warnings(counts, rates=rates)}
    # Children placed out per 1 000: Pelhřimov 0.4, Jihlava 0.45 (median 0.425): within the band as rates, while
    # the counts 2 and 9 put Pelhřimov below it.
    assert (ospod.district_id, "children_placed_out") not in found
    assert (ospod.district_id, "children_placed_out") in {(w.district.pk, w.indicator.code) for w in warnings(counts)}


@pytest.mark.django_db
def test_the_trends_page_switches_to_rates_and_labels_a_demo_population(role_people, rounds, as_user, ospod):
    from evaluation.models import Population

    Population.objects.create(district=ospod.district, year=2026, children=4000, source="demo", demo=True)
    page = as_user(role_people["vedouci"]).get(reverse("trends"), {"orp": ospod.district.code, "na": "1000"})
    assert page.context["per_children"] and page.context["demo_population"]
    by_key = {chart.indicator.code: chart for chart in page.context["charts"]}
    assert texts(by_key["new_cases"])["orp"] == ["×", "2.5"]
    assert "Demo" in page.content.decode() or "demo" in page.content.decode()


@pytest.mark.django_db
def test_the_warnings_download_as_csv_with_small_counts_hidden(role_people, rounds, as_user, ospod):
    response = as_user(role_people["vedouci"]).get(reverse("warnings"), {"export": "csv"})
    assert response["Content-Disposition"].endswith('.csv"')
    lines = response.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 1 + len(warnings(Collected.load(role_people["vedouci"]), rates=None))
    assert any('"< 5"' in line for line in lines[1:])
    workbook = as_user(role_people["vedouci"]).get(reverse("warnings"), {"export": "xlsx"})
    assert workbook.status_code == 200 and workbook.content[:2] == b"PK"
