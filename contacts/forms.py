"""Forms of contact persons: their data (written by contacts.services) and the erasure of it on request."""
from django import forms
from django.utils.translation import gettext_lazy as _

from contacts.models import Contact
from network.ui import DATE_WIDGET
from organizations.forms import model_form_fields

CONTACT_FORM_FIELDS = ["name", "position", "email", "phone", "legal_basis", "consent_on", "shareable_with_ospod"]


class ContactForm(model_form_fields(Contact, CONTACT_FORM_FIELDS, widgets={"consent_on": DATE_WIDGET})):
    """A contact person at an organisation, with the legal basis for keeping the data."""


class ContactEraseForm(forms.Form):
    """Why the person's data is erased: kept in the erasure log (which holds no personal data)."""

    reason = forms.CharField(
        label=_("Reason for the erasure"), max_length=255,
        help_text=_("For example: the person asked for it by e-mail on 3 March 2026."),
    )
