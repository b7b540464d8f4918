"""Bad input to the REST API: a 400 with a message on the field at fault (nested by row index for the follow-ups and
needs of a new meeting, as DRF nests a list: {"needs": {"0": {"category": [...]}}}), in Czech or in English as the
client asks, and nothing saved."""

import json

import pytest
from django.conf import settings

from meetings.models import FollowUp, Meeting, Need
from network.models import CooperationLink
from organizations.models import Organization

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("compiled_catalogue")]

TWO_MB = "x" * (2 * 1024 * 1024)


@pytest.fixture
def pair(make_organization, pelhrimov):
    return make_organization(name="Spirála Pelhřimov", district=pelhrimov), make_organization(
        name="ZŠ Komenského Pelhřimov", kind="school", district=pelhrimov
    )


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in (Organization, Meeting, FollowUp, Need, CooperationLink)}


def _meeting(**fields) -> dict:
    return {
        "kind": "working_meeting",
        "title": "Pracovní schůzka",
        "held_on": "2026-03-10",
        "district": "6110",
        **fields,
    }


def _organization(**fields) -> dict:
    return {"name": "Nová poradna", "kind": "ngo", "district": "6110", **fields}


def _refused(response, field: str) -> list[str]:
    """The messages of a 400 on one field (each a non-empty text)."""
    assert response.status_code == 400, (response.status_code, response.content[:500])
    body = response.json()
    assert field in body, body
    assert body[field] and all(isinstance(message, str) and message for message in body[field])
    return body[field]


# ------------------------------------------------------------------------------------------ one bad field --


def test_a_date_that_does_not_exist_is_an_error_on_held_on(api):
    before = _counts()
    _refused(api.post("/api/v1/meetings/", _meeting(held_on="2026-13-45"), format="json"), "held_on")
    assert _counts() == before


def test_an_ico_with_a_wrong_check_digit_is_an_error_on_ico(api):
    before = _counts()
    [message] = _refused(api.post("/api/v1/organizations/", _organization(ico="12345678"), format="json"), "ico")
    assert "IČO" in message
    assert _counts() == before


def test_a_link_of_strength_9_is_an_error_on_strength(api, pair):
    before = _counts()
    source, target = pair
    response = api.post(
        "/api/v1/links/", {"source": source.pk, "target": target.pk, "kind": "referral", "strength": 9}, format="json"
    )
    [message] = _refused(response, "strength")
    assert "5" in message
    assert _counts() == before


def test_an_unknown_district_code_is_an_error_on_district(api):
    before = _counts()
    [message] = _refused(api.post("/api/v1/meetings/", _meeting(district="9999"), format="json"), "district")
    assert "9999" in message
    assert _counts() == before


def test_a_two_megabyte_summary_is_an_error_on_summary_that_does_not_echo_it(api):
    before = _counts()
    response = api.post("/api/v1/meetings/", _meeting(summary=TWO_MB), format="json")
    [message] = _refused(response, "summary")
    assert "20000" in message.replace(" ", "").replace("\xa0", "")
    assert len(response.content) < 2_000
    assert _counts() == before


def test_a_two_megabyte_name_is_an_error_on_name_that_does_not_echo_it(api):
    before = _counts()
    response = api.post("/api/v1/organizations/", _organization(name=TWO_MB), format="json")
    [message] = _refused(response, "name")
    assert "255" in message
    assert len(response.content) < 2_000
    assert _counts() == before


def test_a_two_megabyte_summary_is_refused_on_a_change_too(api, make_meeting):
    meeting = make_meeting(summary="Krátké shrnutí")
    _refused(api.patch(f"/api/v1/meetings/{meeting.pk}/", {"summary": TWO_MB}, format="json"), "summary")
    meeting.refresh_from_db()
    assert meeting.summary == "Krátké shrnutí" and meeting.version == 1


# ------------------------------------------------------------------------------------- a body that is not JSON --


def test_a_body_that_is_not_json_is_a_400_with_a_detail(api):
    before = _counts()
    response = api.generic("POST", "/api/v1/meetings/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert "JSON" in response.json()["detail"]
    assert _counts() == before


def test_a_plain_text_body_is_an_unsupported_media_type_with_a_detail(api):
    before = _counts()
    response = api.generic("POST", "/api/v1/meetings/", "kind=visit", content_type="text/plain")
    assert response.status_code == 415
    assert "text/plain" in response.json()["detail"]
    assert _counts() == before


def test_a_json_list_instead_of_an_object_is_a_400(api):
    before = _counts()
    response = api.post("/api/v1/meetings/", [_meeting()], format="json")
    assert response.status_code == 400
    assert "non_field_errors" in response.json()
    assert _counts() == before


def test_a_body_over_the_upload_limit_is_refused_with_a_json_detail(api):
    """Past DATA_UPLOAD_MAX_MEMORY_SIZE Django refuses the body; a JSON client still needs a JSON answer."""
    before = _counts()
    body = json.dumps(_meeting(summary="x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)))
    response = api.generic("POST", "/api/v1/meetings/", body, content_type="application/json")
    assert response.status_code in (400, 413)
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    assert response.json()["detail"]
    assert _counts() == before


# --------------------------------------------------------------------------------------------- Czech or English --

LANGUAGE_CASES = [
    pytest.param(
        "/api/v1/organizations/",
        _organization(ico="12345678"),
        "ico",
        "This IČO is not valid: its check digit does not match.",
        "Toto IČO není platné: nesouhlasí kontrolní číslice.",
        id="ico-checksum",
    ),
    pytest.param(
        "/api/v1/needs/",
        {"title": "Chybí SAS", "category": "capacity"},
        "district",
        "Choose a district (ORP).",
        "Zvolte správní obvod ORP.",
        id="need-without-district",
    ),
    pytest.param(
        "/api/v1/meetings/",
        _meeting(held_on="2026-13-45"),
        "held_on",
        "Date has wrong format. Use one of these formats instead: YYYY-MM-DD.",
        "Chybný formát data. Použijte jeden z těchto formátů: YYYY-MM-DD.",
        id="malformed-date",
    ),
]


@pytest.mark.parametrize(("url", "payload", "field", "english", "czech"), LANGUAGE_CASES)
def test_the_same_bad_request_answers_in_the_language_the_client_asks_for(api, url, payload, field, english, czech):
    before = _counts()
    in_english = api.post(url, payload, format="json", HTTP_ACCEPT_LANGUAGE="en")
    in_czech = api.post(url, payload, format="json", HTTP_ACCEPT_LANGUAGE="cs")
    assert _refused(in_english, field) == [english]
    assert _refused(in_czech, field) == [czech]
    assert _counts() == before


def test_without_accept_language_the_api_answers_in_czech(api):
    response = api.post("/api/v1/organizations/", _organization(ico="12345678"), format="json")
    assert _refused(response, "ico") == ["Toto IČO není platné: nesouhlasí kontrolní číslice."]


# Values DRF refuses with its own message; the message a Czech client reads must be Czech as well.
MALFORMED = [
    pytest.param(lambda meeting: ("/api/v1/meetings/", _meeting(uuid="není-uuid")), "uuid", id="uuid"),
    pytest.param(lambda meeting: ("/api/v1/meetings/", _meeting(title={"cs": "Schůzka"})), "title", id="string"),
    pytest.param(
        lambda meeting: ("/api/v1/followups/", {"meeting": meeting.pk, "description": "Zavolat", "done": "možná"}),
        "done",
        id="boolean",
    ),
]


@pytest.mark.parametrize(("request_for", "field"), MALFORMED)
def test_a_malformed_value_is_explained_in_czech_too(api, make_meeting, request_for, field):
    url, payload = request_for(make_meeting())
    before = _counts()
    [english] = _refused(api.post(url, payload, format="json", HTTP_ACCEPT_LANGUAGE="en"), field)
    [czech] = _refused(api.post(url, payload, format="json", HTTP_ACCEPT_LANGUAGE="cs"), field)
    assert czech != english, f"the Czech answer is the English one: {czech!r}"
    assert _counts() == before


def test_a_record_out_of_reach_is_not_found_in_the_client_language(api, make_meeting, liberec):
    """Not found and not yours look the same (404), and say so in the language the client asked for."""
    url = f"/api/v1/meetings/{make_meeting(district=liberec).pk}/"
    assert api.get(url, HTTP_ACCEPT_LANGUAGE="cs").json() == {"detail": "Nenalezeno."}
    assert api.get("/api/v1/meetings/999999/", HTTP_ACCEPT_LANGUAGE="cs").json() == {"detail": "Nenalezeno."}
    assert api.get(url, HTTP_ACCEPT_LANGUAGE="en").json() == {"detail": "Not found."}


@pytest.mark.parametrize("debug", [False, True])
def test_an_unknown_api_url_is_a_json_404_in_the_client_language(api, settings, debug):
    settings.DEBUG = debug
    assert api.post("/api/v1/nothing-here/", {}, format="json").status_code == 404
    for url in ("/api/v1/nothing-here/", "/api/v1/meetings/abc/", "/api/v1/regions/%00/", "/api/v1/services/%0F%0A/"):
        response = api.get(url, HTTP_ACCEPT_LANGUAGE="cs")
        assert (response.status_code, response["Content-Type"]) == (404, "application/json"), url
        assert response.json() == {"detail": "Nenalezeno."}
    assert api.get("/api/v1/nothing-here/", HTTP_ACCEPT_LANGUAGE="en").json() == {"detail": "Not found."}
    assert api.get("/api/v1/nothing-here", follow=True).json() == {"detail": "Nenalezeno."}
    assert api.get("/api/v1/organizations", follow=True).json()["count"] == 0


def test_a_change_of_a_record_by_a_malformed_id_is_not_found(api):
    for method in (api.put, api.patch):
        response = method("/api/v1/meetings/abc/", {"title": "Jinak"}, format="json")
        assert response.status_code == 404
        assert response.json() == {"detail": "Nenalezeno."}


@pytest.mark.parametrize(("field", "value"), [("district", "61\x0010"), ("kind", "ngo"), ("municipality", "\x00")])
def test_a_code_with_a_nul_character_is_an_unknown_code(api, field, value):
    payload = _organization(**{field: value, "kind": "ngo\x00" if field == "kind" else "ngo"})
    before = _counts()
    refused_on = "kind" if field == "kind" else field
    assert _refused(api.post("/api/v1/organizations/", payload, format="json"), refused_on)
    assert _counts() == before


def test_a_follow_up_for_a_user_name_with_a_nul_character_is_an_error_on_its_assignee(api, make_meeting):
    response = api.post(
        "/api/v1/followups/",
        {"meeting": make_meeting().pk, "description": "Zavolat", "assignee": "admin\x00"},
        format="json",
    )
    assert _refused(response, "assignee")


@pytest.mark.parametrize("size", ["0", "-3", "abc", "1.5"])
def test_a_page_size_that_is_not_a_positive_whole_number_is_an_error_on_page_size(api, size):
    assert _refused(api.get("/api/v1/organizations/", {"page_size": size}, HTTP_ACCEPT_LANGUAGE="cs"), "page_size") == [
        "Zadejte celé číslo alespoň 1."
    ]


def test_an_empty_page_size_is_the_default_and_a_huge_one_is_capped(api, make_organization, pelhrimov):
    make_organization(name="Spirála Pelhřimov", district=pelhrimov)
    assert api.get("/api/v1/organizations/", {"page_size": ""}).json()["count"] == 1
    assert api.get("/api/v1/organizations/", {"page_size": "100000"}).status_code == 200


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("/api/v1/organizations/", "verified"),
        ("/api/v1/organizations/", "stale"),
        ("/api/v1/followups/", "done"),
        ("/api/v1/followups/", "mine"),
        ("/api/v1/links/", "formalized"),
    ],
)
def test_a_yes_no_filter_refuses_a_value_it_does_not_understand(api, url, name):
    for value in ("", "true", "false", "1", "0", "True"):
        assert api.get(url, {name: value}).status_code == 200, value
    assert _refused(api.get(url, {name: "možná"}, HTTP_ACCEPT_LANGUAGE="cs"), name) == ["Zadejte true nebo false."]


def test_a_strength_filter_takes_whole_numbers_only(api):
    assert api.get("/api/v1/links/", {"strength_min": "3"}).status_code == 200
    assert _refused(api.get("/api/v1/links/", {"strength_min": "2.5"}), "strength_min")


# ------------------------------------------------------------------------- a meeting with follow-ups and needs --

FOLLOWUPS = [{"description": "Poslat leták"}, {"description": "Domluvit další schůzku", "due_on": "2026-04-01"}]


def test_a_bad_category_of_a_need_sent_with_a_meeting_is_reported_under_needs_and_nothing_is_saved(api):
    before = _counts()
    response = api.post(
        "/api/v1/meetings/",
        _meeting(followups=FOLLOWUPS, needs=[{"title": "Chybí SAS", "category": "nesmysl"}]),
        format="json",
    )
    assert response.status_code == 400, response.json()
    body = response.json()
    assert set(body) == {"needs"}
    assert set(body["needs"]) == {"0"}
    assert set(body["needs"]["0"]) == {"category"} and "nesmysl" in body["needs"]["0"]["category"][0]
    assert _counts() == before


def test_a_bad_date_of_the_second_follow_up_is_reported_at_its_index(api):
    before = _counts()
    followups = [FOLLOWUPS[0], {"description": "Domluvit", "due_on": "2026-02-30"}]
    response = api.post("/api/v1/meetings/", _meeting(followups=followups), format="json")
    assert response.status_code == 400
    assert set(response.json()["followups"]) == {"1"}
    assert "due_on" in response.json()["followups"]["1"]
    assert _counts() == before


def test_a_need_the_service_refuses_is_reported_at_its_index_and_the_whole_meeting_rolls_back(api):
    """The second need lies in ORP Liberec, outside the sitar's district: the service refuses it after the meeting,
    its follow-ups and the first need were written, and all of them are rolled back."""
    before = _counts()
    response = api.post(
        "/api/v1/meetings/",
        _meeting(
            followups=FOLLOWUPS,
            needs=[
                {"title": "Chybí SAS", "category": "capacity"},
                {"title": "Chybí doprava", "category": "accessibility", "district": "5105"},
            ],
        ),
        format="json",
    )
    assert response.status_code == 400, response.json()
    assert response.json() == {
        "needs": {"1": {"district": ["Záznam sem nemůžete přidat: leží mimo území, kde působíte."]}}
    }
    assert _counts() == before


def test_a_follow_up_for_an_unknown_user_is_an_error_on_its_assignee(api):
    before = _counts()
    response = api.post(
        "/api/v1/meetings/", _meeting(followups=[{"description": "Zavolat", "assignee": "nikdo"}]), format="json"
    )
    assert response.status_code == 400
    assert "assignee" in response.json()["followups"]["0"]
    assert _counts() == before
