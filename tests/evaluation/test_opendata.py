"""The indicators as open data: manage.py export_evaluation DIR writes the approved forms' aggregates per ORP and kraj
as CSV with a datapackage.json that Frictionless validates (types, keys, foreign keys), CC BY 4.0; a small count is
never written and cannot be worked out from a kraj's total; a form not approved never counts; the rates per 1 000
children where a population is loaded; the nightly task and the public download at /evaluation/data/."""

import csv
import datetime
import io
import json
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from frictionless import Package, validate

from evaluation.collection import report_review, report_save, round_open
from evaluation.models import Indicator, Population, Report, ReportStatus, ReportValue
from evaluation.population import DEMO_SOURCE, population_load
from evaluation.tasks import export_evaluation_task
from permissions.scoping import PUBLIC
from territory.models import District, Municipality

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "csu_population_orp.csv"
TODAY = datetime.date(2026, 12, 4)
CODES = ("children_in_records", "new_cases", "case_conferences")
# children in records, new cases, case conferences of each OSPOD's form
APPROVED = {
    "6110": (40, 3, 6),  # Pelhřimov: 3 new cases, under the threshold
    "6105": (12, 7, 0),  # Jihlava: 7 new cases, hidden beside Pelhřimov's 3 (else 19 − 9 − 7 = 3)
    "6113": (55, 9, 8),  # Třebíč
    "5105": (30, 2, 5),  # Liberec, alone in its kraj: 2 new cases, and so the kraj's total too
}
NOT_APPROVED = {"6102": (777, 555, 444)}  # Havlíčkův Brod: submitted, never approved
COUNT_COLUMNS = ("forms", "districts", "threshold", "children", "population_year")


def town_of(code: str) -> Municipality:
    return Municipality.objects.get(code=District.objects.get(code=code).seat_code)


@pytest.fixture
def collected(make_role_user, make_organization, vysocina, liberecky_kraj, pelhrimov, jihlava):
    narodni = make_role_user("od.narodni", "narodni")
    reviewers = {
        vysocina.pk: make_role_user("od.vedouci", "vedouci", region=vysocina),
        liberecky_kraj.pk: make_role_user("od.vedouci.li", "vedouci", region=liberecky_kraj),
    }
    ospods = {
        code: make_organization(name=f"OSPOD {code}", kind="ospod", municipality=town_of(code))
        for code in (*APPROVED, *NOT_APPROVED)
    }
    indicators = list(Indicator.objects.filter(code__in=CODES))
    round_ = round_open(
        actor=narodni, period="2026/2", deadline=datetime.date(2027, 1, 31), indicators=indicators, today=TODAY
    )
    ids = [Indicator.objects.get(code=code).pk for code in CODES]
    for code, numbers in {**APPROVED, **NOT_APPROVED}.items():
        ospod = ospods[code]
        user = make_role_user(f"od.ospod.{code}", "ospod", organization=ospod)
        report = Report.objects.get(round=round_, ospod=ospod)
        values = {pk: Decimal(number) for pk, number in zip(ids, numbers, strict=True)}
        report_save(actor=user, report=report, values=values, comments={}, submit=True)
        if code in APPROVED:
            report_review(actor=reviewers[ospod.region_id], report=report, approve=True)
    # ČSÚ's (sample) populations of Pelhřimov and Jihlava; a demo one of Třebíč; none of Liberec.
    population_load(SAMPLE)
    Population.objects.create(
        district=District.objects.get(code="6113"), year=2025, children=20_000, source=DEMO_SOURCE, demo=True
    )
    return round_


@pytest.fixture
def exported(collected, tmp_path):
    target = tmp_path / "evaluation"
    output = io.StringIO()
    call_command("export_evaluation", str(target), stdout=output)
    return target, output.getvalue()


def rows(folder: Path, name: str) -> list[dict]:
    with (folder / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def by_key(folder: Path, name: str, place: str) -> dict[tuple[str, str], dict]:
    return {(row["indicator"], row[place]): row for row in rows(folder, name)}


def test_the_package_is_valid_with_its_keys_and_licence(exported):
    folder, output = exported
    report = validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    package = Package(str(folder / "datapackage.json"))
    assert {resource.name for resource in package.resources} == {
        "rounds",
        "indicators",
        "regions",
        "districts",
        "district_values",
        "region_values",
    }
    described = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert described["licenses"][0]["name"] == "CC-BY-4.0"
    values = next(resource for resource in described["resources"] if resource["name"] == "district_values")
    assert values["schema"]["primaryKey"] == ["period", "indicator", "district_code"]
    assert {key["reference"]["resource"] for key in values["schema"]["foreignKeys"]} == {
        "rounds",
        "indicators",
        "districts",
    }
    assert "Evaluation open data written" in output and "district_values" in output


def test_a_foreign_key_to_nothing_fails_the_validation(exported):
    folder, _ = exported
    with (folder / "district_values.csv").open("a", encoding="utf-8") as handle:
        handle.write("2026/2,new_cases,9999,20,false,,5,1,,,,\n")
    assert not validate(str(folder / "datapackage.json")).valid


def test_the_values_are_the_approved_forms_per_orp_and_kraj(exported):
    folder, _ = exported
    orp = by_key(folder, "district_values.csv", "district_code")
    kraj = by_key(folder, "region_values.csv", "region_code")
    assert orp[("children_in_records", "6105")]["value"] == "12"
    assert orp[("case_conferences", "6105")]["value"] == "0"  # zero is shown
    assert kraj[("children_in_records", "3107")]["value"] == str(40 + 12 + 55)
    assert kraj[("children_in_records", "3107")]["districts"] == "3"
    assert orp[("children_in_records", "6110")]["forms"] == "1"
    assert rows(folder, "rounds.csv") == [
        {"period": "2026/2", "start": "2026-07-01", "end": "2026-12-31", "deadline": "2027-01-31"}
    ]
    assert {row["code"] for row in rows(folder, "indicators.csv")} == set(CODES)


def test_a_small_count_is_never_written_and_its_complement_is_hidden(exported):
    folder, _ = exported
    orp = by_key(folder, "district_values.csv", "district_code")
    kraj = by_key(folder, "region_values.csv", "region_code")
    small = orp[("new_cases", "6110")]
    assert (small["value"], small["suppressed"], small["suppression"], small["rate_per_1000"]) == (
        "",
        "true",
        "small",
        "",
    )
    complement = orp[("new_cases", "6105")]
    assert (complement["value"], complement["suppressed"], complement["suppression"]) == ("", "true", "complement")
    assert orp[("new_cases", "6113")]["value"] == "9" and kraj[("new_cases", "3107")]["value"] == "19"
    # Liberec alone in its kraj: its 2 and the kraj's total of 2 are both hidden.
    assert orp[("new_cases", "5105")]["suppression"] == "small"
    assert kraj[("new_cases", "3077")]["suppression"] == "small" and kraj[("new_cases", "3077")]["value"] == ""
    for name in ("district_values.csv", "region_values.csv"):
        for row in rows(folder, name):
            shown = {key: cell for key, cell in row.items() if key not in COUNT_COLUMNS}
            assert "3" not in shown.values() and "2" not in shown.values(), row


def test_no_kraj_total_gives_a_hidden_orp_back(exported):
    folder, _ = exported
    hidden = defaultdict(int)
    for row in rows(folder, "district_values.csv"):
        region = District.objects.get(code=row["district_code"]).region.code
        hidden[(row["period"], row["indicator"], region)] += row["suppressed"] == "true"
    for row in rows(folder, "region_values.csv"):
        key = (row["period"], row["indicator"], row["region_code"])
        # With the total shown, a single hidden ORP would be the total less the ORP shown.
        hidden_in_line = hidden[key] + (row["suppressed"] == "true")
        assert hidden_in_line != 1, key


def test_a_form_not_approved_never_counts(exported):
    folder, _ = exported
    everything = "\n".join(path.read_text(encoding="utf-8") for path in folder.iterdir())
    for number in NOT_APPROVED["6102"]:
        assert str(number) not in everything
    assert "6102" not in {row["district_code"] for row in rows(folder, "district_values.csv")}
    assert ReportValue.objects.restrict(None, PUBLIC).filter(report__district__code="6102").count() == 0
    assert set(Report.objects.restrict(None, PUBLIC).values_list("status", flat=True)) == {ReportStatus.APPROVED}


def test_the_rates_are_per_1000_children_where_a_population_is_loaded(exported):
    folder, _ = exported
    orp = by_key(folder, "district_values.csv", "district_code")
    kraj = by_key(folder, "region_values.csv", "region_code")
    jihlava = orp[("children_in_records", "6105")]
    assert (jihlava["children"], jihlava["population_year"], jihlava["rate_per_1000"]) == ("14100", "2023", "0.9")
    assert jihlava["population_demo"] == "false"
    assert orp[("children_in_records", "6113")]["population_demo"] == "true"
    assert orp[("children_in_records", "5105")]["rate_per_1000"] == ""  # no population: counts only
    vysocina = kraj[("children_in_records", "3107")]
    assert vysocina["children"] == str(11400 + 14100 + 20000) and vysocina["population_demo"] == "true"
    assert vysocina["rate_per_1000"] == str((Decimal(107) * 1000 / 45500).quantize(Decimal("0.1")))


def test_the_nightly_export_is_served_to_anyone(collected, tmp_path, settings, client):
    settings.EVALUATION_EXPORT_DIR = tmp_path / "open-data"
    assert client.get("/evaluation/data/").status_code == 404  # nothing exported yet
    counts = export_evaluation_task()
    assert counts["district_values"] == 3 * len(APPROVED)
    package = client.get("/evaluation/data/")
    assert package.status_code == 200 and package["Content-Type"] == "application/json"
    assert "public" in package["Cache-Control"]
    values = client.get("/evaluation/data/district_values.csv")
    assert values.status_code == 200 and b"".join(values.streaming_content).startswith(b"period,indicator")
    assert client.get("/evaluation/data/..%2Fsettings.py").status_code == 404


def test_the_export_runs_every_night(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["evaluation-export-nightly"]
    assert entry["task"] == "evaluation.tasks.export_evaluation_task"
    assert entry["schedule"].hour == {3}
