"""Two-factor sign-in in a browser: a regional lead enrols an authenticator at the first sign-in, then signs in with
a code. The key is read off the page as a person types it into the app."""

import re
from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.ui.browser.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def code_from_key(key_text: str, step_offset: int = 0) -> str:
    totp = TOTP(b32decode(key_text.replace(" ", "")))
    totp.time = totp.time + step_offset * 30
    return f"{totp.token():06d}"


def test_a_lead_enrols_at_the_first_sign_in_and_then_signs_in_with_a_code(
    page, live_url, browser_user, vysocina, settings
):
    settings.SITAR_2FA_REQUIRED = True
    lead = browser_user("vedouci.prohlizec", "vedouci", region=vysocina)
    page.goto(f"{live_url}/accounts/login/")
    page.fill("input[name=username]", lead.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_url}/accounts/two-factor/enrol/")
    assert page.locator("main svg").count() == 1
    key = page.locator(".two-factor-secret").inner_text()
    page.fill("input[name=code]", code_from_key(key))
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_url}/accounts/two-factor/recovery-codes/")
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10 and all(re.fullmatch(r"[a-z2-7]{8}", code) for code in codes)
    assert TOTPDevice.objects.get(user=lead).confirmed

    page.goto(f"{live_url}/")
    page.click("header button[type=submit]:has-text('(vedouci.prohlizec)')")  # log out
    page.wait_for_url(f"{live_url}/accounts/login/")  # sent once the offline copy is wiped
    page.fill("input[name=username]", lead.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_url}/accounts/login/code/")
    page.fill("input[name=code]", code_from_key(key, step_offset=1))  # the next time step: the first code is used
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_url}/")
