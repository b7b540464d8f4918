"""Síťař's default admin site (config.admin_apps): superusers only, after their second factor where 2FA is required,
signing in through the two-step sign-in of permissions.two_factor."""

from django.conf import settings
from django.contrib import admin
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from core.admin_base import LabelledAutocompleteJsonView, is_superuser
from permissions.two_factor.views import SignInView


class SitarAdminSite(admin.AdminSite):
    """The project's default admin site: superusers only (it is not scoped), labelled autocomplete answers."""

    site_header = _("Síťař administration")
    site_title = _("Síťař administration")
    index_title = _("Records and codelists")

    def has_permission(self, request) -> bool:
        # Every page of the site, users, groups and API tokens included, is for superusers: nothing in it is scoped.
        # And only after a code of their second factor, where 2FA is required (permissions.two_factor).
        verified = not settings.SITAR_2FA_REQUIRED or getattr(request.user, "is_verified", bool)()
        return is_superuser(request) and verified

    def login(self, request, extra_context=None):
        # The one sign-in of the site, in two steps: the admin's own form would take a password alone.
        if request.method == "GET" and self.has_permission(request):
            return redirect("admin:index")
        return SignInView.as_view(next_page="admin:index", redirect_authenticated_user=False)(request)

    def autocomplete_view(self, request):
        return LabelledAutocompleteJsonView.as_view(admin_site=self)(request)
