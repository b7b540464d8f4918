"""Admin of role assignments (given by role_assign, taken by role_revoke, never edited) and of the grants they bring."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from core.admin_base import ReadOnlyAdmin, ServiceBackedAdmin, ServiceModelForm
from core.errors import OutOfScope
from permissions.models import (
    CaseUserObjectPermission,
    DistrictUserObjectPermission,
    RegionUserObjectPermission,
    RoleAssignment,
)
from permissions.services import role_assign, role_revoke


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ServiceBackedAdmin):
    form = ServiceModelForm  # role_assign takes no reason
    list_display = ("user", "role", "scope", "assigned_by", "created_at")
    list_filter = ("role", "region")
    search_fields = (
        "user__username",
        "user__first_name",
        "user__last_name",
        "user__email",
        "region__name",
        "district__name",
        "organization__name",
    )
    autocomplete_fields = ("user", "district", "organization")
    list_select_related = ("user", "region", "district", "organization", "assigned_by")
    readonly_fields = ("assigned_by", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("user", "role")}),
        (
            _("Scope"),
            {
                "fields": ("region", "district", "organization"),
                "description": _(
                    "Fill in the one scope the role is given in: a region for a regional advisor or lead, "
                    "a district (ORP) for a local networker, an OSPOD for an OSPOD worker, none for a "
                    "national methodologist."
                ),
            },
        ),
        (_("Record"), {"fields": ("assigned_by", "created_at", "updated_at")}),
    )
    can_remove = True

    @admin.display(description=_("scope"))
    def scope(self, obj: RoleAssignment):
        return obj.scope or _("whole country")

    def has_change_permission(self, request, obj=None):
        # No service changes an assignment: revoke it and assign the role again.
        return False

    def has_delete_permission(self, request, obj=None):
        # Nobody takes a role of their own (permissions.rules.may_assign), a superuser neither.
        if obj is not None and obj.user_id == request.user.pk:
            return False
        return super().has_delete_permission(request, obj)

    def create(self, request, form, data, reason):
        return role_assign(actor=request.user, **data)

    def remove(self, request, obj):
        try:
            role_revoke(actor=request.user, assignment=obj)
        except OutOfScope as exc:  # one's own among several chosen for deletion
            raise PermissionDenied from exc


class GrantAdmin(ReadOnlyAdmin):
    """Guardian grants mirror the role assignments (sync_grants) or a case's sharing: looked at here, never typed."""

    list_display = ("user", "permission", "content_object")
    list_filter = (("permission", admin.RelatedOnlyFieldListFilter),)
    list_select_related = ("user", "permission__content_type", "content_object")


@admin.register(RegionUserObjectPermission)
class RegionGrantAdmin(GrantAdmin):
    search_fields = ("user__username", "content_object__name")


@admin.register(DistrictUserObjectPermission)
class DistrictGrantAdmin(GrantAdmin):
    search_fields = ("user__username", "content_object__name")


@admin.register(CaseUserObjectPermission)
class CaseGrantAdmin(GrantAdmin):
    search_fields = ("user__username", "content_object__reference")
