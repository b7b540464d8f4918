"""Who must use two-factor sign-in, and the writes of a user's own devices (enrol, recovery codes, removal)."""

import logging
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user, user_has_device
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken

from permissions.rules import TWO_FACTOR_ROLES
from permissions.scoping import get_scope

logger = logging.getLogger("sitar.security")

# The attribute permissions.signin.UserBackend sets on the user it loads: whether they have a confirmed device.
HAS_DEVICE_ATTRIBUTE = "sitar_has_device"

TOTP_NAME = "authenticator"
RECOVERY_NAME = "recovery"
# A TOTP code is six digits; a recovery code is eight base32 letters (django-otp's StaticToken.random_token).
TOTP_CODE = re.compile(r"^\d{6}$")

INVALID_CODE = _("The code is not valid. Check the time on your phone, or use one of your recovery codes.")


def two_factor_required(user) -> bool:
    """Whether the user must sign in with a second factor, while the setting is on: superusers and whoever holds a role
    that gives roles (permissions.rules.TWO_FACTOR_ROLES: regional leads, OSPOD heads), read from the user's scope."""
    if not (settings.SITAR_2FA_REQUIRED and user.is_authenticated and user.is_active):
        return False
    scope = get_scope(user)
    return scope.superuser or any(assignment.role in TWO_FACTOR_ROLES for assignment in scope.assignments)


def has_two_factor(user) -> bool:
    """Whether the user has a confirmed device, so that a password alone never signs them in (read with the user
    where permissions.signin.UserBackend loaded it, else asked)."""
    if not user.is_authenticated:
        return False
    known = getattr(user, HAS_DEVICE_ATTRIBUTE, None)
    return known if known is not None else user_has_device(user, confirmed=True)


def confirmed_device_exists() -> models.Expression:
    """Whether the outer user has a confirmed device, as an expression to read with the user (no query of its own)."""
    return models.Q(models.Exists(TOTPDevice.objects.filter(user=models.OuterRef("pk"), confirmed=True))) | models.Q(
        models.Exists(StaticDevice.objects.filter(user=models.OuterRef("pk"), confirmed=True))
    )


def api_tokens_revoke(*, user) -> None:
    """End every API token of the user: a token issued under the user's earlier second factor (or before 2FA was
    required of them) must not outlive it."""
    AuthToken.objects.filter(user=user).delete()


def normalized_code(code: str) -> str:
    """The code as typed, without the spaces and dashes people put in and with recovery codes in lower case."""
    return re.sub(r"[\s-]", "", code or "").lower()


def device_for_code(*, user, code: str) -> Device | None:
    """The user's confirmed device that accepts the code (and records its use), or None; a recovery code works once."""
    code = normalized_code(code)
    if not code or len(code) > 16:
        return None
    # Only the device the code is meant for counts the attempt: a mistyped TOTP code does not slow the recovery codes.
    model = TOTPDevice if TOTP_CODE.match(code) else StaticDevice
    with transaction.atomic():
        for device in model.objects.devices_for_user(user, confirmed=True).select_for_update():
            if device.verify_token(code):
                return device
    return None


@transaction.atomic
def totp_device_start(*, actor) -> TOTPDevice:
    """A new unconfirmed TOTP device of the actor (an earlier unconfirmed one is dropped): its key is shown once."""
    TOTPDevice.objects.filter(user=actor, confirmed=False).delete()
    device = TOTPDevice(user=actor, name=TOTP_NAME, confirmed=False)
    device.full_clean()
    device.save()
    return device


def totp_device_confirm(*, actor, device_id: int, code: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the actor's pending TOTP device with its first code; replaces any earlier device and returns new
    recovery codes."""
    device = TOTPDevice.objects.filter(user=actor, confirmed=False, pk=device_id).first()
    if device is None:
        raise ValidationError({"code": _("The set-up has expired. Start it again.")}, code="expired")
    # Outside the transaction below: a wrong code's throttling (a growing delay) is kept, not rolled back.
    if not device.verify_token(normalized_code(code)):
        raise ValidationError({"code": INVALID_CODE}, code="invalid")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=actor).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = recovery_codes_regenerate(actor=actor)
        api_tokens_revoke(user=actor)
    logger.info("two-factor device enrolled: user=%s", actor.pk)
    return device, codes


@transaction.atomic
def recovery_codes_regenerate(*, actor) -> list[str]:
    """New recovery codes for the actor; the earlier ones stop working."""
    device, _created = StaticDevice.objects.get_or_create(user=actor, name=RECOVERY_NAME, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _i in range(settings.SITAR_RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    logger.info("two-factor recovery codes regenerated: user=%s", actor.pk)
    return codes


@transaction.atomic
def two_factor_remove(*, actor) -> None:
    """Remove the actor's devices and recovery codes: from then on the actor signs in with a password alone."""
    for device in devices_for_user(actor, confirmed=None):
        device.delete()
    api_tokens_revoke(user=actor)
    logger.info("two-factor devices removed: user=%s", actor.pk)
