"""Item 5: the HTML login and the admin's login lock an account, and an address, out after a few failed guesses
(django-axes); a regional lead unlocks the users of the kraj, a superuser anyone, and nobody else is named."""

import logging

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from permissions.services import role_assign
from permissions.signin import lockout_message

pytestmark = pytest.mark.django_db

PASSWORD = "heslo-pro-test-2026"
CZECH_LOCKOUT = "Příliš mnoho neúspěšných pokusů o přihlášení"
LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"


@pytest.fixture
def admin_user(make_user):
    return make_user("spravce.zamek", is_superuser=True, is_staff=True)


def sign_in(client, path, username, password, address="10.0.0.1"):
    return client.post(path, {"username": username, "password": password}, REMOTE_ADDR=address)


def signed_in(response) -> bool:
    return response.wsgi_request.user.is_authenticated


def guess(client, path, username, times, address="10.0.0.1") -> list[int]:
    return [sign_in(client, path, username, f"spatne-{i}", address).status_code for i in range(times)]


def test_the_limit_is_five_by_default():
    assert settings.AXES_FAILURE_LIMIT == 5


def test_four_wrong_guesses_still_let_the_right_password_in(client, sitar):
    assert guess(client, LOGIN, sitar.username, 4) == [200] * 4
    response = sign_in(client, LOGIN, sitar.username, PASSWORD)
    assert response.status_code == 302 and signed_in(response)


def test_five_wrong_guesses_lock_the_login_page_and_the_right_password_is_refused_in_czech(client, sitar):
    # The fifth failure already answers with the lockout page.
    assert guess(client, LOGIN, sitar.username, 5) == [200, 200, 200, 200, 429]
    response = sign_in(client, LOGIN, sitar.username, PASSWORD)
    assert response.status_code == 429 and not signed_in(response)
    assert CZECH_LOCKOUT in response.content.decode()


def test_five_wrong_guesses_lock_the_admin_login_too(client, admin_user):
    assert guess(client, ADMIN_LOGIN, admin_user.username, 5) == [200, 200, 200, 200, 429]
    response = sign_in(client, ADMIN_LOGIN, admin_user.username, PASSWORD)
    assert response.status_code == 429 and not signed_in(response)
    assert CZECH_LOCKOUT in response.content.decode()
    # …and the HTML login, since the count is the account's.
    assert sign_in(client, LOGIN, admin_user.username, PASSWORD).status_code == 429


def test_guesses_at_one_account_from_many_addresses_lock_the_account(client, sitar):
    statuses = [sign_in(client, LOGIN, sitar.username, "spatne", f"10.0.1.{i}").status_code for i in range(5)]
    assert statuses[-1] == 429
    response = sign_in(client, LOGIN, sitar.username, PASSWORD, "10.0.2.99")
    assert response.status_code == 429 and not signed_in(response)


def test_guesses_at_many_accounts_from_one_address_lock_the_address(client, sitar, make_user):
    statuses = [sign_in(client, LOGIN, f"nekdo{i}", "spatne", "10.0.3.1").status_code for i in range(5)]
    assert statuses[-1] == 429
    # The networker never guessed wrong, but that address is refused for everyone…
    response = sign_in(client, LOGIN, sitar.username, PASSWORD, "10.0.3.1")
    assert response.status_code == 429 and not signed_in(response)
    # …while the same account from another address signs in.
    response = sign_in(client, LOGIN, sitar.username, PASSWORD, "10.0.3.2")
    assert response.status_code == 302 and signed_in(response)


def test_the_lockout_is_logged_and_kept_in_axes_records(client, sitar, caplog):
    with caplog.at_level(logging.WARNING, logger="permissions.signin"):
        guess(client, LOGIN, sitar.username, 5)
    assert any(
        "Sign-in locked out" in record.getMessage() and sitar.username in record.getMessage()
        for record in caplog.records
        if record.name == "permissions.signin"
    )
    attempt = AccessAttempt.objects.get(username=sitar.username)
    assert (attempt.failures_since_start, attempt.ip_address) == (5, "10.0.0.1")
    assert AccessFailureLog.objects.filter(username=sitar.username, locked_out=True).exists()
    # The password is never stored with the attempt.
    assert "spatne" not in attempt.post_data


def test_failed_api_token_requests_count_toward_the_same_lockout(client, sitar):
    api = APIClient()
    statuses = [
        api.post(
            "/api/v1/auth/token/",
            {"username": sitar.username, "password": "spatne"},
            format="json",
            REMOTE_ADDR="10.0.4.1",
        ).status_code
        for _ in range(5)
    ]
    assert statuses == [400] * 5
    # The right password: no token from the API, and the HTML login is locked as well.
    response = api.post(
        "/api/v1/auth/token/",
        {"username": sitar.username, "password": PASSWORD},
        format="json",
        REMOTE_ADDR="10.0.4.2",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400 and "token" not in response.json()
    # The owner learns why, as on the login page: not "wrong password".
    with translation.override("en"):
        assert response.json() == {"non_field_errors": [lockout_message()]}
    assert sign_in(client, LOGIN, sitar.username, PASSWORD, "10.0.4.3").status_code == 429


def test_the_test_clients_own_sign_ins_still_work(client, sitar):
    assert client.login(username=sitar.username, password=PASSWORD)
    client.logout()
    client.force_login(sitar)
    assert client.get(reverse("home")).status_code == 200


# ------------------------------------------------------------------------------------------------- unlocking --


def test_a_lead_sees_a_locked_user_of_the_kraj_and_unlocks_them(client, sitar, vedouci):
    guess(client, LOGIN, sitar.username, 5)
    client.force_login(vedouci)
    page = client.get(reverse("lockout-list"))
    assert page.status_code == 200
    assert [(row.user_id, row.failures, row.locked) for row in page.context["lockouts"]] == [(sitar.pk, 5, True)]

    response = client.post(reverse("lockout-lift", args=[sitar.pk]))
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username=sitar.username).exists()
    client.logout()
    response = sign_in(client, LOGIN, sitar.username, PASSWORD)
    assert response.status_code == 302 and signed_in(response)


def test_the_unlock_is_logged_with_who_lifted_it(client, sitar, vedouci, caplog):
    guess(client, LOGIN, sitar.username, 5)
    client.force_login(vedouci)
    with caplog.at_level(logging.WARNING, logger="permissions.signin"):
        client.post(reverse("lockout-lift", args=[sitar.pk]))
    assert any("Sign-in unlocked" in r.getMessage() and vedouci.username in r.getMessage() for r in caplog.records)


def test_a_lead_cannot_unlock_nor_see_a_user_of_another_kraj(client, sitar_liberec, vedouci):
    guess(client, LOGIN, sitar_liberec.username, 5)
    client.force_login(vedouci)
    page = client.get(reverse("lockout-list"))
    assert [row.user_id for row in page.context["lockouts"]] == []
    assert sitar_liberec.username not in page.content.decode()

    assert client.post(reverse("lockout-lift", args=[sitar_liberec.pk])).status_code == 404
    assert AccessAttempt.objects.get(username=sitar_liberec.username).failures_since_start == 5


def test_a_lead_cannot_unlock_themselves_nor_a_superuser_of_the_kraj(client, vedouci, admin_user, vysocina):
    role_assign(actor=None, user=admin_user, role="vedouci", region=vysocina)
    guess(client, LOGIN, admin_user.username, 5, "10.0.5.1")
    guess(client, LOGIN, vedouci.username, 5, "10.0.5.2")
    client.force_login(vedouci)
    assert client.get(reverse("lockout-list")).context["lockouts"] == []
    assert client.post(reverse("lockout-lift", args=[admin_user.pk])).status_code == 404
    assert client.post(reverse("lockout-lift", args=[vedouci.pk])).status_code == 404


def test_someone_who_manages_no_roles_gets_404_for_the_lockout_pages(client, sitar, sitar_liberec):
    guess(client, LOGIN, sitar_liberec.username, 5)
    client.force_login(sitar)
    assert client.get(reverse("lockout-list")).status_code == 404
    assert client.post(reverse("lockout-lift", args=[sitar_liberec.pk])).status_code == 404


def test_a_superuser_unlocks_anyone_on_the_page(client, sitar_liberec, admin_user):
    guess(client, LOGIN, sitar_liberec.username, 5)
    client.force_login(admin_user)
    assert [row.user_id for row in client.get(reverse("lockout-list")).context["lockouts"]] == [sitar_liberec.pk]
    assert client.post(reverse("lockout-lift", args=[sitar_liberec.pk])).status_code == 302
    assert not AccessAttempt.objects.filter(username=sitar_liberec.username).exists()


def test_a_superuser_unlocks_in_the_admin_by_deleting_the_attempt(client, sitar_liberec, admin_user):
    guess(client, LOGIN, sitar_liberec.username, 5)
    attempt = AccessAttempt.objects.get(username=sitar_liberec.username)
    client.force_login(admin_user)
    listing = client.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200 and "pokusy o přihlášení" in listing.content.decode()
    response = client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    client.logout()
    response = sign_in(client, LOGIN, sitar_liberec.username, PASSWORD)
    assert response.status_code == 302 and signed_in(response)


def test_a_lead_cannot_unlock_a_fellow_lead_nor_someone_who_also_holds_a_role_elsewhere(
    client, vedouci, sitar, make_role_user, vysocina, liberec
):
    fellow = make_role_user("vedouci.kolega", "vedouci", region=vysocina)
    both = make_role_user("sitar.dva.kraje", "sitar", district=sitar.role_assignments.get().district)
    role_assign(actor=None, user=both, role="sitar", district=liberec)
    for user in (fellow, both, sitar):
        guess(client, LOGIN, user.username, 5, f"10.0.6.{user.pk % 250}")
    client.force_login(vedouci)

    assert [row.user_id for row in client.get(reverse("lockout-list")).context["lockouts"]] == [sitar.pk]
    assert client.post(reverse("lockout-lift", args=[fellow.pk])).status_code == 404
    assert client.post(reverse("lockout-lift", args=[both.pk])).status_code == 404
