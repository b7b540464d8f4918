"""Forms of contact persons: their data (written by contacts.services) and the erasure of it on request."""

from django import forms
from django.utils.translation import gettext_lazy as _

from contacts.models import Contact, ErasureGround
from core.forms import record_form

CONTACT_FORM_FIELDS = ["name", "position", "email", "phone", "legal_basis", "consent_on", "shareable_with_ospod"]


class ContactForm(record_form(Contact, CONTACT_FORM_FIELDS)):
    """A contact person at an organisation, with the legal basis for keeping the data."""


class ContactEraseForm(forms.Form):
    """The legal ground of the erasure: the log keeps it, and nothing typed (a typed note would quote the person)."""

    ground = forms.ChoiceField(
        label=_("Legal ground of the erasure"),
        choices=[("", "---------"), *ErasureGround.choices],
        help_text=_(
            "Kept in the log of erasures with who erased and when. Keep the person's request itself in your "
            "organisation's records, not here."
        ),
    )
