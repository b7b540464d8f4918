"""The cooperation list speaks Czech in its filters: no English "Kind:"/"Status:" (item 5 of issue 16, the list of
links only)."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_the_link_lists_kind_and_status_filters_are_labelled_in_czech(client, sitar):
    client.force_login(sitar)
    page = client.get("/links/", HTTP_ACCEPT_LANGUAGE="cs").content.decode()
    labels = dict(re.findall(r'<label for="id_(\w+)"[^>]*>([^<]*)</label>', page))
    assert labels["kind"].strip().rstrip(":") == "Druh spolupráce"
    assert labels["status"].strip().rstrip(":") == "Stav"


def test_the_labels_stay_czech_after_an_english_request_or_the_api_schema(client, sitar):
    client.force_login(sitar)
    client.get("/links/", HTTP_ACCEPT_LANGUAGE="en")
    client.get("/api/v1/schema/", HTTP_ACCEPT_LANGUAGE="en")
    client.get("/api/v1/links/", HTTP_ACCEPT_LANGUAGE="en")
    page = client.get("/links/", HTTP_ACCEPT_LANGUAGE="cs").content.decode()
    labels = dict(re.findall(r'<label for="id_(\w+)"[^>]*>([^<]*)</label>', page))
    assert labels["kind"].strip().rstrip(":") == "Druh spolupráce"
    assert labels["status"].strip().rstrip(":") == "Stav"
