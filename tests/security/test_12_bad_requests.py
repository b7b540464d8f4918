"""Item 12: requests that used to answer a 500 or an HTML 400 — a JSON body of 200 000 "[", a search of 1 500 words,
too many query parameters under /api/ — are a JSON 400 naming what is wrong, in Czech or English as the client asks;
the screens' search says what is wrong next to the field, and a search is at most SEARCH_MAX_WORDS conditions."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.filters import SEARCH_MAX_LENGTH, SEARCH_MAX_WORDS
from meetings.models import Meeting

pytestmark = pytest.mark.django_db

WORDS_1500 = " ".join(f"slovo{n}" for n in range(1500))


def json_400(response) -> dict:
    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"].startswith("application/json"), response.content[:300]
    return response.json()


# ------------------------------------------------------------------------------------------------ deep JSON --


@pytest.mark.parametrize(
    "body", ["[" * 200_000, '{"title": ' + "[" * 100 + "]" * 100 + "}"], ids=["recursion", "deep-but-parsable"]
)
def test_a_json_body_nested_too_deeply_is_a_json_400_with_a_detail(api, body):
    before = Meeting.objects.count()

    english = json_400(
        api.generic("POST", "/api/v1/meetings/", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    )
    czech = json_400(
        api.generic("POST", "/api/v1/meetings/", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="cs")
    )

    assert english == {"detail": "The JSON document is nested more than 32 levels deep."}
    assert czech == {"detail": "Dokument JSON je vnořen do více než 32 úrovní."}
    assert Meeting.objects.count() == before


def test_a_meeting_with_its_follow_ups_is_well_within_the_depth(api):
    body = {
        "kind": "working_meeting",
        "title": "Schůzka",
        "held_on": "2026-03-10",
        "district": "6110",
        "followups": [{"description": "Zavolat", "due_on": "2026-03-20"}],
    }
    assert api.post("/api/v1/meetings/", body, format="json").status_code == 201


# --------------------------------------------------------------------------------------------------- the search --


def test_a_search_of_1500_words_is_a_400_on_q_in_the_client_language(api):
    english = json_400(api.get("/api/v1/organizations/", {"q": WORDS_1500}, HTTP_ACCEPT_LANGUAGE="en"))
    czech = json_400(
        api.get("/api/v1/organizations/", {"q": WORDS_1500[: SEARCH_MAX_LENGTH - 1]}, HTTP_ACCEPT_LANGUAGE="cs")
    )

    assert english == {
        "q": ["Ensure this value has at most 100 characters (it has 13889).", "Search for at most 10 words."]
    }
    assert czech == {"q": ["Hledejte nejvýše 10 slov."]}


def test_a_search_of_the_most_words_allowed_runs_one_like_per_word(api, make_organization):
    wanted = make_organization(name="Centrum pro rodinu a sociální péči Pelhřimov z. s.")
    make_organization(name="Centrum Jihlava")
    query = "centrum pro rodinu a socialni peci pelhrimov z. s. centrum"
    assert len(query.split()) == SEARCH_MAX_WORDS

    with CaptureQueriesContext(connection) as queries:
        response = api.get("/api/v1/organizations/", {"q": query})

    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [wanted.pk]
    listing = next(q["sql"] for q in queries.captured_queries if "search_name" in q["sql"] and "LIMIT" in q["sql"])
    assert listing.count("LIKE") == SEARCH_MAX_WORDS - 1  # "centrum" given twice is one condition


def test_the_directory_screen_shows_the_search_error_next_to_the_field(as_user, sitar, make_organization):
    make_organization(name="Spirála")

    response = as_user(sitar).get("/organizations/", {"q": WORDS_1500[:99]})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Hledejte nejvýše 10 slov." in page and 'aria-invalid="true"' in page
    assert list(response.context["object_list"]) == []


def test_the_participant_type_ahead_says_the_search_is_too_long_and_finds_nothing(as_user, sitar, make_organization):
    make_organization(name="Spirála slovo1")

    response = as_user(sitar).get("/meetings/participants/", {"q": WORDS_1500})

    assert response.status_code == 200
    assert (
        list(response.context["organizations"]) == [] and "Tato hodnota má mít nejvýše 100" in response.content.decode()
    )


# ------------------------------------------------------------------------------------ too many query parameters --


def test_too_many_query_parameters_under_api_is_a_json_400_with_a_detail(api):
    limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    query = "&".join(f"x{n}=1" for n in range(limit + 1))

    english = json_400(api.get(f"/api/v1/organizations/?{query}", HTTP_ACCEPT_LANGUAGE="en"))
    czech = json_400(api.get(f"/api/v1/organizations/?{query}", HTTP_ACCEPT_LANGUAGE="cs"))

    assert english == {"detail": f"Too many query parameters: at most {limit}."}
    assert czech == {"detail": f"Příliš mnoho parametrů dotazu: nejvýše {limit}."}


# --------------------------------------------------------------------------------------------------- the admin --


def test_the_admin_search_of_1500_words_says_so_and_finds_nothing(admin_client, make_organization):
    make_organization(name="Spirála slovo1")

    response = admin_client.get("/admin/organizations/organization/", {"q": WORDS_1500})
    found = admin_client.get("/admin/organizations/organization/", {"q": "spirála slovo1"})

    assert response.status_code == 200
    assert response.context["cl"].result_count == 0
    assert "Hledejte nejvýše 10 slov." in response.content.decode()
    assert found.context["cl"].result_count == 1
