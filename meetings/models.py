"""Meetings and visits in the field, the follow-ups agreed in them and the needs heard there."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.db import models, transaction
from django.db.models import Q
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import SyncedModel
from permissions.scoping import ScopedModel


class MeetingKind(models.TextChoices):
    VISIT = "visit", _("visit")
    WORKING_MEETING = "working_meeting", _("working meeting")
    ROUND_TABLE = "round_table", _("round table")
    PLATFORM = "platform", _("regional platform")
    WORKSHOP = "workshop", _("workshop")
    TRAINING = "training", _("training")
    CASE_CONFERENCE = "case_conference", _("case conference")


class Meeting(SyncedModel, ScopedModel):
    """A visit, meeting or case conference held in a district, with the organisations and contacts that took part."""

    # Scoping (permissions.scoping.ScopedModel).
    own_ospod_lookups = ("organizer_id__in",)
    case_path = "case__"
    placed_apart_from_case = True

    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices)
    title = models.CharField(_("title"), max_length=255)
    held_on = models.DateField(_("date"))
    starts_at = models.TimeField(_("from"), null=True, blank=True)
    ends_at = models.TimeField(_("to"), null=True, blank=True)
    location = models.CharField(_("place"), max_length=255, blank=True)
    organizer = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organised by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organized_meetings",
    )
    organizations = models.ManyToManyField(
        "organizations.Organization", verbose_name=_("participating organisations"), related_name="meetings", blank=True
    )
    contacts = models.ManyToManyField(
        "contacts.Contact", verbose_name=_("participating contact persons"), related_name="meetings", blank=True
    )
    case = models.ForeignKey(
        "network.Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="conferences",
        help_text=_("Only for a case conference."),
    )
    summary = models.TextField(_("summary"), blank=True)
    outcomes = models.TextField(_("agreed outcomes"), blank=True)
    group = models.ForeignKey(
        "meetings.WorkingGroup",
        verbose_name=_("working group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        help_text=_("A meeting of a standing group: its members are the invitation list."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("logged by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="logged_meetings",
        editable=False,
    )
    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=["organizations", "contacts"])

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_on", "-id"]
        indexes = [
            # Covering the scope's other conditions (PostgreSQL): a page is read in order, its count from the index.
            models.Index(
                fields=["district", "-held_on", "-id"], include=["region", "case"], name="meeting_district_held_idx"
            ),
            models.Index(
                fields=["region", "-held_on", "-id"], include=["district", "case"], name="meeting_region_held_idx"
            ),
            # The newest meetings of the whole country (a national role's home and list): read in order, not sorted.
            models.Index(fields=["-held_on", "-id"], name="meeting_held_idx"),
            # The few meetings of cases (case conferences): the scope asks whether a need's or a follow-up's meeting
            # is one of them (permissions.scoping._outside_cases).
            models.Index(fields=["id"], condition=Q(case__isnull=False), name="meeting_of_case_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.held_on:%d.%m.%Y} {self.title}"

    def participant_ids(self) -> set[int]:
        """The organisations that took part: the listed participants and the organiser."""
        present = {organization.pk for organization in self.organizations.all()}
        if self.organizer_id:
            present.add(self.organizer_id)
        return present

    def clean(self) -> None:
        errors = {}
        if self.kind == MeetingKind.CASE_CONFERENCE and not self.case_id:
            errors["case"] = _("A case conference belongs to a case.")
        if self.case_id and self.kind != MeetingKind.CASE_CONFERENCE:
            errors["case"] = _("Only a case conference belongs to a case.")
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            errors["ends_at"] = _("The meeting cannot end before it starts.")
        if errors:
            raise ValidationError(errors)


class FollowUp(SyncedModel, ScopedModel):
    """A task agreed in a meeting: who does what by when; scoped with its meeting."""

    # Scoping (permissions.scoping.ScopedModel).
    own_ospod_lookups = ("meeting__organizer_id__in",)
    case_path = "meeting__case__"
    placed_apart_from_case = True

    scope_field = "meeting"

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="followups")
    description = models.CharField(_("task"), max_length=500)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followups",
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    reminded_on = models.DateField(_("reminder sent on"), null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["district", "due_on"], name="followup_district_due_idx"),
            models.Index(fields=["assignee", "done_at", "due_on"], name="followup_assignee_idx"),
            # The open follow-ups of a kraj in the order the home page lists the first of them: read from the index
            # and stopped at the tenth, not a kraj's thousand joined and sorted (vedoucí's home 18 → 0.3 ms).
            models.Index(
                fields=["region", "due_on", "id"],
                condition=models.Q(done_at__isnull=True),
                name="followup_region_open_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.description


class NeedCategory(models.TextChoices):
    MISSING_SERVICE = "missing_service", _("missing service")
    CAPACITY = "capacity", _("insufficient capacity")
    ACCESSIBILITY = "accessibility", _("accessibility (distance, transport, cost)")
    COOPERATION = "cooperation", _("cooperation between actors")
    INFORMATION = "information", _("information and awareness")
    STAFFING = "staffing", _("staffing and expertise")
    FUNDING = "funding", _("funding")
    OTHER = "other", _("other")


class NeedPriority(models.TextChoices):
    LOW = "low", _("low")
    MEDIUM = "medium", _("medium")
    HIGH = "high", _("high")


class NeedStatus(models.TextChoices):
    OPEN = "open", _("open")
    IN_PROGRESS = "in_progress", _("in progress")
    RESOLVED = "resolved", _("resolved")
    DISMISSED = "dismissed", _("dismissed")


# The lifecycle of a need: which status may follow which.
NEED_TRANSITIONS = {
    NeedStatus.OPEN: {NeedStatus.IN_PROGRESS, NeedStatus.RESOLVED, NeedStatus.DISMISSED},
    NeedStatus.IN_PROGRESS: {NeedStatus.OPEN, NeedStatus.RESOLVED, NeedStatus.DISMISSED},
    NeedStatus.RESOLVED: {NeedStatus.IN_PROGRESS},
    NeedStatus.DISMISSED: {NeedStatus.OPEN},
}


class Need(SyncedModel, ScopedModel):
    """A need or gap heard in the field for a district, followed from open to resolved or dismissed."""

    # Scoping (permissions.scoping.ScopedModel).
    own_ospod_lookups = ("raised_in__organizer_id__in",)
    case_path = "raised_in__case__"
    placed_apart_from_case = True

    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    category = models.CharField(_("category"), max_length=20, choices=NeedCategory.choices)
    target_group = models.ForeignKey(
        "organizations.TargetGroup",
        verbose_name=_("target group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="needs",
    )
    wanted_service_kind = models.ForeignKey(
        "organizations.ServiceKind",
        verbose_name=_("wanted kind of service"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="needs",
    )
    priority = models.CharField(_("priority"), max_length=10, choices=NeedPriority.choices, default=NeedPriority.MEDIUM)
    raised_by = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("raised by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="raised_needs",
    )
    raised_in = models.ForeignKey(
        Meeting,
        verbose_name=_("raised in meeting"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="needs",
    )
    status = models.CharField(_("status"), max_length=15, choices=NeedStatus.choices, default=NeedStatus.OPEN)
    resolution_note = models.TextField(_("resolution note"), blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="recorded_needs",
        editable=False,
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["district", "status"], name="need_district_status_idx"),
            models.Index(fields=["region", "status"], name="need_region_status_idx"),
            # The lists' order within a kraj or an ORP (the API's and the board's newest first).
            models.Index(fields=["region", "-created_at", "-id"], name="need_region_created_idx"),
            models.Index(fields=["district", "-created_at", "-id"], name="need_district_created_idx"),
            # A column of the board beyond one kraj (a nationwide reader): its newest cards without sorting and joining
            # every need of that status first.
            models.Index(fields=["status", "-created_at", "-id"], name="need_status_created_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.status in (NeedStatus.RESOLVED, NeedStatus.DISMISSED) and not self.resolution_note.strip():
            raise ValidationError({"resolution_note": _("Say how the need was resolved or why it was dismissed.")})


# ------------------------------------------------------------------------------------------------ attachments --


class AttachmentKind(models.TextChoices):
    MINUTES = "minutes", _("minutes")
    ATTENDANCE = "attendance", _("attendance sheet")
    MEMORANDUM = "memorandum", _("memorandum")
    OTHER = "other", _("other document")


class _AttachmentStorage(LazyObject):
    """settings.STORAGES["attachments"], looked up when first used and again after the setting changes (a field keeps
    the storage it was given at import)."""

    def _setup(self):
        self._wrapped = storages["attachments"]


ATTACHMENT_STORAGE = _AttachmentStorage()


@receiver(setting_changed)
def _storages_changed(*, setting, **kwargs) -> None:
    if setting == "STORAGES":
        ATTACHMENT_STORAGE._wrapped = empty


def attachment_storage():
    """The storage of meeting attachments: never served by a public URL, only by the download view, which restricts
    the meeting."""
    return ATTACHMENT_STORAGE


def attachment_path(attachment: "MeetingAttachment", filename: str) -> str:
    # A random name: the uploaded one may name a person, and it is kept (and erased) in the row, not on the disk.
    return f"meetings/{attachment.meeting_id}/{uuid.uuid4().hex}"


class MeetingAttachmentQuerySet(models.QuerySet):
    """Attachments are scoped like their meeting: ``restrict(user, action)`` keeps those of the meetings the user may
    see (or change)."""

    def restrict(self, user, action: str = "view"):
        return self.filter(meeting__in=Meeting.objects.restrict(user, action).values("pk"))


class MeetingAttachment(models.Model):
    """A document of a meeting (minutes, an attendance sheet, a memorandum) as uploaded, type checked by content."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(_("kind of document"), max_length=20, choices=AttachmentKind.choices)
    file = models.FileField(_("file"), storage=attachment_storage, upload_to=attachment_path, max_length=255)
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100, editable=False)
    size = models.PositiveIntegerField(_("size in bytes"), editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="meeting_attachments",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = MeetingAttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting attachment")
        verbose_name_plural = _("meeting attachments")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.filename


@receiver(post_delete, sender=MeetingAttachment)
def _remove_attachment_file(sender, instance: MeetingAttachment, **kwargs) -> None:
    # However the row goes (its own delete, its meeting's, an erasure), the file goes with it once that is committed.
    name, storage = instance.file.name, instance.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))


# ------------------------------------------------------------------------------------------- working groups --


class WorkingGroupKind(models.TextChoices):
    WORKING_GROUP = "working_group", _("working group")
    PLATFORM = "platform", _("platform")
    ROUND_TABLE = "round_table", _("round table")


class WorkingGroup(ScopedModel):
    """A standing group of the local network (a working group, a platform, a round table) in a district, with its
    member organisations and contact persons: the invitation list of its meetings."""

    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=WorkingGroupKind.choices)
    description = models.TextField(_("description"), blank=True)
    organizations = models.ManyToManyField(
        "organizations.Organization", verbose_name=_("member organisations"), related_name="working_groups", blank=True
    )
    contacts = models.ManyToManyField(
        "contacts.Contact", verbose_name=_("member contact persons"), related_name="working_groups", blank=True
    )
    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=["organizations", "contacts"])

    class Meta:
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name
