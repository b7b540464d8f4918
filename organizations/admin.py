"""Admin of organisations and their services (written through the services) and of the codelists (read-only)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin_base import ReadOnlyAdmin, ReasonModelForm, ServiceBackedAdmin, ServiceBackedInline
from organizations.models import Organization, Service, ServiceForm, ServiceKind, TargetGroup
from organizations.services import (
    organization_create,
    organization_update,
    organization_verify,
    service_create,
    service_update,
)
from territory.admin import DistrictInitialMixin, DistrictListFilter, district_field

# ------------------------------------------------------------------------------------------------- codelists --


@admin.register(ServiceKind)
class ServiceKindAdmin(ReadOnlyAdmin):
    list_display = (
        "name",
        "paragraph",
        "name_en",
        "code",
        "category",
        "registrable",
        "is_key",
        "registry_code",
        "sort_order",
    )
    list_filter = ("category", "registrable", "is_key")
    search_fields = ("name", "name_en", "code", "paragraph")


@admin.register(TargetGroup)
class TargetGroupAdmin(ReadOnlyAdmin):
    list_display = ("name", "name_en", "code", "registry_name", "sort_order")
    search_fields = ("name", "name_en", "code")


@admin.register(ServiceForm)
class ServiceFormAdmin(ReadOnlyAdmin):
    list_display = ("name", "name_en", "code", "registry_code", "sort_order")
    search_fields = ("name", "name_en", "code")


# --------------------------------------------------------------------------------------------- organisations --


class OrganizationForm(DistrictInitialMixin, ReasonModelForm):
    """The organisation's own fields, plus the district for an organisation whose address is not kept."""

    district = district_field(
        Organization,
        required=False,
        help_text=_("Only for an organisation without an address; otherwise the municipality decides the district."),
    )

    class Meta:
        model = Organization
        exclude = ("district",)  # a model field the services set; the form field above only feeds them


class ServiceInline(ServiceBackedInline):
    model = Service
    fields = ("name", "kind", "status", "capacity", "active_from", "active_until")
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("kind")

    def create(self, request, parent, form, data):
        return service_create(actor=request.user, organization=parent, **data)

    def update(self, request, obj, form, data):
        return service_update(actor=request.user, service=obj, data=data)


@admin.register(Organization)
class OrganizationAdmin(ServiceBackedAdmin):
    form = OrganizationForm
    list_display = ("name", "kind", "ico", "municipality", "district", "status", "verified_at")
    list_filter = ("kind", "status", "region", DistrictListFilter, ("verified_at", admin.EmptyFieldListFilter))
    search_fields = ("name", "ico", "municipality__name", "district__name", "email")
    autocomplete_fields = ("municipality", "served_districts")
    list_select_related = ("municipality", "district")
    readonly_fields = ("region", "verified_at", "verified_by", "verified_in", "created_at", "updated_at")
    autocomplete_select_related = ("district",)
    fieldsets = (
        (None, {"fields": ("name", "kind", "ico", "status", "description")}),
        (
            _("Address"),
            {"fields": ("street", "postcode", "municipality", "district", "region", "latitude", "longitude")},
        ),
        (_("Contact details"), {"fields": ("web", "email", "phone")}),
        (_("Reach"), {"fields": ("served_districts",)}),
        (_("Verification"), {"fields": ("verified_at", "verified_by", "verified_in")}),
        (_("Record"), {"fields": ("created_at", "updated_at", "change_reason")}),
    )
    inlines = (ServiceInline,)
    # The inlines the apps above organizations add in their admin modules (contacts: the contact persons).
    extra_inlines: list = []
    actions = ("verify",)

    def get_queryset(self, request):
        # Autocomplete labels need the district; a queryset that already selects related rows makes the changelist
        # skip list_select_related, so this one selects all of them.
        return super().get_queryset(request).select_related(*self.list_select_related)

    def get_inlines(self, request, obj):
        return [*super().get_inlines(request, obj), *self.extra_inlines]

    @staticmethod
    def autocomplete_label(obj: Organization) -> str:
        # Many organisations are called "Základní škola" or "Městský úřad": the ORP tells them apart.
        return f"{obj.name} ({obj.district.name})"

    @staticmethod
    def _placement(form, data: dict) -> dict:
        # With an address the municipality decides the district: the district field counts when there is no
        # municipality, or when it was changed on purpose (the service then checks that the two agree).
        if data.get("municipality") is not None and "district" not in form.changed_data:
            data.pop("district", None)
        return data

    def create(self, request, form, data, reason):
        return organization_create(actor=request.user, reason=reason, **self._placement(form, data))

    def update(self, request, obj, form, data, reason):
        return organization_update(
            actor=request.user, organization=obj, data=self._placement(form, data), reason=reason
        )

    @admin.action(description=_("Mark as verified now (by me)"), permissions=["change"])
    def verify(self, request, queryset):
        try:
            with transaction.atomic():
                for organization in queryset:
                    organization_verify(actor=request.user, organization=organization)
        except ValidationError as exc:
            self.message_user(request, "; ".join(exc.messages), messages.ERROR)
            return
        count = len(queryset)
        self.message_user(
            request,
            ngettext("%(count)d organisation marked as verified.", "%(count)d organisations marked as verified.", count)
            % {"count": count},
            messages.SUCCESS,
        )


# -------------------------------------------------------------------------------------------------- services --


class ServiceAdminForm(ReasonModelForm):
    class Meta:
        model = Service
        fields = "__all__"
        # A handful of forms and target groups: checkboxes read better than a multiple select.
        widgets = {"forms": forms.CheckboxSelectMultiple, "target_groups": forms.CheckboxSelectMultiple}


@admin.register(Service)
class ServiceAdmin(ServiceBackedAdmin):
    form = ServiceAdminForm
    list_display = ("name", "organization", "kind", "status", "capacity", "district", "registry_id")
    list_filter = (
        "status",
        ("kind", admin.RelatedOnlyFieldListFilter),
        "kind__category",
        "kind__is_key",
        "region",
        DistrictListFilter,
    )
    search_fields = ("name", "organization__name", "registry_id")
    autocomplete_fields = ("organization", "served_districts")
    list_select_related = ("organization", "kind", "district")
    readonly_fields = ("region", "district", "created_at", "updated_at")
    readonly_on_change = ("organization",)
    fieldsets = (
        (None, {"fields": ("organization", "name", "kind", "status", "registry_id", "description")}),
        (_("For whom and how"), {"fields": ("forms", "target_groups", "age_from", "age_to", "served_districts")}),
        (_("Capacity and duration"), {"fields": ("capacity", "capacity_note", "active_from", "active_until")}),
        (_("Record"), {"fields": ("region", "district", "created_at", "updated_at", "change_reason")}),
    )

    def create(self, request, form, data, reason):
        return service_create(actor=request.user, reason=reason, **data)

    def update(self, request, obj, form, data, reason):
        return service_update(actor=request.user, service=obj, data=data, reason=reason)
