"""The cooperation list speaks Czech in its filters: no English "Kind:"/"Status:" (item 5 of issue 16, the list of
links only)."""

import re

import pytest

pytestmark = pytest.mark.django_db


def assert_czech_labels(page: str) -> None:
    """The kind and status filters (boxes to tick: a fieldset's legend, or a label) read in Czech, never in English."""
    assert 'name="kind"' in page and 'name="status"' in page
    labels = {
        text.strip().rstrip(":") for text in re.findall(r"<(?:label|legend)\b[^>]*>([^<]*)</(?:label|legend)>", page)
    }
    assert {"Druh spolupráce", "Stav"} <= labels
    assert not {"Kind", "Status"} & labels


def test_the_link_lists_kind_and_status_filters_are_labelled_in_czech(client, sitar):
    client.force_login(sitar)
    page = client.get("/links/", HTTP_ACCEPT_LANGUAGE="cs").content.decode()
    assert_czech_labels(page)


def test_the_labels_stay_czech_after_an_english_request_or_the_api_schema(client, sitar):
    client.force_login(sitar)
    client.get("/links/", HTTP_ACCEPT_LANGUAGE="en")
    client.get("/api/v1/schema/", HTTP_ACCEPT_LANGUAGE="en")
    client.get("/api/v1/links/", HTTP_ACCEPT_LANGUAGE="en")
    page = client.get("/links/", HTTP_ACCEPT_LANGUAGE="cs").content.decode()
    assert_czech_labels(page)
