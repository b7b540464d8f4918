"""Sign-in protection around django-axes: the client's address, the lockout backend, the lockout page and its log.

django-axes counts failed sign-ins (the HTML login, the admin's login, the API token) per account and per address in
its own tables and refuses the account or address after AXES_FAILURE_LIMIT failures; the settings are in
config/settings.py ("Sign-in hardening"). What is here is only what axes asks the project for.
"""

import ipaddress
import logging

from axes.backends import AxesStandaloneBackend
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.dispatch import receiver
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from rest_framework.throttling import BaseThrottle

from permissions.two_factor.services import HAS_DEVICE_ATTRIBUTE, confirmed_device_exists

log = logging.getLogger(__name__)

# AccessAttempt.username is a CharField(max_length=255): a longer guess (the API's serializer sets no maximum) would
# fail to save on PostgreSQL. No account has a longer name (150 at most), so the cut changes whom nothing is counted for.
_USERNAME_MAX = 255


def client_address(request) -> str | None:
    """The address a request came from, by DRF's NUM_PROXIES rule (DJANGO_NUM_PROXIES): REMOTE_ADDR, or behind N
    trusted proxies the Nth address from the end of X-Forwarded-For; so API throttles and lockouts count the same
    client. A forwarded value that is no address at all (a misconfigured proxy) falls back to REMOTE_ADDR, since axes
    stores it in an address column."""
    address = BaseThrottle().get_ident(request)
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return request.META.get("REMOTE_ADDR")
    return address


def attempted_username(request, credentials: dict | None) -> str | None:
    """The user name a sign-in attempt named (from the credentials, else the posted form), cut to what axes stores."""
    if credentials:
        username = credentials.get(settings.AXES_USERNAME_FORM_FIELD)
    else:
        username = getattr(request, "data", request.POST).get(settings.AXES_USERNAME_FORM_FIELD)
    if username is None:
        return None
    return str(username)[:_USERNAME_MAX]


class LockoutBackend(AxesStandaloneBackend):
    """Refuses a locked-out account or address before any password is checked (first in AUTHENTICATION_BACKENDS).

    A sign-in over HTTP always passes its request (Django's login forms, the admin's, DRF's token serializer); a
    call without one (the test client's login(), a management command) has no address to count, and is left to the
    backends after this one instead of failing as axes' own backend does."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


class UserBackend(ModelBackend):
    """Django's own backend, reading with the signed-in user of a session whether they have a confirmed second factor
    (one EXISTS in the query that loads the user), so that the 2FA gate checks every request at no extra query."""

    def get_user(self, user_id):
        user = (
            get_user_model()
            ._default_manager.filter(pk=user_id)
            .annotate(**{HAS_DEVICE_ATTRIBUTE: confirmed_device_exists()})
            .first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None


def lockout_minutes() -> int | None:
    """How long a lockout lasts, in minutes (None: until a lead or an administrator unlocks it)."""
    cooloff = settings.AXES_COOLOFF_TIME
    return int(cooloff.total_seconds() // 60) if cooloff else None


def lockout_message() -> str:
    """The message a locked-out sign-in gets, in the user's language."""
    minutes = lockout_minutes()
    if minutes:
        return _(
            "Too many failed sign-in attempts: signing in to this account or from this address is blocked for "
            "%(minutes)s min. Your regional lead or an administrator can unlock it sooner."
        ) % {"minutes": minutes}
    return _(
        "Too many failed sign-in attempts: signing in to this account or from this address is blocked until "
        "your regional lead or an administrator unlocks it."
    )


def lockout_response(request, original_response=None, credentials=None) -> HttpResponse:
    """What a refused sign-in answers (AXES_LOCKOUT_CALLABLE): the login page with the lockout message, 429."""
    status = settings.AXES_HTTP_RESPONSE_CODE
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": lockout_message()}, status=status)
    return render(request, "registration/locked_out.html", {"lockout_message": lockout_message()}, status=status)


@receiver(user_locked_out)
def log_lockout(sender, request, username, ip_address, **kwargs) -> None:
    """Every refused sign-in past the limit is a warning in the log (axes keeps the attempts in its own tables)."""
    log.warning(
        "Sign-in locked out: account %r, address %s, path %s", username, ip_address, getattr(request, "path", "?")
    )
