"""Item 8: API tokens are stored hashed, expire (API_TOKEN_TTL_DAYS, default 30) and can be revoked by their owner.

On main (rest_framework.authtoken) the token is a column in clear, valid for ever, and there is no way to revoke it.
"""

import datetime
from unittest import mock

import pytest
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

PASSWORD = "heslo-pro-test-2026"

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(make_role_user, pelhrimov):
    return make_role_user("sitar.test", "sitar", district=pelhrimov)


def new_token(username: str = "sitar.test") -> dict:
    response = APIClient().post("/api/v1/auth/token/", {"username": username, "password": PASSWORD}, format="json")
    assert response.status_code == 200, response.content
    return response.json()


def client_with(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def status_with(token: str) -> int:
    return client_with(token).get("/api/v1/regions/").status_code


def columns_holding(value: str) -> list[str]:
    """Every text column of every table that holds exactly this value."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column in connection.introspection.get_table_description(cursor, table):
                if not _is_text(column.type_code):
                    continue
                table_q, column_q = connection.ops.quote_name(table), connection.ops.quote_name(column.name)
                cursor.execute(f"SELECT COUNT(*) FROM {table_q} WHERE {column_q} = %s", [value])
                if cursor.fetchone()[0]:
                    found.append(f"{table}.{column.name}")
    return found


def _is_text(type_code) -> bool:
    if connection.vendor == "postgresql":
        return type_code in {25, 1042, 1043}  # text, char, varchar
    return str(type_code).lower().startswith(("text", "varchar", "char"))  # SQLite: the declared type


def test_the_stored_token_is_not_the_clear_token(user):
    token = new_token()["token"]
    assert status_with(token) == 200
    assert columns_holding(token) == []


def test_a_token_expires_after_the_configured_days(user):
    issued = new_token()
    expiry = datetime.datetime.fromisoformat(issued["expiry"].replace("Z", "+00:00"))
    assert abs(expiry - (timezone.now() + datetime.timedelta(days=30))) < datetime.timedelta(minutes=1)
    now = timezone.now()
    with mock.patch("django.utils.timezone.now", return_value=now + datetime.timedelta(days=29)):
        assert status_with(issued["token"]) == 200
    with mock.patch("django.utils.timezone.now", return_value=now + datetime.timedelta(days=30, minutes=1)):
        assert status_with(issued["token"]) == 401
    assert status_with(issued["token"]) == 401  # and it is gone for good


def test_the_token_lifetime_comes_from_the_settings(user, settings):
    settings.REST_KNOX = {**settings.REST_KNOX, "TOKEN_TTL": datetime.timedelta(days=2)}
    expiry = datetime.datetime.fromisoformat(new_token()["expiry"].replace("Z", "+00:00"))
    assert abs(expiry - (timezone.now() + datetime.timedelta(days=2))) < datetime.timedelta(minutes=1)


def test_logout_revokes_only_that_token(user):
    first, second = new_token()["token"], new_token()["token"]
    assert client_with(first).post("/api/v1/auth/logout/").status_code == 204
    assert (status_with(first), status_with(second)) == (401, 200)


def test_logout_all_revokes_every_token_of_the_user_and_no_one_elses(user, make_role_user, pelhrimov):
    make_role_user("sitar.other", "sitar", district=pelhrimov)
    first, second, others = new_token()["token"], new_token()["token"], new_token("sitar.other")["token"]
    assert client_with(first).post("/api/v1/auth/logout-all/").status_code == 204
    assert (status_with(first), status_with(second), status_with(others)) == (401, 401, 200)


def test_logout_without_a_token_is_refused(user):
    assert APIClient().post("/api/v1/auth/logout/").status_code == 401
