"""The network compared (/evaluation/): a kraj's lead sees the ORP of the kraj against the kraj's median ORP, an ORP
with nothing mapped told apart from a missing value; the national methodologist the kraje; nobody a kraj out of
scope."""

import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from openpyxl import load_workbook

from territory.models import District, Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead(make_role_user, vysocina):
    return make_role_user("vedouci.test", "vedouci", region=vysocina)


def table_rows(response) -> dict[str, list[str]]:
    comparison = response.context["comparison"]
    return {row.code: row for row in comparison.rows}


def test_a_kraj_lead_compares_the_orp_of_the_kraj(client, network, lead, vysocina, pelhrimov, jihlava):
    client.force_login(lead)
    response = client.get("/evaluation/", {"obdobi": "2026/1"})
    assert response.status_code == 200
    comparison = response.context["comparison"]
    assert comparison.region == vysocina
    codes = [indicator.code for indicator in comparison.indicators]
    rows = table_rows(response)
    assert rows[pelhrimov.code].values[codes.index("meetings")] == 2
    assert rows[jihlava.code].values[codes.index("meetings")] == 1
    unmapped = {row.code for row in comparison.rows if not row.mapped}
    assert unmapped == set(
        District.objects.filter(region=vysocina)
        .exclude(pk__in=[pelhrimov.pk, jihlava.pk])
        .values_list("code", flat=True)
    )
    assert rows[vysocina.code].summary and rows[vysocina.code].values[codes.index("meetings")] == Decimal(
        "1.5"
    )  # the median of 2 and 1
    assert "Zatím nezmapováno" in response.content.decode()


def test_a_kraj_out_of_scope_is_refused_and_not_named(client, network, lead, liberecky_kraj):
    client.force_login(lead)
    response = client.get("/evaluation/", {"kraj": liberecky_kraj.code, "obdobi": "2026/1"})
    assert response.status_code == 200 and response.context["comparison"] is None
    assert "kraj" in response.context["form"].errors
    assert liberecky_kraj.name not in response.content.decode()
    bad = client.get("/evaluation/", {"obdobi": "2026/3"})
    assert "obdobi" in bad.context["form"].errors


def test_the_methodologist_compares_the_kraje(client, network, make_role_user, vysocina):
    methodologist = make_role_user("metodik", "narodni")
    client.force_login(methodologist)
    response = client.get("/evaluation/", {"obdobi": "2026/1"})
    comparison = response.context["comparison"]
    assert comparison.region is None
    rows = table_rows(response)
    assert rows[vysocina.code].summary and rows[vysocina.code].mapped
    assert set(rows) - {""} <= set(Region.objects.values_list("code", flat=True))
    assert 'href="/evaluation/"' in client.get("/").content.decode()
    assert get_user_model().objects.filter(username="metodik").exists()


def test_the_comparison_downloads_as_csv_and_xlsx(client, network, lead, pelhrimov):
    client.force_login(lead)
    csv = client.get("/evaluation/", {"obdobi": "2026/1", "export": "csv"})
    assert csv["Content-Type"].startswith("text/csv") and "vyhodnoceni-" in csv["Content-Disposition"]
    lines = csv.content.decode("utf-8-sig").splitlines()
    pelhrimov_line = next(line for line in lines if f'"{pelhrimov.code}"' in line)
    assert pelhrimov_line.startswith(f'"{pelhrimov.name}"') and '"2"' in pelhrimov_line
    workbook = load_workbook(io.BytesIO(client.get("/evaluation/", {"obdobi": "2026/1", "export": "xlsx"}).content))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][:2] == ("ORP", "Kód") and any(row[1] == pelhrimov.code for row in rows[1:])


@pytest.mark.django_db
def test_needs_by_category_per_orp_and_per_kraj(network, make_role_user, vysocina, liberecky_kraj, pelhrimov):
    from evaluation.comparison import needs_by_category
    from evaluation.computed import Period

    lead = make_role_user("needs.vedouci", "vedouci", region=vysocina)
    table = needs_by_category(lead, Period.half_year(2026, 1), vysocina)
    rows = {row.code: row for row in table.rows}
    # The fixture's needs of Pelhřimov: one resolved in March, one still open at the end of June (a third is later).
    assert (sum(rows[pelhrimov.code].open), sum(rows[pelhrimov.code].resolved)) == (1, 1)
    assert rows[pelhrimov.code].mapped and not rows["6101"].mapped  # Bystřice nad Pernštejnem: nothing mapped
    narodni = make_role_user("needs.narodni", "narodni")
    country = {row.code: row for row in needs_by_category(narodni, Period.half_year(2026, 1), None).rows}
    assert sum(country[vysocina.code].open) == 1 and sum(country[vysocina.code].resolved) == 1
    assert not country[liberecky_kraj.code].mapped  # nothing of it is mapped yet, told apart from no need


@pytest.mark.django_db
def test_the_countrys_comparison_is_kept_per_user_and_role_and_a_kraj_is_computed_each_time(
    network, make_role_user, vysocina
):
    from evaluation.comparison import evaluated
    from evaluation.computed import Period
    from permissions.services import role_assign

    period = Period.half_year(2026, 1)
    narodni = make_role_user("kept.narodni", "narodni")
    first = evaluated(narodni, period, None)
    again = evaluated(narodni, period, None)
    assert not first.kept and again.kept and again.at == first.at
    assert again.comparison.rows == first.comparison.rows
    other = make_role_user("kept.narodni.2", "narodni")
    assert not evaluated(other, period, None).kept  # another user: computed for them
    assert not evaluated(narodni, period, vysocina).kept and not evaluated(narodni, period, vysocina).kept
    # A role given: a new key, computed anew for the user's new reach.
    role_assign(actor=get_user_model().objects.get(username="actor"), user=narodni, role="vedouci", region=vysocina)
    narodni = get_user_model().objects.get(pk=narodni.pk)
    assert not evaluated(narodni, period, None).kept
