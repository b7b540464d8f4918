"""The contact persons of the organisation card: add, change and erase on request (written by contacts.services)."""

from functools import cached_property

from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from contacts.forms import ContactEraseForm, ContactForm
from contacts.models import Contact
from contacts.services import contact_create, contact_erase, contact_update
from core.views import ChildFormMixin, RecordFormView
from organizations.models import Organization


class ContactCreateView(ChildFormMixin, RecordFormView):
    """A new contact person at the organisation (one the user may change), back to its card when done."""

    model = Organization
    parent_url = "organization-detail"
    form_class = ContactForm
    success_message = _("The contact person %(object)s has been added.")

    @property
    def title(self):
        return _("New contact person at %(organization)s") % {"organization": self.parent}

    def save(self, form):
        data = dict(form.cleaned_data)
        return contact_create(actor=self.request.user, organization=self.parent, reason=data.pop("reason"), **data)


class ContactMixin:
    """A view of one contact person the user may change (an erased one is gone: nothing is left to change)."""

    model = Contact
    action = "change"

    def get_queryset(self):
        return super().get_queryset().filter(erased_at__isnull=True).select_related("organization")

    @cached_property
    def contact(self) -> Contact:
        return self.get_scoped_object(pk=self.kwargs["pk"])

    def back_url(self) -> str:
        return reverse("organization-detail", args=[self.contact.organization_id]) + "#contacts"


class ContactEditView(ContactMixin, RecordFormView):
    """Change a contact person's details."""

    form_class = ContactForm
    success_message = _("The contact person %(object)s has been saved.")

    @property
    def title(self):
        return f"{self.contact.name} · {self.contact.organization}"

    def get_initial(self):
        return model_to_dict(self.contact, fields=ContactForm.base_fields)

    def save(self, form):
        return contact_update(
            actor=self.request.user, contact=self.contact, data=self.changes(form), reason=form.cleaned_data["reason"]
        )


class ContactEraseView(ContactMixin, RecordFormView):
    """Erase a person's data on request, after a confirmation that says what happens and asks for the legal ground."""

    form_class = ContactEraseForm
    template_name = "contacts/contact_erase.html"
    success_message = _("The contact person's data have been erased.")

    @property
    def title(self):
        return _("Erase the contact person %(name)s") % {"name": self.contact.name}

    def get_context_data(self, **kwargs):
        return super().get_context_data(contact=self.contact, **kwargs)

    def save(self, form):
        return contact_erase(actor=self.request.user, contact=self.contact, ground=form.cleaned_data["ground"])
