"""The forms of two-factor sign-in: a code from the authenticator app or a recovery code."""

from django import forms
from django.utils.translation import gettext_lazy as _

from permissions.two_factor.services import INVALID_CODE, device_for_code


class CodeForm(forms.Form):
    """A code of the user's devices; a valid one is used up (a TOTP code for its time step, a recovery code for good)."""

    code = forms.CharField(
        label=_("Code from the authenticator app or a recovery code"),
        max_length=32,
        strip=True,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = None

    def clean_code(self):
        code = self.cleaned_data["code"]
        self.device = device_for_code(user=self.user, code=code)
        if self.device is None:
            raise forms.ValidationError(INVALID_CODE, code="invalid")
        return code


class EnrolForm(forms.Form):
    """The first code of a new authenticator, which proves it was set up right."""

    code = forms.CharField(
        label=_("Code from the authenticator app"),
        max_length=32,
        strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
