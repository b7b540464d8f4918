"""Admin of meetings with their follow-ups and needs, all written through the services."""

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin_base import ServiceBackedAdmin, ServiceBackedInline, ServiceModelForm, VersionedModelForm
from meetings.models import FollowUp, Meeting, Need
from meetings.services import (
    followup_complete,
    followup_create,
    followup_update,
    meeting_create,
    meeting_update,
    need_create,
    need_set_status,
    need_update,
)
from territory.admin import DistrictInitialMixin, DistrictListFilter, district_field

# The bookkeeping of a synced record (its version for the tablets, its history's reason), shown last on its page.
RECORD_FIELDS = ("uuid", "version", "created_at", "updated_at", "change_reason", "expected_version")


class DoneMixin:
    """A "done" tick box for a follow-up: done_at is set by followup_complete, not typed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("done", self.instance.done_at is not None)


def _save_done(request, followup: FollowUp, form, done: bool) -> FollowUp:
    if "done" in form.changed_data:
        followup = followup_complete(actor=request.user, followup=followup, done=done)
    return followup


# --------------------------------------------------------------------------------------------------- inlines --


class FollowUpInlineForm(DoneMixin, ServiceModelForm):
    done = forms.BooleanField(label=capfirst(_("done")), required=False)


class FollowUpInline(ServiceBackedInline):
    model = FollowUp
    form = FollowUpInlineForm
    fields = ("description", "assignee", "due_on", "done")
    autocomplete_fields = ("assignee",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("assignee")

    def create(self, request, parent, form, data):
        done = data.pop("done")
        followup = followup_create(actor=request.user, meeting=parent, **data)
        return _save_done(request, followup, form, done)

    def update(self, request, obj, form, data):
        done = data.pop("done")
        followup = followup_update(actor=request.user, followup=obj, data=data)
        return _save_done(request, followup, form, done)


class NeedInline(ServiceBackedInline):
    """Needs raised in the meeting; their status moves on the need's own page."""

    model = Need
    fk_name = "raised_in"
    fields = ("title", "category", "priority", "wanted_service_kind", "target_group", "raised_by", "status")
    readonly_fields = ("status",)
    autocomplete_fields = ("raised_by",)
    show_change_link = True

    def create(self, request, parent, form, data):
        return need_create(actor=request.user, raised_in=parent, **data)

    def update(self, request, obj, form, data):
        return need_update(actor=request.user, need=obj, data=data)


# -------------------------------------------------------------------------------------------------- meetings --


class MeetingForm(DistrictInitialMixin, VersionedModelForm):
    district = district_field(Meeting, required=True)

    class Meta:
        model = Meeting
        exclude = ("district",)  # the form field above feeds the services


@admin.register(Meeting)
class MeetingAdmin(ServiceBackedAdmin):
    form = MeetingForm
    list_display = ("held_on", "title", "kind", "district", "organizer", "created_by")
    list_filter = ("kind", "region", DistrictListFilter)
    search_fields = ("title", "location", "organizer__name")
    autocomplete_fields = ("organizer", "organizations", "contacts", "case")
    list_select_related = ("district", "organizer", "created_by")
    readonly_fields = ("region", "created_by", "uuid", "version", "created_at", "updated_at")
    date_hierarchy = "held_on"
    fieldsets = (
        (None, {"fields": ("kind", "title", "held_on", "starts_at", "ends_at", "district", "location")}),
        (_("Participants"), {"fields": ("organizer", "organizations", "contacts")}),
        (_("Case conference"), {"fields": ("case",)}),
        (_("Content"), {"fields": ("summary", "outcomes")}),
        (_("Record"), {"fields": ("region", "created_by", *RECORD_FIELDS)}),
    )
    inlines = (FollowUpInline, NeedInline)

    def create(self, request, form, data, reason):
        return meeting_create(actor=request.user, reason=reason, **data)

    def update(self, request, obj, form, data, reason):
        return meeting_update(
            actor=request.user,
            meeting=obj,
            data=data,
            reason=reason,
            expected_version=form.cleaned_data.get("expected_version"),
        )


# ------------------------------------------------------------------------------------------------ follow-ups --


class FollowUpForm(DoneMixin, VersionedModelForm):
    done = forms.BooleanField(label=capfirst(_("done")), required=False)

    class Meta:
        model = FollowUp
        fields = "__all__"


@admin.register(FollowUp)
class FollowUpAdmin(ServiceBackedAdmin):
    form = FollowUpForm
    list_display = ("description", "meeting", "assignee", "due_on", "is_done", "district")
    list_filter = (("done_at", admin.EmptyFieldListFilter), "region", DistrictListFilter)
    search_fields = ("description", "meeting__title", "assignee__username", "assignee__last_name")
    autocomplete_fields = ("meeting", "assignee")
    list_select_related = ("meeting", "assignee", "district")
    readonly_fields = ("region", "district", "done_at", "reminded_on", "uuid", "version", "created_at", "updated_at")
    readonly_on_change = ("meeting",)
    date_hierarchy = "due_on"
    fieldsets = (
        (None, {"fields": ("meeting", "description", "assignee", "due_on", "done", "done_at")}),
        (_("Record"), {"fields": ("region", "district", "reminded_on", *RECORD_FIELDS)}),
    )
    actions = ("mark_done",)

    @admin.display(description=_("done"), boolean=True, ordering="done_at")
    def is_done(self, obj: FollowUp) -> bool:
        return obj.done_at is not None

    def create(self, request, form, data, reason):
        done = data.pop("done")
        followup = followup_create(actor=request.user, reason=reason, **data)
        return _save_done(request, followup, form, done)

    def update(self, request, obj, form, data, reason):
        done = data.pop("done")
        followup = followup_update(
            actor=request.user,
            followup=obj,
            data=data,
            reason=reason,
            expected_version=form.cleaned_data.get("expected_version"),
        )
        return _save_done(request, followup, form, done)

    @admin.action(description=_("Mark as done"), permissions=["change"])
    def mark_done(self, request, queryset):
        with transaction.atomic():
            # No joins in a locking query (PostgreSQL refuses FOR UPDATE on the nullable side of an outer join).
            locked = queryset.select_related(None).select_for_update()
            open_followups = [followup for followup in locked if followup.done_at is None]
            for followup in open_followups:
                followup_complete(actor=request.user, followup=followup)
        count = len(open_followups)
        self.message_user(
            request,
            ngettext("%(count)d follow-up marked as done.", "%(count)d follow-ups marked as done.", count)
            % {"count": count},
            messages.SUCCESS,
        )


# ----------------------------------------------------------------------------------------------------- needs --


class NeedForm(DistrictInitialMixin, VersionedModelForm):
    district = district_field(
        Need, required=False, help_text=_("Leave empty for the district of the meeting the need was raised in.")
    )

    class Meta:
        model = Need
        exclude = ("district",)  # the form field above feeds the services


@admin.register(Need)
class NeedAdmin(ServiceBackedAdmin):
    form = NeedForm
    list_display = ("title", "district", "category", "priority", "status", "raised_by", "created_at")
    list_filter = ("status", "priority", "category", "region", DistrictListFilter)
    search_fields = ("title", "description", "raised_by__name")
    autocomplete_fields = ("raised_by", "raised_in")
    list_select_related = ("district", "raised_by")
    readonly_fields = ("region", "resolved_at", "created_by", "uuid", "version", "created_at", "updated_at")
    readonly_on_change = ("raised_in",)

    def get_fieldsets(self, request, obj=None):
        # A need starts open (need_create); its status moves on afterwards, through need_set_status.
        fieldsets = [
            (None, {"fields": ("title", "description", "category", "priority", "district")}),
            (_("What is missing"), {"fields": ("target_group", "wanted_service_kind")}),
            (_("Where it came from"), {"fields": ("raised_by", "raised_in")}),
        ]
        if obj is not None:
            fieldsets.append((_("Status"), {"fields": ("status", "resolution_note", "resolved_at")}))
        fieldsets.append((_("Record"), {"fields": ("region", "created_by", *RECORD_FIELDS)}))
        return fieldsets

    def create(self, request, form, data, reason):
        return need_create(actor=request.user, reason=reason, **data)

    def update(self, request, obj, form, data, reason):
        status, note = data.pop("status"), data.pop("resolution_note")
        need = need_update(
            actor=request.user,
            need=obj,
            data=data,
            reason=reason,
            expected_version=form.cleaned_data.get("expected_version"),
        )
        if status != need.status or note != need.resolution_note:
            need = need_set_status(actor=request.user, need=need, status=status, note=note)
        return need
