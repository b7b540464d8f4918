"""Issue 17: pages and API answers travel gzipped to a browser that accepts it, and plain to one that does not."""

import gzip

import pytest

pytestmark = pytest.mark.django_db


def test_a_page_goes_gzipped_to_a_browser_that_accepts_it(as_user, actor):
    client = as_user(actor)
    plain = client.get("/organizations/")
    packed = client.get("/organizations/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    assert len(packed.content) < len(plain.content)
    assert b"</html>" in gzip.decompress(packed.content)


def test_an_api_answer_goes_gzipped_too(api_as, actor):
    response = api_as(actor).get("/api/v1/regions/", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.content).startswith(b"{")
