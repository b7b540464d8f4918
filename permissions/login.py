"""The sign-in page: Django's login with a "shared device" choice that ends the session when the browser closes."""

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """User name and password, and whether this is a public or shared device."""

    shared_device = forms.BooleanField(
        required=False, label=_("Public / shared device – sign me out when the browser closes")
    )


class LoginView(auth_views.LoginView):
    """Django's login; on a shared device the session cookie lasts only until the browser closes."""

    form_class = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        # After login(): it may flush or cycle the session, and set_expiry(0) must hold for the signed-in session.
        # The idle timeout (SESSION_COOKIE_AGE) still ends such a session on the server when it is left open.
        if form.cleaned_data.get("shared_device"):
            self.request.session.set_expiry(0)
        return response


class LogoutView(auth_views.LogoutView):
    """Django's logout; the browser also empties its cache for the site (the network map's drawing data is the one
    answer it may keep, always revalidated) and its storage (the offline app's IndexedDB copy of the territory, its Cache
    Storage and service worker), so nothing of the user stays on a shared tablet. Browsers honour Clear-Site-Data only
    in a secure context (HTTPS, or http://localhost); the sign-out form's script (offline/src/register.js wireSignOut)
    wipes the same before it sends the form."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response
