"""The screens of data collection: opening a round, an OSPOD's form filled and submitted with field errors, the kraj's
review, small counts shown as "< 5" outside the reporting OSPOD, late forms visible to the kraj, 404 out of reach."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from evaluation.collection import report_save, round_open
from evaluation.models import CollectionRound, Indicator, Report, ReportStatus

CODES = ("children_in_records", "new_cases", "case_conferences")


@pytest.fixture
def round_(role_people):
    return round_open(
        actor=role_people["narodni"],
        period="2026/2",
        deadline=datetime.date(2099, 1, 31),
        indicators=list(Indicator.objects.filter(code__in=CODES)),
    )


def filled(**by_code) -> dict:
    data = {f"value-{code}": value for code, value in by_code.items()}
    data.update({f"comment-{code}": "" for code in CODES})
    return data


@pytest.mark.django_db
def test_the_methodologist_opens_a_round_from_the_form(role_people, as_user, ospod, ospod_jihlava):
    client = as_user(role_people["narodni"])
    page = client.get(reverse("round-create"))
    assert page.status_code == 200
    chosen = list(Indicator.objects.filter(code__in=CODES).values_list("pk", flat=True))
    response = client.post(
        reverse("round-create"), {"period": "2026/2", "deadline": "2099-01-31", "indicators": chosen, "note": ""}
    )
    round_ = CollectionRound.objects.get()
    assert response.status_code == 302 and response.url == reverse("round", args=[round_.pk])
    assert set(round_.reports.values_list("ospod", flat=True)) == {ospod.pk, ospod_jihlava.pk}


@pytest.mark.django_db
def test_a_bad_round_is_refused_at_its_fields_in_czech(role_people, as_user):
    client = as_user(role_people["narodni"])
    response = client.post(
        reverse("round-create"),
        {"period": "2026/7", "deadline": "2020-01-01", "indicators": []},
        HTTP_ACCEPT_LANGUAGE="cs",
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"period", "indicators"}
    assert not CollectionRound.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["vedouci", "ospod"])
def test_nobody_else_opens_a_round(role_people, as_user, role):
    assert as_user(role_people[role]).get(reverse("round-create")).status_code == 404


@pytest.mark.django_db
def test_an_ospod_fills_its_form_a_negative_number_is_a_field_error(role_people, as_user, round_, ospod):
    report = round_.reports.get(ospod=ospod)
    client = as_user(role_people["ospod"])
    response = client.post(reverse("report", args=[report.pk]), filled(children_in_records="40", new_cases="-1"))
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"value-new_cases"}
    assert not report.values.exclude(value=None).exists()
    response = client.post(
        reverse("report", args=[report.pk]),
        {**filled(children_in_records="40", new_cases="3", case_conferences="2"), "submit": ""},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


@pytest.mark.django_db
def test_the_kraj_sees_a_small_count_as_under_five_and_the_ospod_sees_it(role_people, as_user, round_, ospod):
    report = round_.reports.get(ospod=ospod)
    by_code = {indicator.code: indicator.pk for indicator in Indicator.objects.filter(code__in=CODES)}
    report_save(
        actor=role_people["ospod"],
        report=report,
        values={by_code["children_in_records"]: Decimal(40), by_code["new_cases"]: Decimal(3)},
        comments={},
    )
    lead = as_user(role_people["vedouci"]).get(reverse("report", args=[report.pk]))
    cells = {row["item"].indicator.code: row["value"] for row in lead.context["shown"]}
    assert cells["new_cases"] == "< 5" and cells["children_in_records"] == "40"
    assert "< 5" in {change["value"] for change in lead.context["changes"]}
    assert 'data-indicator="new_cases">&lt; 5' in lead.content.decode()
    own = as_user(role_people["ospod"]).get(reverse("report", args=[report.pk]))
    assert own.context["form"]["value-new_cases"].value() == Decimal(3)


@pytest.mark.django_db
def test_the_kraj_returns_with_a_note_and_then_approves(role_people, as_user, round_, ospod):
    report = round_.reports.get(ospod=ospod)
    client = as_user(role_people["ospod"])
    client.post(
        reverse("report", args=[report.pk]),
        {**filled(children_in_records="40", new_cases="3", case_conferences="2"), "submit": ""},
    )
    lead = as_user(role_people["vedouci"])
    refused = lead.post(reverse("report", args=[report.pk]), {"decision": "return", "review_note": ""})
    assert refused.status_code == 200 and "review_note" in refused.context["review"].errors
    lead.post(reverse("report", args=[report.pk]), {"decision": "return", "review_note": "Doplňte konference."})
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    page = as_user(role_people["ospod"]).get(reverse("report", args=[report.pk]))
    assert "Doplňte konference." in page.content.decode() and page.context["editing"]
    as_user(role_people["ospod"]).post(
        reverse("report", args=[report.pk]),
        {**filled(children_in_records="40", new_cases="3", case_conferences="5"), "submit": ""},
    )
    approved = as_user(role_people["vedouci"]).post(reverse("report", args=[report.pk]), {"decision": "approve"})
    assert approved.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED


@pytest.mark.django_db
def test_out_of_reach_forms_are_404(role_people, as_user, round_, ospod):
    report = round_.reports.get(ospod=ospod)
    for role in ("ospod_ji", "vedouci_li", "narodni"):  # narodni: not approved yet
        assert as_user(role_people[role]).get(reverse("report", args=[report.pk])).status_code == 404
    response = as_user(role_people["ospod_ji"]).post(
        reverse("report", args=[report.pk]), filled(children_in_records="1")
    )
    assert response.status_code == 404
    assert not report.values.exclude(value=None).exists()


@pytest.mark.django_db
def test_late_forms_are_visible_to_the_kraj(role_people, as_user, round_, ospod, ospod_jihlava):
    CollectionRound.objects.filter(pk=round_.pk).update(deadline=datetime.date(2020, 1, 1))
    Report.objects.filter(ospod=ospod_jihlava).update(status=ReportStatus.SUBMITTED)
    page = as_user(role_people["vedouci"]).get(reverse("round", args=[round_.pk]))
    late = {report.ospod_id for report, is_late in page.context["reports"] if is_late}
    assert late == {ospod.pk}
    assert page.context["progress"]["late"] == 1
    listing = as_user(role_people["vedouci"]).get(reverse("round-list"))
    assert listing.status_code == 200 and dict(listing.context["rounds"])[round_]["late"] == 1
    # The OSPOD's own view of the round: its form only.
    own = as_user(role_people["ospod_ji"]).get(reverse("round", args=[round_.pk]))
    assert [report.ospod_id for report, _ in own.context["reports"]] == [ospod_jihlava.pk]


@pytest.mark.django_db
def test_the_rounds_forms_download_with_their_state(role_people, as_user, round_, ospod, ospod_jihlava):
    CollectionRound.objects.filter(pk=round_.pk).update(deadline=datetime.date(2020, 1, 1))
    response = as_user(role_people["vedouci"]).get(reverse("round", args=[round_.pk]), {"export": "csv"})
    rows = [line.split(";") for line in response.content.decode("utf-8-sig").splitlines()[1:]]
    assert len(rows) == 2 and all(row[4] == '"ano"' for row in rows)  # both late, in Czech
    own = as_user(role_people["ospod_ji"]).get(reverse("round", args=[round_.pk]), {"export": "csv"})
    assert len(own.content.decode("utf-8-sig").splitlines()) == 2  # the header and its own form
