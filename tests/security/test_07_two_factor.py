"""Item 7: two-factor sign-in (TOTP + recovery codes), required of superusers and regional leads, optional for others.

On main a lead signs in with a password alone, on the screens, in the admin and for an API token.
"""

import re

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

PASSWORD = "heslo-pro-test-2026"
ENROL = "/accounts/two-factor/enrol/"
CODES = "/accounts/two-factor/recovery-codes/"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def two_factor_required(settings):
    settings.SITAR_2FA_REQUIRED = True


def code_of(device: TOTPDevice) -> str:
    """The code the authenticator app shows now, computed from the device's key; the device forgets the last code
    it accepted, so a test may use the current time step more than once."""
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1, throttling_failure_count=0)
    device.refresh_from_db()
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"


def enrol(user) -> tuple[TOTPDevice, list[str]]:
    """The user's authenticator, set up through the services as the enrolment page does."""
    from permissions.two_factor.services import totp_device_confirm, totp_device_start

    pending = totp_device_start(actor=user)
    return totp_device_confirm(actor=user, device_id=pending.pk, code=code_of(pending))


def sign_in(client, username: str, password: str = PASSWORD, next_url: str = ""):
    data = {"username": username, "password": password} | ({"next": next_url} if next_url else {})
    return client.post("/accounts/login/", data)


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


# -------------------------------------------------------------------------------------------------- enrolment --


def test_a_lead_without_a_device_is_sent_to_enrolment_before_anything_else(client, vedouci, organization):
    assert sign_in(client, vedouci.username).status_code == 302
    for url in ["/", "/organizations/", f"/organizations/{organization.pk}/", "/accounts/two-factor/"]:
        response = client.get(url)
        assert (response.status_code, response.url) == (302, ENROL), url
    assert client.get("/api/v1/organizations/").status_code == 403
    assert client.get(ENROL).status_code == 200


def test_a_superuser_without_a_device_is_sent_to_enrolment_and_kept_out_of_the_admin(client, make_user):
    make_user("spravce", is_superuser=True, is_staff=True)
    sign_in(client, "spravce")
    response = client.get("/admin/")
    assert (response.status_code, response.url) == (302, ENROL)


def test_a_user_whose_role_does_not_require_it_is_not_sent_to_enrol(client, make_role_user, pelhrimov):
    make_role_user("sitar.test", "sitar", district=pelhrimov)
    sign_in(client, "sitar.test")
    assert client.get("/").status_code == 200


def test_without_the_requirement_a_lead_signs_in_with_the_password_alone(client, vedouci, settings):
    settings.SITAR_2FA_REQUIRED = False  # the demo's setting (DEMO_2FA unset)
    sign_in(client, vedouci.username)
    assert client.get("/").status_code == 200


def test_enrolment_shows_the_key_once_is_confirmed_by_a_first_code_and_shows_recovery_codes_once(client, vedouci):
    sign_in(client, vedouci.username)
    page = client.get(ENROL).content.decode()
    device = TOTPDevice.objects.get(user=vedouci, confirmed=False)
    assert "<svg" in page and re.search(r"<script(?![^>]*\bsrc=)", page) is None  # the QR code inline, no script
    assert client.post(ENROL, {"code": "000000" if code_of(device) != "000000" else "111111"}).status_code == 200
    response = client.post(ENROL, {"code": code_of(device)})
    assert (response.status_code, response.url) == (302, CODES)
    device.refresh_from_db()
    assert device.confirmed
    shown = re.findall(r"<code>([a-z2-7]{8})</code>", client.get(CODES).content.decode())
    stored = set(StaticToken.objects.filter(device__user=vedouci).values_list("token", flat=True))
    assert len(shown) == 10 and set(shown) == stored
    assert re.findall(r"<code>([a-z2-7]{8})</code>", client.get(CODES).content.decode()) == []
    assert client.get("/").status_code == 200


def test_opening_the_enrolment_again_makes_a_new_key(client, vedouci):
    sign_in(client, vedouci.username)
    client.get(ENROL)
    first = TOTPDevice.objects.get(user=vedouci, confirmed=False).key
    client.get(ENROL)
    assert list(TOTPDevice.objects.filter(user=vedouci).values_list("key", flat=True)) != [first]


# ----------------------------------------------------------------------------------------------------- sign-in --


def test_with_a_device_the_password_alone_does_not_sign_in(client, vedouci):
    enrol(vedouci)
    response = sign_in(client, vedouci.username)
    assert (response.status_code, response.url) == (302, "/accounts/login/code/")
    assert signed_in_user_id(client) is None
    assert client.get("/").status_code == 302
    assert client.get("/organizations/").url.startswith("/accounts/login/")


def test_a_totp_code_computed_from_the_device_key_signs_in(client, vedouci, organization):
    device, _codes = enrol(vedouci)
    sign_in(client, vedouci.username, next_url=f"/organizations/{organization.pk}/")
    response = client.post("/accounts/login/code/", {"code": code_of(device)})
    assert (response.status_code, response.url) == (302, f"/organizations/{organization.pk}/")
    assert signed_in_user_id(client) == str(vedouci.pk)
    assert client.get("/").status_code == 200


def test_a_wrong_code_does_not_sign_in(client, vedouci):
    device, _codes = enrol(vedouci)
    sign_in(client, vedouci.username)
    wrong = f"{(int(code_of(device)) + 1) % 1_000_000:06d}"
    response = client.post("/accounts/login/code/", {"code": wrong})
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert signed_in_user_id(client) is None


def test_a_recovery_code_signs_in_once(client, vedouci):
    _device, codes = enrol(vedouci)
    sign_in(client, vedouci.username)
    assert client.post("/accounts/login/code/", {"code": codes[0].upper()}).status_code == 302
    assert signed_in_user_id(client) == str(vedouci.pk)
    client.post("/accounts/logout/")
    sign_in(client, vedouci.username)
    assert client.post("/accounts/login/code/", {"code": codes[0]}).status_code == 200
    assert signed_in_user_id(client) is None
    assert StaticToken.objects.filter(device__user=vedouci).count() == 9


def test_the_code_step_needs_the_password_step_first(client, vedouci):
    device, _codes = enrol(vedouci)
    response = client.post("/accounts/login/code/", {"code": code_of(device)})
    assert (response.status_code, response.url) == (302, "/accounts/login/")
    assert signed_in_user_id(client) is None


def test_a_session_that_never_gave_a_code_is_ended_once_the_user_has_a_device(client, vedouci):
    client.force_login(vedouci)  # a session from before the device, or from some other door
    enrol(vedouci)
    response = client.get("/organizations/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert signed_in_user_id(client) is None


# ------------------------------------------------------------------------------------------------------- admin --


def test_the_admin_asks_a_superuser_for_the_code_too(client, make_user):
    superuser = make_user("spravce", is_superuser=True, is_staff=True)
    device, _codes = enrol(superuser)
    response = client.post("/admin/login/", {"username": "spravce", "password": PASSWORD})
    assert (response.status_code, response.url) == (302, "/accounts/login/code/")
    assert client.get("/admin/").status_code == 302
    response = client.post("/accounts/login/code/", {"code": code_of(device)})
    assert (response.status_code, response.url) == (302, "/admin/")
    assert client.get("/admin/").status_code == 200


# ------------------------------------------------------------------------------------------- managing the device --


def test_new_recovery_codes_need_a_code_and_void_the_old_ones(client, vedouci):
    device, old = enrol(vedouci)
    sign_in(client, vedouci.username)
    client.post("/accounts/login/code/", {"code": code_of(device)})
    assert client.post("/accounts/two-factor/", {"action": "regenerate", "code": "nothing"}).status_code == 200
    assert set(StaticToken.objects.filter(device__user=vedouci).values_list("token", flat=True)) == set(old)
    response = client.post("/accounts/two-factor/", {"action": "regenerate", "code": code_of(device)})
    assert (response.status_code, response.url) == (302, CODES)
    new = set(StaticToken.objects.filter(device__user=vedouci).values_list("token", flat=True))
    assert len(new) == 10 and not new & set(old)


def test_removing_the_device_needs_a_code_and_then_a_lead_must_enrol_again(client, vedouci):
    device, _codes = enrol(vedouci)
    sign_in(client, vedouci.username)
    client.post("/accounts/login/code/", {"code": code_of(device)})
    assert client.post("/accounts/two-factor/", {"action": "remove", "code": "000"}).status_code == 200
    assert TOTPDevice.objects.filter(user=vedouci).exists()
    client.post("/accounts/two-factor/", {"action": "remove", "code": code_of(device)})
    assert not TOTPDevice.objects.filter(user=vedouci).exists()
    assert not StaticToken.objects.filter(device__user=vedouci).exists()
    assert client.get("/").url == ENROL


def test_a_user_may_turn_it_on_and_off_where_it_is_optional(client, make_role_user, pelhrimov):
    user = make_role_user("sitar.test", "sitar", district=pelhrimov)
    device, _codes = enrol(user)
    sign_in(client, "sitar.test")
    client.post("/accounts/login/code/", {"code": code_of(device)})
    client.post("/accounts/two-factor/", {"action": "remove", "code": code_of(device)})
    assert client.get("/").status_code == 200
    client.post("/accounts/logout/")
    sign_in(client, "sitar.test")
    assert signed_in_user_id(client) == str(user.pk)


# --------------------------------------------------------------------------------------------------- API token --


def token_request(username: str, **extra):
    return APIClient().post("/api/v1/auth/token/", {"username": username, "password": PASSWORD, **extra}, format="json")


def test_the_api_token_needs_the_code_of_a_user_with_a_device(vedouci):
    device, codes = enrol(vedouci)
    assert token_request(vedouci.username).status_code == 400
    assert "otp" in token_request(vedouci.username).json()
    wrong = f"{(int(code_of(device)) + 1) % 1_000_000:06d}"
    assert token_request(vedouci.username, otp=wrong).status_code == 400
    response = token_request(vedouci.username, otp=code_of(device))
    assert response.status_code == 200 and response.json()["token"]
    assert token_request(vedouci.username, otp=codes[0]).status_code == 200
    assert token_request(vedouci.username, otp=codes[0]).status_code == 400


def test_the_api_token_is_refused_to_a_lead_who_has_not_enrolled(vedouci):
    response = token_request(vedouci.username)
    assert response.status_code == 400 and "otp" in response.json()


def test_the_api_token_needs_no_code_of_a_user_without_a_device_whose_role_does_not_require_it(
    make_role_user, pelhrimov
):
    make_role_user("sitar.test", "sitar", district=pelhrimov)
    assert token_request("sitar.test").status_code == 200


def test_guessing_codes_is_slowed_down_after_each_wrong_one(client, vedouci):
    device, _codes = enrol(vedouci)
    right = code_of(device)
    sign_in(client, vedouci.username)
    client.post("/accounts/login/code/", {"code": f"{(int(right) + 1) % 1_000_000:06d}"})
    # After n wrong codes the device refuses every code, the right one too, for 2**(n-1) s (django-otp's throttling).
    assert client.post("/accounts/login/code/", {"code": right}).status_code == 200
    assert signed_in_user_id(client) is None
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=3)
    device.refresh_from_db()
    allowed, detail = device.verify_is_allowed()
    assert not allowed and (detail["locked_until"] - device.throttling_failure_timestamp).total_seconds() == 4


def test_the_shared_device_choice_holds_through_the_code_step(client, vedouci):
    device, _codes = enrol(vedouci)
    client.post("/accounts/login/", {"username": vedouci.username, "password": PASSWORD, "shared_device": "on"})
    client.post("/accounts/login/code/", {"code": code_of(device)})
    assert signed_in_user_id(client) == str(vedouci.pk)
    assert client.session.get_expire_at_browser_close()


# ------------------------------------------------------- a session is checked against the user as they are now --


def test_a_password_only_session_ends_once_its_user_enrols_elsewhere(client, make_role_user, pelhrimov):
    user = make_role_user("sitar.ukradeno", "sitar", district=pelhrimov)
    sign_in(client, "sitar.ukradeno")  # somebody with the stolen password
    assert client.get("/").status_code == 200
    device, _codes = enrol(user)  # the owner turns 2FA on in their own session

    response = client.get("/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert signed_in_user_id(client) is None
    # Nor can that session set up a device of its own over the owner's.
    sign_in(client, "sitar.ukradeno")
    client.get(ENROL)
    assert list(TOTPDevice.objects.filter(user=user).values_list("pk", flat=True)) == [device.pk]


def test_a_user_made_a_lead_while_signed_in_is_sent_to_enrol_at_the_next_page(
    client, make_role_user, make_user, pelhrimov, vysocina
):
    from permissions.services import role_assign

    user = make_role_user("sitar.povyseny", "sitar", district=pelhrimov)
    sign_in(client, "sitar.povyseny")
    assert client.get("/").status_code == 200
    role_assign(actor=make_user("spravce.role", is_superuser=True), user=user, role="vedouci", region=vysocina)

    response = client.get("/roles/")
    assert (response.status_code, response.url) == (302, ENROL)


def test_an_ospod_head_must_use_two_factor_sign_in(client, make_role_user, ospod):
    make_role_user("vedouci.ospod.test", "vedouci_ospod", organization=ospod)
    sign_in(client, "vedouci.ospod.test")
    response = client.get("/")
    assert (response.status_code, response.url) == (302, ENROL)


def test_a_signed_in_session_replaces_the_authenticator_only_after_turning_it_off_with_a_code(client, vedouci):
    device, _codes = enrol(vedouci)
    sign_in(client, vedouci.username)
    client.post("/accounts/login/code/", {"code": code_of(device)})
    assert client.get("/").status_code == 200

    response = client.get(ENROL)  # a tablet left signed in: somebody else's phone must not be bound to the account
    assert (response.status_code, response.url) == (302, "/accounts/two-factor/")
    assert list(TOTPDevice.objects.filter(user=vedouci).values_list("pk", flat=True)) == [device.pk]


def test_setting_up_or_turning_off_an_authenticator_ends_the_api_tokens(make_role_user, pelhrimov):
    from knox.models import AuthToken

    from permissions.two_factor.services import two_factor_remove

    user = make_role_user("sitar.tokeny", "sitar", district=pelhrimov)
    AuthToken.objects.create(user=user)
    enrol(user)
    assert not AuthToken.objects.filter(user=user).exists()
    AuthToken.objects.create(user=user)
    two_factor_remove(actor=user)
    assert not AuthToken.objects.filter(user=user).exists()
