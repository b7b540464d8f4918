"""Collection and evaluation through the API (issue 19): the indicators, the collection rounds, the OSPOD's forms with
their values (a small count never leaves the OSPOD that reported it), the action plans' steps and the network
compared; field errors in Czech, out of scope 404, every endpoint in the schema."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from evaluation.collection import report_review, report_save, round_open
from evaluation.comparison import compare
from evaluation.computed import Period
from evaluation.models import ActionItem, CollectionRound, Indicator, Report, ReportStatus, ReportValue
from evaluation.plans import action_item_create
from tests.helpers import api_client

pytestmark = [pytest.mark.django_db, pytest.mark.api, pytest.mark.usefixtures("compiled_catalogue")]

TODAY = datetime.date(2026, 12, 4)
CODES = ("children_in_records", "new_cases", "case_conferences")


@pytest.fixture
def clients(role_people):
    return {role: api_client(user) for role, user in role_people.items()}


def ids(*codes) -> dict[str, int]:
    return {code: Indicator.objects.get(code=code).pk for code in codes}


@pytest.fixture
def collection(role_people):
    return round_open(
        actor=role_people["narodni"],
        period="2026/2",
        deadline=datetime.date(2027, 1, 31),
        indicators=list(Indicator.objects.filter(code__in=CODES)),
        today=TODAY,
    )


@pytest.fixture
def form(collection, ospod):
    """The Pelhřimov OSPOD's form of the round."""
    return collection.reports.get(ospod=ospod)


def fill(role_people, report, *, submit=False, **by_code):
    found = ids(*by_code)
    values = {found[code]: Decimal(value) for code, value in by_code.items()}
    report_save(actor=role_people["ospod"], report=report, values=values, comments={}, submit=submit)


def stored(report) -> dict[str, Decimal | None]:
    return {
        row.indicator.code: row.value for row in ReportValue.objects.filter(report=report).select_related("indicator")
    }


# ------------------------------------------------------------------------------------------------ indicators --


def test_every_signed_in_user_reads_the_indicators(clients):
    response = clients["ospod"].get("/api/v1/indicators/", {"page_size": 500})
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == list(Indicator.objects.values_list("pk", flat=True))
    new_cases = Indicator.objects.get(code="new_cases")
    detail = clients["sitar"].get(f"/api/v1/indicators/{new_cases.pk}/")
    assert (detail.status_code, detail.json()["code"], detail.json()["version"]) == (200, "new_cases", 1)
    assert detail.has_header("ETag")


def test_the_methodologist_changes_an_indicator_and_its_version_counts_up(clients):
    new_cases = Indicator.objects.get(code="new_cases")
    response = clients["narodni"].patch(f"/api/v1/indicators/{new_cases.pk}/", {"maximum": "500"}, format="json")
    assert response.status_code == 200, response.json()
    assert (Decimal(response.json()["maximum"]), response.json()["version"]) == (Decimal(500), 2)
    assert Indicator.objects.get(pk=new_cases.pk).version == 2


@pytest.mark.parametrize("role", ["vedouci", "poradce", "ospod", "sitar"])
def test_nobody_else_changes_an_indicator(clients, role):
    new_cases = Indicator.objects.get(code="new_cases")
    response = clients[role].patch(f"/api/v1/indicators/{new_cases.pk}/", {"maximum": "500"}, format="json")
    assert response.status_code == 404
    assert Indicator.objects.get(pk=new_cases.pk).maximum is None


def test_an_indicator_with_its_highest_value_below_the_lowest_is_a_field_error_and_is_kept(clients):
    new_cases = Indicator.objects.get(code="new_cases")
    response = clients["narodni"].patch(
        f"/api/v1/indicators/{new_cases.pk}/", {"minimum": "10", "maximum": "5"}, format="json"
    )
    assert (response.status_code, set(response.json())) == (400, {"maximum"})
    assert Indicator.objects.get(pk=new_cases.pk).minimum == 0


def test_an_indicator_changed_since_the_client_read_it_is_refused_with_412(clients):
    new_cases = Indicator.objects.get(code="new_cases")
    url = f"/api/v1/indicators/{new_cases.pk}/"
    etag = clients["narodni"].get(url)["ETag"]
    assert clients["narodni"].patch(url, {"sort_order": 99}, format="json").status_code == 200
    stale = clients["narodni"].patch(url, {"name_en": "New cases"}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412 and stale.json()["current"]["sort_order"] == 99


# ----------------------------------------------------------------------------------------- collection rounds --


def _round_body(**fields) -> dict:
    deadline = timezone.localdate() + datetime.timedelta(days=30)
    return {"period": "2027/1", "deadline": deadline.isoformat(), "indicators": list(ids(*CODES).values()), **fields}


def test_the_methodologist_opens_a_round_and_every_open_ospod_gets_its_form(clients, ospod, ospod_jihlava):
    response = clients["narodni"].post("/api/v1/collection-rounds/", _round_body(), format="json")
    assert response.status_code == 201, response.json()
    opened = CollectionRound.objects.get(pk=response.json()["id"])
    assert set(opened.reports.values_list("ospod_id", flat=True)) == {ospod.pk, ospod_jihlava.pk}
    asked = Indicator.objects.filter(code__in=CODES).values_list("code", flat=True)
    assert [item["code"] for item in response.json()["items"]] == list(asked)
    assert response.json()["is_open"] is True and response.json()["opened_by"] == "role.narodni"


@pytest.mark.parametrize("role", ["vedouci", "poradce", "ospod", "sitar"])
def test_nobody_else_opens_a_round(clients, role):
    response = clients[role].post("/api/v1/collection-rounds/", _round_body(), format="json")
    assert response.status_code == 403
    assert not CollectionRound.objects.exists() and not Report.objects.exists()


@pytest.mark.parametrize(
    "change,field",
    [
        ({"period": "2026/3"}, "period"),
        ({"indicators": []}, "indicators"),
        ({"deadline": "2020-01-01"}, "deadline"),
        ({"indicators": "meetings"}, "indicators"),  # computed by Síťař, not asked of the OSPOD
    ],
)
def test_a_round_is_refused_by_field_in_czech_and_nothing_is_saved(clients, change, field):
    if change.get("indicators") == "meetings":
        change = {"indicators": list(ids("meetings").values())}
    response = clients["narodni"].post(
        "/api/v1/collection-rounds/", _round_body(**change), format="json", HTTP_ACCEPT_LANGUAGE="cs"
    )
    assert response.status_code == 400 and field in response.json(), response.json()
    assert not CollectionRound.objects.exists() and not Report.objects.exists()


def test_a_second_round_of_a_period_is_refused_on_the_period(clients, collection):
    response = clients["narodni"].post("/api/v1/collection-rounds/", _round_body(period="2026/2"), format="json")
    assert (response.status_code, set(response.json())) == (400, {"period"})
    assert CollectionRound.objects.count() == 1


def test_rounds_are_read_by_everyone_and_closed_by_the_methodologist_alone(clients, collection):
    listed = clients["ospod_ji"].get("/api/v1/collection-rounds/").json()["results"]
    assert [row["id"] for row in listed] == [collection.pk]
    assert clients["vedouci"].post(f"/api/v1/collection-rounds/{collection.pk}/close/").status_code == 404
    closed = clients["narodni"].post(f"/api/v1/collection-rounds/{collection.pk}/close/")
    assert closed.status_code == 200 and closed.json()["is_open"] is False
    closed_at = CollectionRound.objects.get(pk=collection.pk).closed_at
    assert closed_at is not None
    again = clients["narodni"].post(f"/api/v1/collection-rounds/{collection.pk}/close/")
    assert again.status_code == 200 and CollectionRound.objects.get(pk=collection.pk).closed_at == closed_at


# ------------------------------------------------------------------------------------------- the OSPOD's forms --


def _listed(client, **params) -> set[int]:
    response = client.get("/api/v1/reports/", {"page_size": 500, **params})
    assert response.status_code == 200, response.json()
    return {row["id"] for row in response.json()["results"]}


def test_each_role_lists_the_forms_it_may_see(role_people, clients, collection, form, ospod_jihlava):
    jihlava = collection.reports.get(ospod=ospod_jihlava)
    fill(role_people, form, submit=True, children_in_records="100", new_cases="3", case_conferences="4")
    report_review(actor=role_people["vedouci"], report=form, approve=True)
    assert _listed(clients["ospod"]) == {form.pk}
    assert _listed(clients["ospod_ji"]) == {jihlava.pk}
    assert _listed(clients["vedouci"]) == _listed(clients["poradce"]) == {form.pk, jihlava.pk}
    assert _listed(clients["narodni"]) == {form.pk}  # approved forms only
    assert _listed(clients["vedouci_li"]) == _listed(clients["sitar"]) == set()


def test_forms_are_filtered_by_round_status_and_place(role_people, clients, collection, form, ospod_jihlava, pelhrimov):
    jihlava = collection.reports.get(ospod=ospod_jihlava)
    fill(role_people, form, submit=True, children_in_records="100", new_cases="3", case_conferences="4")
    lead = clients["vedouci"]
    assert _listed(lead, status="submitted") == {form.pk}
    assert _listed(lead, status=["draft", "returned"]) == {jihlava.pk}
    assert _listed(lead, district=pelhrimov.code) == {form.pk}
    assert _listed(lead, region=pelhrimov.region.code, round=collection.pk) == {form.pk, jihlava.pk}
    assert _listed(lead, ospod=ospod_jihlava.pk) == {jihlava.pk}


def test_a_small_count_is_shown_as_under_five_to_the_kraj_and_as_it_is_to_the_ospod(role_people, clients, form):
    fill(role_people, form, children_in_records="120", new_cases="3")
    mine = clients["ospod"].get(f"/api/v1/reports/{form.pk}/").json()["values"]
    assert Decimal(mine["new_cases"]["value"]) == 3 and mine["new_cases"]["shown"] == "3"
    assert mine["new_cases"]["suppressed"] is False
    for role in ("vedouci", "poradce"):
        seen = clients[role].get(f"/api/v1/reports/{form.pk}/")
        values = seen.json()["values"]
        assert values["new_cases"] == {
            "indicator": ids("new_cases")["new_cases"],
            "unit": "count",
            "version": 1,
            "value": None,
            "shown": "< 5",
            "suppressed": True,
            "comment": "",
        }
        assert Decimal(values["children_in_records"]["value"]) == 120
        assert values["case_conferences"]["value"] is None and values["case_conferences"]["shown"] is None
        listed = clients[role].get("/api/v1/reports/").json()["results"]
        assert next(row for row in listed if row["id"] == form.pk)["values"]["new_cases"]["shown"] == "< 5"
        assert b"3.00" not in seen.content


def test_the_ospod_fills_its_form_a_value_at_a_time_and_keeps_the_others(role_people, clients, form):
    fill(role_people, form, children_in_records="120")
    url = f"/api/v1/reports/{form.pk}/"
    response = clients["ospod"].patch(
        url, {"values": {"new_cases": {"value": "7", "comment": "dvě rodiny"}}}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert stored(form) == {"children_in_records": Decimal(120), "new_cases": Decimal(7), "case_conferences": None}
    assert response.json()["values"]["new_cases"]["comment"] == "dvě rodiny"


def test_a_negative_value_is_a_field_error_in_czech_and_nothing_is_saved(role_people, clients, form):
    fill(role_people, form, children_in_records="120")
    response = clients["ospod"].patch(
        f"/api/v1/reports/{form.pk}/",
        {"values": {"children_in_records": {"value": "130"}, "new_cases": {"value": "-2"}}},
        format="json",
        HTTP_ACCEPT_LANGUAGE="cs",
    )
    assert response.status_code == 400
    assert response.json() == {"values": {"new_cases": {"value": ["Hodnota nemůže být záporná."]}}}
    assert stored(form)["children_in_records"] == Decimal(120)


def test_a_value_of_an_indicator_the_round_does_not_ask_for_is_a_field_error(clients, form):
    response = clients["ospod"].patch(
        f"/api/v1/reports/{form.pk}/", {"values": {"meetings": {"value": "2"}}}, format="json"
    )
    assert response.status_code == 400 and set(response.json()["values"]) == {"meetings"}


def test_submitting_needs_every_value_then_the_kraj_returns_and_approves(role_people, clients, form):
    url = f"/api/v1/reports/{form.pk}/"
    incomplete = clients["ospod"].post(f"{url}submit/", {"values": {"new_cases": {"value": "3"}}}, format="json")
    assert incomplete.status_code == 400
    assert set(incomplete.json()["values"]) == {"children_in_records", "case_conferences"}
    assert Report.objects.get(pk=form.pk).status == ReportStatus.DRAFT and stored(form)["new_cases"] is None

    values = {"children_in_records": {"value": "100"}, "new_cases": {"value": "3"}, "case_conferences": {"value": "4"}}
    submitted = clients["ospod"].post(f"{url}submit/", {"values": values}, format="json")
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    assert submitted.json()["submitted_by"] == "role.ospod"
    # The OSPOD neither decides its own form nor changes it while the kraj reviews it.
    assert clients["ospod"].post(f"{url}approve/").status_code == 404
    changed = clients["ospod"].patch(url, {"values": {"new_cases": {"value": "4"}}}, format="json")
    assert changed.status_code == 400 and "non_field_errors" in changed.json()

    unexplained = clients["vedouci"].post(
        f"{url}return/", {"review_note": "  "}, format="json", HTTP_ACCEPT_LANGUAGE="cs"
    )
    assert unexplained.status_code == 400
    assert unexplained.json() == {"review_note": ["Napište, co má OSPOD opravit."]}
    returned = clients["poradce"].post(f"{url}return/", {"review_note": "Zkontrolujte konference."}, format="json")
    assert returned.status_code == 200, returned.json()
    assert (returned.json()["status"], returned.json()["review_note"]) == ("returned", "Zkontrolujte konference.")

    assert clients["ospod"].post(f"{url}submit/", {}, format="json").status_code == 200
    approved = clients["vedouci"].post(f"{url}approve/")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert approved.json()["decided_by"] == "role.vedouci"
    # The national methodologist reads the approved form, a small count hidden from it too.
    national = clients["narodni"].get(url).json()["values"]["new_cases"]
    assert (national["value"], national["shown"]) == (None, "< 5")


@pytest.mark.parametrize("role", ["ospod_ji", "sitar", "vedouci_li", "narodni"])
def test_a_form_out_of_scope_answers_404_to_every_method(role_people, clients, form, role):
    fill(role_people, form, submit=True, children_in_records="100", new_cases="3", case_conferences="4")
    url = f"/api/v1/reports/{form.pk}/"
    client = clients[role]
    assert client.get(url).status_code == 404
    assert client.patch(url, {"values": {}}, format="json").status_code == 404
    for step in ("submit", "approve", "return"):
        assert client.post(f"{url}{step}/", {"review_note": "x"}, format="json").status_code == 404
    assert Report.objects.get(pk=form.pk).status == ReportStatus.SUBMITTED


def test_a_form_is_neither_added_nor_deleted_through_the_api(clients, form):
    assert clients["narodni"].post("/api/v1/reports/", {}, format="json").status_code == 405
    assert clients["ospod"].delete(f"/api/v1/reports/{form.pk}/").status_code == 405
    assert Report.objects.filter(pk=form.pk).exists()


def test_a_form_changed_since_the_ospod_read_it_is_refused_with_412(role_people, clients, form):
    url = f"/api/v1/reports/{form.pk}/"
    etag = clients["ospod"].get(url)["ETag"]
    fill(role_people, form, new_cases="8")  # a colleague saves meanwhile
    stale = clients["ospod"].patch(url, {"values": {"new_cases": {"value": "9"}}}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert stored(form)["new_cases"] == Decimal(8)


# ------------------------------------------------------------------------------------------- the action plans --


def test_a_step_of_an_orps_plan_and_one_of_the_whole_kraj(role_people, clients, pelhrimov, vysocina):
    step = clients["poradce"].post(
        "/api/v1/action-items/",
        {"district": pelhrimov.code, "recommendation": "Doplnit SAS", "owner": "role.sitar", "due_on": "2027-03-31"},
        format="json",
    )
    assert step.status_code == 201, step.json()
    assert (step.json()["district"], step.json()["region"], step.json()["owner"]) == (
        pelhrimov.code,
        vysocina.code,
        "role.sitar",
    )
    kraj = clients["vedouci"].post(
        "/api/v1/action-items/", {"region": vysocina.code, "recommendation": "Krajská platforma"}, format="json"
    )
    assert kraj.status_code == 201 and kraj.json()["district"] is None
    refused = clients["sitar"].post(
        "/api/v1/action-items/", {"region": vysocina.code, "recommendation": "Krajská platforma"}, format="json"
    )
    assert (refused.status_code, set(refused.json())) == (400, {"district"})
    assert ActionItem.objects.count() == 2
    assert {row["id"] for row in clients["sitar"].get("/api/v1/action-items/").json()["results"]} == {
        step.json()["id"],
        kraj.json()["id"],
    }
    assert {
        row["id"] for row in clients["sitar"].get("/api/v1/action-items/", {"kraj_wide": "true"}).json()["results"]
    } == {kraj.json()["id"]}


def test_a_step_is_changed_in_scope_its_place_stays_and_it_is_not_deleted(actor, clients, pelhrimov, jihlava):
    item = action_item_create(actor=actor, district=pelhrimov, recommendation="krok")
    url = f"/api/v1/action-items/{item.pk}/"
    changed = clients["sitar"].patch(url, {"status": "in_progress", "step": "Jednat s obcí"}, format="json")
    assert changed.status_code == 200 and changed.json()["status"] == "in_progress"
    moved = clients["sitar"].patch(url, {"district": jihlava.code}, format="json")
    assert (moved.status_code, set(moved.json())) == (400, {"district"})
    assert clients["vedouci_li"].get(url).status_code == 404
    assert clients["vedouci_li"].patch(url, {"step": "x"}, format="json").status_code == 404
    assert clients["ospod"].patch(url, {"step": "x"}, format="json").status_code == 404  # reads, may not change
    assert clients["sitar"].delete(url).status_code == 405
    assert ActionItem.objects.get(pk=item.pk).district_id == pelhrimov.pk


def test_an_orp_of_another_kraj_than_the_one_given_is_a_field_error(clients, liberec, vysocina):
    response = clients["poradce"].post(
        "/api/v1/action-items/",
        {"region": vysocina.code, "district": liberec.code, "recommendation": "krok"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="cs",
    )
    assert (response.status_code, set(response.json())) == (400, {"district"})
    assert not ActionItem.objects.exists()


# ------------------------------------------------------------------------------------------ the comparison --


def _codes(rows) -> list[str]:
    return [row["code"] for row in rows]


def test_the_comparison_shows_the_kraj_of_a_lead_as_the_page_does(role_people, clients, ospod, vysocina):
    response = clients["vedouci"].get("/api/v1/evaluation/comparison/", {"obdobi": "2026/1"})
    assert response.status_code == 200, response.json()
    body = response.json()
    expected = compare(role_people["vedouci"], Period.half_year(2026, 1), vysocina)
    assert (body["period"], body["start"], body["end"], body["kraj"]) == (
        "2026/1",
        "2026-01-01",
        "2026-06-30",
        vysocina.code,
    )
    assert [row["id"] for row in body["indicators"]] == [indicator.pk for indicator in expected.indicators]
    assert _codes(body["rows"]) == [row.code for row in expected.rows]
    assert body["rows"][-1]["summary"] is True
    mapped = next(row for row in body["rows"] if row["code"] == ospod.district.code)
    assert mapped["mapped"] is True and len(mapped["values"]) == len(expected.indicators)


def test_the_comparison_of_the_kraje_for_the_country_and_a_kraj_out_of_sight_refused(
    clients, ospod, vysocina, liberecky_kraj
):
    country = clients["narodni"].get("/api/v1/evaluation/comparison/", {"obdobi": "2026/2"}).json()
    assert country["kraj"] is None and country["rows"][-1]["code"] == ""
    assert vysocina.code in _codes(country["rows"])
    refused = clients["vedouci"].get("/api/v1/evaluation/comparison/", {"kraj": liberecky_kraj.code})
    assert (refused.status_code, set(refused.json())) == (400, {"kraj"})
    bad = clients["vedouci"].get("/api/v1/evaluation/comparison/", {"obdobi": "2026/3"}, HTTP_ACCEPT_LANGUAGE="cs")
    assert bad.json() == {"obdobi": ["Zadejte pololetí jako 2026/1 nebo 2026/2."]}


# ------------------------------------------------------------------------------------------------ the schema --

EVALUATION_OPERATIONS = {
    "/api/v1/indicators/": {"get"},
    "/api/v1/indicators/{id}/": {"get", "put", "patch"},
    "/api/v1/collection-rounds/": {"get", "post"},
    "/api/v1/collection-rounds/{id}/": {"get"},
    "/api/v1/collection-rounds/{id}/close/": {"post"},
    "/api/v1/reports/": {"get"},
    "/api/v1/reports/{id}/": {"get", "put", "patch"},
    "/api/v1/reports/{id}/submit/": {"post"},
    "/api/v1/reports/{id}/approve/": {"post"},
    "/api/v1/reports/{id}/return/": {"post"},
    "/api/v1/action-items/": {"get", "post"},
    "/api/v1/action-items/{id}/": {"get", "put", "patch"},
    "/api/v1/evaluation/comparison/": {"get"},
}


def test_every_evaluation_endpoint_is_in_the_schema_with_its_serializers(clients):
    from drf_spectacular.validation import validate_schema

    document = clients["sitar"].get("/api/schema/?format=json").json()
    validate_schema(document)
    methods = {"get", "put", "patch", "post", "delete"}
    found = {
        path: set(operations) & methods
        for path, operations in document["paths"].items()
        if path in EVALUATION_OPERATIONS
    }
    assert found == EVALUATION_OPERATIONS

    def response_of(path, method, status="200"):
        return document["paths"][path][method]["responses"][status]["content"]["application/json"]["schema"]

    assert response_of("/api/v1/reports/{id}/", "get")["$ref"].endswith("/Report")
    assert response_of("/api/v1/reports/{id}/return/", "post")["$ref"].endswith("/Report")
    assert response_of("/api/v1/evaluation/comparison/", "get")["$ref"].endswith("/Comparison")
    assert response_of("/api/v1/collection-rounds/", "post", "201")["$ref"].endswith("/CollectionRound")
    schemas = document["components"]["schemas"]
    values = schemas["Report"]["properties"]["values"]
    assert values["additionalProperties"]["$ref"].endswith("/ReportValue")
    assert {"value", "shown", "suppressed", "comment"} <= set(schemas["ReportValue"]["properties"])
    assert set(schemas["ReturnRequest"]["properties"]) == {"review_note"}
    assert "indicators" in schemas["CollectionRoundRequest"]["required"]


def test_the_comparison_hides_a_small_collected_count_from_the_kraj_and_the_country(role_people, clients, form, ospod):
    fill(role_people, form, submit=True, children_in_records="40", new_cases="3", case_conferences="6")
    report_review(actor=role_people["vedouci"], report=form, approve=True)
    for role, expected in (("vedouci", "< 5"), ("narodni", "< 5")):
        body = (
            clients[role].get("/api/v1/evaluation/comparison/", {"obdobi": "2026/2", "kraj": ospod.region.code}).json()
        )
        column = [row["code"] for row in body["indicators"]].index("new_cases")
        row = next(row for row in body["rows"] if row["code"] == ospod.district.code)
        assert row["values"][column] == expected
        assert row["values"][[r["code"] for r in body["indicators"]].index("children_in_records")] == 40


def test_the_trends_hide_a_small_count_from_the_kraj_and_show_it_to_its_ospod(role_people, clients, form, ospod):
    fill(role_people, form, submit=True, children_in_records="40", new_cases="3", case_conferences="6")
    report_review(actor=role_people["vedouci"], report=form, approve=True)
    code = ospod.district.code
    for role, expected in (("vedouci", ("< 5", None)), ("ospod", ("3", 3))):
        response = clients[role].get("/api/v1/evaluation/trends/", {"orp": code}, HTTP_ACCEPT_LANGUAGE="cs")
        assert response.status_code == 200, response.json()
        body = response.json()
        assert body["periods"] == ["2026/2"] and body["orp"] == code
        new_cases = next(row for row in body["indicators"] if row["indicator"] == "new_cases")
        orp = next(line for line in new_cases["lines"] if line["key"] == "orp")
        assert (orp["values"][0]["shown"], orp["values"][0]["value"]) == expected
    refused = clients["vedouci"].get("/api/v1/evaluation/trends/", {"orp": "5101"}, HTTP_ACCEPT_LANGUAGE="cs")
    assert refused.status_code == 400
    assert refused.json() == {"orp": ["Vyberte ORP, jejíž formuláře můžete vidět."]}  # Liberec: not the lead's
    assert clients["sitar"].get("/api/v1/evaluation/trends/").status_code == 404


def test_the_warnings_list_the_krajs_orp_and_are_404_for_a_networker(role_people, clients, collection, form, ospod):
    first = round_open(
        actor=role_people["narodni"],
        period="2026/1",
        deadline=datetime.date(2027, 1, 31),
        indicators=list(Indicator.objects.filter(code__in=CODES)),
        today=TODAY,
    )
    earlier = first.reports.get(ospod=ospod)
    fill(role_people, earlier, submit=True, children_in_records="40", new_cases="10", case_conferences="6")
    report_review(actor=role_people["vedouci"], report=earlier, approve=True)
    fill(role_people, form, submit=True, children_in_records="40", new_cases="30", case_conferences="6")
    report_review(actor=role_people["vedouci"], report=form, approve=True)
    body = clients["vedouci"].get("/api/v1/evaluation/warnings/").json()
    flagged = {(row["orp"], row["indicator"], row["above"]) for row in body}
    assert (ospod.district.code, "new_cases", True) in flagged
    assert clients["vedouci_li"].get("/api/v1/evaluation/warnings/").json() == []
    assert clients["sitar"].get("/api/v1/evaluation/warnings/").status_code == 404


def test_a_krajs_needs_grouped_across_its_orp(role_people, clients, make_need, pelhrimov, jihlava, vysocina, liberec):
    make_need(title="Chybí terénní SAS", district=pelhrimov)
    make_need(title="chybi  terenni sas", district=jihlava)
    make_need(title="Chybí terénní SAS", district=liberec)  # another kraj: never in Vysočina's lines
    body = clients["vedouci"].get(f"/api/v1/evaluation/needs-across/{vysocina.code}/").json()
    assert [(row["category"], sorted(row["orp"]), row["needs"]) for row in body] == [
        ("missing_service", sorted([pelhrimov.code, jihlava.code]), 2)
    ]
    assert clients["vedouci_li"].get(f"/api/v1/evaluation/needs-across/{vysocina.code}/").status_code == 404
