"""The gate of two-factor sign-in for every request signed in by the session."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils.translation import gettext as _

from permissions.two_factor.services import has_two_factor, two_factor_required


class TwoFactorMiddleware:
    """Every request of a session that has not given a code is checked against the user as they are now, not as they
    were at sign-in: a user who has a device (enrolled since, in another session) is signed out of this one, so a
    password alone never keeps a session nor replaces the device; a user who must use 2FA (made a lead since) and has
    none is sent to enrol before anything else. Both facts come without a query of their own: whether the user has a
    device is read with the user (permissions.signin.UserBackend), the roles with the user's scope, which the page reads
    anyway."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified():
            if has_two_factor(user):
                logout(request)
                return self._refuse(request, "login", _("Sign in again with your code."))
            if two_factor_required(user) and not self._allowed_while_enrolling(request.path_info):
                return self._refuse(request, "two-factor-enrol", _("Set up two-factor sign-in before you continue."))
        return self.get_response(request)

    @staticmethod
    def _allowed_while_enrolling(path: str) -> bool:
        allowed = [
            reverse("two-factor-enrol"),
            reverse("two-factor-recovery-codes"),
            reverse("logout"),
            reverse("set_language"),
            "/" + settings.STATIC_URL.lstrip("/"),
        ]
        return any(path.startswith(prefix) for prefix in allowed)

    @staticmethod
    def _refuse(request, url_name: str, message: str):
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": message}, status=403)
        target = resolve_url(url_name)
        if url_name == "login":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)
