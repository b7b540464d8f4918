"""Admin of cooperation links and case networks."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin_base import ServiceBackedAdmin, ServiceBackedInline, ServiceModelForm
from network.models import Case, CaseInvolvement, CooperationLink
from network.services import (
    case_create,
    case_involvement_add,
    case_involvement_remove,
    case_update,
    link_create,
    link_update,
)
from territory.admin import DistrictListFilter

# ------------------------------------------------------------------------------------------ cooperation links --


@admin.register(CooperationLink)
class CooperationLinkAdmin(ServiceBackedAdmin):
    list_display = (
        "source",
        "target",
        "kind",
        "directed",
        "strength",
        "status",
        "formalized",
        "confirmed_on",
        "district",
    )
    list_filter = ("kind", "status", "formalized", "directed", "strength", "region", DistrictListFilter)
    search_fields = ("source__name", "target__name", "source__ico", "target__ico", "note")
    autocomplete_fields = ("source", "target", "evidence")
    list_select_related = ("source", "target", "district")
    readonly_fields = ("region", "district", "confirmed_on", "created_at", "updated_at")
    readonly_on_change = ("source", "target")
    fieldsets = (
        (None, {"fields": ("source", "target", "kind", "directed", "strength", "status")}),
        (_("Agreement and duration"), {"fields": ("formalized", "agreement_date", "since", "until")}),
        (_("Evidence"), {"fields": ("evidence", "confirmed_on", "note")}),
        (_("Record"), {"fields": ("region", "district", "created_at", "updated_at", "change_reason")}),
    )

    def create(self, request, form, data, reason):
        return link_create(actor=request.user, reason=reason, **data)

    def update(self, request, obj, form, data, reason):
        return link_update(actor=request.user, link=obj, data=data, reason=reason)


# ---------------------------------------------------------------------------------------------- case networks --


class CaseInvolvementInline(ServiceBackedInline):
    """Organisations involved in a case: added and removed by the services; an involvement is not edited."""

    model = CaseInvolvement
    fields = ("organization", "role", "since", "until")
    autocomplete_fields = ("organization",)
    can_delete = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organization")

    def has_change_permission(self, request, obj=None):
        return False

    def create(self, request, parent, form, data):
        return case_involvement_add(actor=request.user, case=parent, **data)

    def remove(self, request, obj):
        case_involvement_remove(actor=request.user, involvement=obj)


@admin.register(Case)
class CaseAdmin(ServiceBackedAdmin):
    list_display = ("reference", "ospod", "status", "opened_on", "closed_on", "district")
    list_filter = ("status", "region", DistrictListFilter)
    search_fields = ("reference", "ospod__name")
    autocomplete_fields = ("ospod",)
    list_select_related = ("ospod", "district")
    readonly_fields = ("region", "district", "created_at", "updated_at")
    readonly_on_change = ("ospod",)
    date_hierarchy = "opened_on"
    fieldsets = (
        (None, {"fields": ("reference", "ospod", "status", "opened_on", "closed_on")}),
        (_("Record"), {"fields": ("region", "district", "created_at", "updated_at", "change_reason")}),
    )
    inlines = (CaseInvolvementInline,)

    def create(self, request, form, data, reason):
        return case_create(actor=request.user, reason=reason, **data)

    def update(self, request, obj, form, data, reason):
        return case_update(actor=request.user, case=obj, data=data, reason=reason)


@admin.register(CaseInvolvement)
class CaseInvolvementAdmin(ServiceBackedAdmin):
    """Involvements are added and removed (no service changes one): the change page only shows it."""

    form = ServiceModelForm  # case_involvement_add takes no reason
    list_display = ("case", "organization", "role", "since", "until", "district")
    list_filter = ("role", "region", DistrictListFilter)
    search_fields = ("case__reference", "organization__name")
    autocomplete_fields = ("case", "organization")
    list_select_related = ("case", "organization", "district")
    readonly_fields = ("region", "district", "created_at", "updated_at")
    fields = ("case", "organization", "role", "since", "until", "region", "district", "created_at", "updated_at")
    can_remove = True

    def has_change_permission(self, request, obj=None):
        return False

    def create(self, request, form, data, reason):
        return case_involvement_add(actor=request.user, **data)

    def remove(self, request, obj):
        case_involvement_remove(actor=request.user, involvement=obj)


# ------------------------------------------------------------------------------------------------------- jobs --
