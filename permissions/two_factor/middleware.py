"""The gate of two-factor sign-in for every request signed in by the session."""
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import JsonResponse
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils.translation import gettext as _

from permissions.two_factor.services import has_two_factor, two_factor_required

# What the session knows of its user's second factor, worked out when the user signs in (or, for a session from
# before this gate, on its first unverified request): a signed-in page then costs no query for it.
STATE_KEY = "sitar_2fa_state"
NOT_NEEDED, MUST_ENROL, SKIPPED_CODE = "none", "enrol", "skipped"


def state_of(user) -> str:
    """NOT_NEEDED, MUST_ENROL (required, no device yet) or SKIPPED_CODE (has a device: a session must give its code)."""
    if has_two_factor(user):
        return SKIPPED_CODE
    return MUST_ENROL if two_factor_required(user) else NOT_NEEDED


def two_factor_state(request) -> str:
    """The state of the signed-in user of this session."""
    state = request.session.get(STATE_KEY)
    if state is None:
        state = request.session[STATE_KEY] = state_of(request.user)
    return state


@receiver(user_logged_in)
def remember_two_factor_state(sender, request, user, **kwargs):
    """At every sign-in to a session (not an API token's), the state of the user who signed in."""
    session = getattr(request, "session", None)
    if session is not None and session.get(SESSION_KEY) == str(user.pk):
        session[STATE_KEY] = state_of(user)


class TwoFactorMiddleware:
    """A user who must use 2FA and has none is sent to enrol before anything else; a session of a user with a device
    that never passed the code step (signed in before the device was added, or by some other door) is ended."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified():
            state = two_factor_state(request)
            if state == MUST_ENROL and has_two_factor(user):
                # Enrolled in another session meanwhile: this one must give a code too, not set up a device over it.
                state = request.session[STATE_KEY] = SKIPPED_CODE
            if state == SKIPPED_CODE:
                logout(request)
                return self._refuse(request, "login", _("Sign in again with your code."))
            if state == MUST_ENROL and not self._allowed_while_enrolling(request.path_info):
                return self._refuse(request, "two-factor-enrol",
                                    _("Set up two-factor sign-in before you continue."))
        return self.get_response(request)

    @staticmethod
    def _allowed_while_enrolling(path: str) -> bool:
        allowed = [reverse("two-factor-enrol"), reverse("two-factor-recovery-codes"), reverse("logout"),
                   reverse("set_language"), "/" + settings.STATIC_URL.lstrip("/")]
        return any(path.startswith(prefix) for prefix in allowed)

    @staticmethod
    def _refuse(request, url_name: str, message: str):
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": message}, status=403)
        target = resolve_url(url_name)
        if url_name == "login":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)
