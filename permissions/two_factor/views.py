"""Sign-in in two steps (password, then a code) and the page where users manage their own second factor."""

import time
from base64 import b32encode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView, TemplateView
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from permissions.login import LoginView
from permissions.two_factor.forms import CodeForm, EnrolForm
from permissions.two_factor.services import (
    has_two_factor,
    recovery_codes_regenerate,
    totp_device_confirm,
    totp_device_start,
    two_factor_remove,
    two_factor_required,
)

# Between the two steps the session holds who gave the right password, by which backend, when, and where to go next.
PENDING_KEY = "sitar_2fa_pending"
# The code step must follow the password within this many seconds.
PENDING_SECONDS = 300
# The TOTP device being set up, and the recovery codes waiting to be shown once.
ENROLLING_KEY = "sitar_2fa_enrolling"
CODES_KEY = "sitar_2fa_codes"


class SignInView(LoginView):
    """The password step: a user without a device is signed in; one with a device goes on to the code step."""

    def form_valid(self, form):
        user = form.get_user()
        if not has_two_factor(user):
            return super().form_valid(form)
        self.request.session[PENDING_KEY] = {
            "user": user.pk,
            "backend": user.backend,
            "at": time.time(),
            "next": self.get_success_url(),
            "shared_device": bool(form.cleaned_data.get("shared_device")),
        }
        return redirect("login-code")


@method_decorator([login_not_required, sensitive_post_parameters(), csrf_protect, never_cache], name="dispatch")
class SignInCodeView(FormView):
    """The code step: a code of the user's device (or a recovery code) finishes the sign-in."""

    template_name = "two_factor/code.html"
    form_class = CodeForm

    def dispatch(self, request, *args, **kwargs):
        pending = request.session.get(PENDING_KEY)
        self.user = None
        if pending and time.time() - pending["at"] < PENDING_SECONDS:
            self.user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
        if self.user is None:
            request.session.pop(PENDING_KEY, None)
            return redirect("login")
        self.pending = pending
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.user}

    def form_valid(self, form):
        self.request.session.pop(PENDING_KEY)
        login(self.request, self.user, backend=self.pending["backend"])
        otp_login(self.request, form.device)
        if self.pending.get("shared_device"):
            self.request.session.set_expiry(0)  # as permissions.login does for a sign-in without a code
        if isinstance(form.device, StaticDevice):
            messages.warning(
                self.request,
                _("You signed in with a recovery code: it no longer works. Recovery codes left: %(count)d.")
                % {"count": form.device.token_set.count()},
            )
        target = self.pending["next"]
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={self.request.get_host()}):
            target = settings.LOGIN_REDIRECT_URL
        return HttpResponseRedirect(target)


class TwoFactorView(LoginRequiredMixin, FormView):
    """The user's own second factor: whether it is on; with a fresh code, new recovery codes or its removal."""

    template_name = "two_factor/overview.html"
    form_class = CodeForm
    actions = ("regenerate", "remove")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(has_device=has_two_factor(user), required=two_factor_required(user), **kwargs)

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") not in self.actions or not has_two_factor(request.user):
            return redirect("two-factor")
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        user = self.request.user
        if self.request.POST["action"] == "regenerate":
            self.request.session[CODES_KEY] = recovery_codes_regenerate(actor=user)
            return redirect("two-factor-recovery-codes")
        two_factor_remove(actor=user)
        self.request.session.pop(DEVICE_ID_SESSION_KEY, None)
        messages.success(self.request, _("Two-factor sign-in is off."))
        return redirect("two-factor")


class EnrolView(LoginRequiredMixin, FormView):
    """Set up an authenticator: the key is shown once (QR code and text), the first code confirms it."""

    template_name = "two_factor/enrol.html"
    form_class = EnrolForm

    def dispatch(self, request, *args, **kwargs):
        # A device is replaced only by removing it first, which takes one of its codes: a session left open on a
        # shared tablet cannot bind somebody else's authenticator to the account.
        if request.user.is_authenticated and has_two_factor(request.user):
            messages.info(request, _("To set up another authenticator, first turn off the current one with its code."))
            return redirect("two-factor")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        request.session[ENROLLING_KEY] = totp_device_start(actor=request.user).pk
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if request.session.get(ENROLLING_KEY) is None:
            return redirect("two-factor-enrol")
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            device, codes = totp_device_confirm(
                actor=self.request.user, device_id=self.request.session[ENROLLING_KEY], code=form.cleaned_data["code"]
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        del self.request.session[ENROLLING_KEY]
        otp_login(self.request, device)
        self.request.session[CODES_KEY] = codes
        messages.success(self.request, _("Two-factor sign-in is on."))
        return redirect("two-factor-recovery-codes")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        device = TOTPDevice.objects.filter(
            pk=self.request.session.get(ENROLLING_KEY), user=self.request.user, confirmed=False
        ).first()
        if device is not None:
            # segno draws the QR code as SVG markup of its own (no user input in it): shown inline, no image request.
            context["qr_svg"] = mark_safe(
                segno.make(device.config_url, error="m").svg_inline(
                    scale=4, title=_("QR code for the authenticator app")
                )
            )
            context["secret"] = " ".join(_chunks(b32encode(device.bin_key).decode(), 4))
        return context


class RecoveryCodesView(LoginRequiredMixin, TemplateView):
    """New recovery codes, shown once: the page empties itself after the first view."""

    template_name = "two_factor/recovery_codes.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(codes=self.request.session.pop(CODES_KEY, None), **kwargs)


def _chunks(text: str, size: int) -> list[str]:
    return [text[i : i + size] for i in range(0, len(text), size)]
