"""Admin of contact persons (written through the services, erased on request, also inline on their organisation) and
the log of erasures."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import transaction
from django.template import engines
from django.template.response import TemplateResponse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from contacts.models import Contact, ContactErasure, ErasureGround
from contacts.services import contact_create, contact_erase, contact_update
from core.admin_base import (
    ReadOnlyAdmin,
    ReasonModelForm,
    ServiceBackedAdmin,
    ServiceBackedInline,
    ServiceModelForm,
    is_superuser,
)
from organizations.admin import OrganizationAdmin
from territory.admin import DistrictListFilter

# Contact.name shares its msgid "name" with the names of organisations and places, which Czech calls "název"; a
# person has "jméno a příjmení".
PERSON_NAME_LABELS = {"name": _("full name")}

# The confirmation page of the erasure (an admin intermediate page, like the one of "delete selected").
ERASE_CONFIRMATION = engines["django"].from_string("""{% extends "admin/base_site.html" %}{% load i18n admin_urls %}
{% block bodyclass %}{{ block.super }} app-{{ opts.app_label }} model-{{ opts.model_name }} delete-confirmation\
{% endblock %}
{% block breadcrumbs %}<div class="breadcrumbs">
<a href="{% url 'admin:index' %}">{% translate 'Home' %}</a>
&rsaquo; <a href="{% url 'admin:app_list' app_label=opts.app_label %}">{{ opts.app_config.verbose_name }}</a>
&rsaquo; <a href="{% url opts|admin_urlname:'changelist' %}">{{ opts.verbose_name_plural|capfirst }}</a>
&rsaquo; {{ title }}</div>{% endblock %}
{% block content %}
<p>{{ explanation }}</p>
<ul>{% for contact in contacts %}<li>{{ contact.name }} ({{ contact.organization }})</li>{% endfor %}</ul>
<form method="post">{% csrf_token %}
<fieldset class="module aligned">{% for field in form %}<div class="form-row">{{ field.errors }}
{{ field.label_tag }} {{ field }}{% if field.help_text %}<div class="help">{{ field.help_text }}</div>{% endif %}
</div>{% endfor %}</fieldset>
{% for contact in contacts %}<input type="hidden" name="{{ checkbox_name }}" value="{{ contact.pk }}">{% endfor %}
<input type="hidden" name="action" value="erase_personal_data">
<input type="hidden" name="post" value="yes">
<div class="submit-row"><input type="submit" value="{{ submit_label }}">
<a href="{% url opts|admin_urlname:'changelist' %}" class="button cancel-link">{{ cancel_label }}</a></div>
</form>
{% endblock %}
""")


class ErasureForm(forms.Form):
    ground = forms.ChoiceField(
        label=capfirst(_("legal ground of the erasure")),
        choices=ErasureGround.choices,
        widget=forms.RadioSelect,
        help_text=_("It is kept in the log of erasures, with who erased and when; nothing about the person."),
    )


class ContactForm(ReasonModelForm):
    class Meta:
        model = Contact
        fields = "__all__"
        labels = PERSON_NAME_LABELS


class ContactInlineForm(ServiceModelForm):
    class Meta:
        model = Contact
        fields = "__all__"
        labels = PERSON_NAME_LABELS


class ContactInline(ServiceBackedInline):
    """Contact persons of the organisation; erased ones only in the list of contact persons."""

    model = Contact
    form = ContactInlineForm
    fields = ("name", "position", "email", "phone", "legal_basis", "consent_on", "shareable_with_ospod")
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).filter(erased_at__isnull=True)

    def create(self, request, parent, form, data):
        return contact_create(actor=request.user, organization=parent, **data)

    def update(self, request, obj, form, data):
        return contact_update(actor=request.user, contact=obj, data=data)


# The organisation's page in the admin lists its contact persons after its services.
OrganizationAdmin.extra_inlines.append(ContactInline)


@admin.register(Contact)
class ContactAdmin(ServiceBackedAdmin):
    form = ContactForm
    list_display = (
        "full_name",
        "organization",
        "position",
        "email",
        "phone",
        "legal_basis",
        "shareable_with_ospod",
        "is_erased",
    )
    list_filter = (
        "legal_basis",
        "shareable_with_ospod",
        ("erased_at", admin.EmptyFieldListFilter),
        "region",
        DistrictListFilter,
    )
    search_fields = ("name", "email", "position", "organization__name")
    autocomplete_fields = ("organization",)
    list_select_related = ("organization",)
    readonly_fields = ("region", "district", "erased_at", "created_at", "updated_at")
    readonly_on_change = ("organization",)
    autocomplete_select_related = ("organization",)
    fieldsets = (
        (None, {"fields": ("organization", "name", "position", "email", "phone")}),
        (_("Consent and sharing"), {"fields": ("legal_basis", "consent_on", "shareable_with_ospod")}),
        (_("Record"), {"fields": ("region", "district", "erased_at", "created_at", "updated_at", "change_reason")}),
    )
    actions = ("erase_personal_data",)

    def get_queryset(self, request):
        # For the autocomplete labels too (the changelist skips list_select_related when this selects anything).
        return super().get_queryset(request).select_related(*self.list_select_related)

    @staticmethod
    def autocomplete_label(obj: Contact) -> str:
        return f"{obj.name} ({obj.organization.name})"

    @admin.display(description=_("full name"), ordering="name")
    def full_name(self, obj: Contact) -> str:
        return obj.name

    @admin.display(description=_("erased"), boolean=True, ordering="erased_at")
    def is_erased(self, obj: Contact) -> bool:
        return obj.is_erased

    def has_change_permission(self, request, obj=None):
        # An erased person stays erased: editing the record would bring personal data back.
        if obj is not None and obj.is_erased:
            return False
        return super().has_change_permission(request, obj)

    def has_erase_permission(self, request) -> bool:
        return is_superuser(request)

    def create(self, request, form, data, reason):
        return contact_create(actor=request.user, reason=reason, **data)

    def update(self, request, obj, form, data, reason):
        return contact_update(actor=request.user, contact=obj, data=data, reason=reason)

    @admin.action(description=_("Erase personal data (on request)"), permissions=["erase"])
    def erase_personal_data(self, request, queryset):
        """Ask for the legal ground, then erase the selected people's data (the records stay, anonymised)."""
        contacts = [contact for contact in queryset if not contact.is_erased]
        if not contacts:
            self.message_user(request, _("The selected contact persons are already erased."), messages.WARNING)
            return None
        form = ErasureForm(request.POST if request.POST.get("post") else None)
        if form.is_valid():
            with transaction.atomic():
                for contact in contacts:
                    contact_erase(actor=request.user, contact=contact, ground=form.cleaned_data["ground"])
            count = len(contacts)
            self.message_user(
                request,
                ngettext(
                    "The personal data of %(count)d contact person were erased.",
                    "The personal data of %(count)d contact persons were erased.",
                    count,
                )
                % {"count": count},
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Erase personal data"),
            "explanation": _(
                "The name, position, e-mail and phone of these people will be removed from the records and from "
                "their history. This cannot be undone. The records stay, so meetings still show that a person of "
                "the organisation took part."
            ),
            "submit_label": _("Yes, erase the personal data"),
            "cancel_label": _("No, take me back"),
            "contacts": contacts,
            "form": form,
            "opts": self.opts,
            "checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, ERASE_CONFIRMATION, context)


@admin.register(ContactErasure)
class ContactErasureAdmin(ReadOnlyAdmin):
    """The log of erasures: written by contact_erase only."""

    list_display = ("erased_at", "organization", "contact", "erased_by", "ground")
    list_filter = ("ground",)
    search_fields = ("organization__name",)
    list_select_related = ("organization", "contact", "erased_by")
    date_hierarchy = "erased_at"
