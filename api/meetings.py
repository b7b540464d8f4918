"""Meetings, follow-ups, needs and working groups in the API: serializers and viewsets (writes through
meetings.services); a new meeting may bring its follow-ups and needs in the same request."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action

from api.attached import AttachedListSerializer, keep_visible
from api.base import ScopedViewSet
from api.serializers import (
    CodeRelatedField,
    DirectReadModelSerializer,
    ScopedSerializer,
    UserField,
    VisibleRelatedField,
)
from contacts.models import Contact
from core.views import private_download
from meetings.filtersets import FollowUpFilterSet, MeetingFilterSet, NeedFilterSet, WorkingGroupFilterSet
from meetings.models import FollowUp, Meeting, MeetingAttachment, Need, WorkingGroup
from meetings.services import (
    followup_create,
    followup_update,
    group_create,
    group_update,
    meeting_create,
    meeting_update,
    need_create,
    need_update,
)
from network.models import Case
from organizations.models import Organization, ServiceKind, TargetGroup
from territory.models import District

INLINE_ON_CREATE = _("Follow-ups and needs are added with a new meeting; change them in their own collections.")
# The most follow-ups or needs one meeting brings along.
INLINE_MAX = 100


def recorded_at_field():
    """When a tablet logged the record offline: its ``created_at`` on a create (ignored on an update)."""
    return serializers.DateTimeField(
        write_only=True,
        required=False,
        help_text="When the record was logged offline: it becomes its created_at (a create only; at most "
        "SITAR_OFFLINE_MAX_DAYS back, not in the future).",
    )


def ignore_recorded_at_on_update(serializer, attrs: dict) -> None:
    # A queued edit may repeat the time its record was logged: the record keeps the time it was created.
    if serializer.instance is not None:
        attrs.pop("recorded_at", None)


class FollowUpInlineSerializer(DirectReadModelSerializer):
    """A follow-up as part of a meeting (sent with a new meeting, shown with it)."""

    uuid = serializers.UUIDField(required=False)
    assignee = UserField(required=False, allow_null=True)
    done = serializers.BooleanField(write_only=True, required=False)
    recorded_at = recorded_at_field()

    class Meta:
        model = FollowUp
        list_serializer_class = AttachedListSerializer
        fields = ["id", "uuid", "description", "assignee", "due_on", "done", "done_at", "version", "recorded_at"]
        read_only_fields = ["done_at", "version"]


class NeedInlineSerializer(DirectReadModelSerializer):
    """A need as part of a meeting: heard in its district unless another ORP is given."""

    uuid = serializers.UUIDField(required=False)
    district = CodeRelatedField(queryset=District.objects.all(), required=False)
    target_group = CodeRelatedField(queryset=TargetGroup.objects.all(), required=False, allow_null=True)
    wanted_service_kind = CodeRelatedField(queryset=ServiceKind.objects.all(), required=False, allow_null=True)
    raised_by = VisibleRelatedField(queryset=Organization.objects.all(), required=False, allow_null=True)
    recorded_at = recorded_at_field()

    class Meta:
        model = Need
        list_serializer_class = AttachedListSerializer
        fields = [
            "id",
            "uuid",
            "title",
            "description",
            "district",
            "category",
            "status",
            "priority",
            "target_group",
            "wanted_service_kind",
            "raised_by",
            "version",
            "recorded_at",
        ]
        read_only_fields = ["status", "version"]


class AttachmentInlineSerializer(DirectReadModelSerializer):
    """A document of a meeting, shown with it (attached and removed on the meeting page); its content is at
    /meetings/{id}/attachments/{attachment id}/."""

    uploaded_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = MeetingAttachment
        list_serializer_class = AttachedListSerializer
        fields = ["id", "kind", "filename", "content_type", "size", "uploaded_by", "uploaded_at"]
        read_only_fields = fields


class MeetingSerializer(ScopedSerializer):
    """A meeting with its participants; a new one may bring its follow-ups and needs in the same request."""

    uuid = serializers.UUIDField(required=False)
    district = CodeRelatedField(queryset=District.objects.all())
    organizer = VisibleRelatedField(queryset=Organization.objects.all(), required=False, allow_null=True)
    organizations = VisibleRelatedField(queryset=Organization.objects.all(), many=True, required=False)
    contacts = VisibleRelatedField(queryset=Contact.objects.all(), many=True, required=False)
    case = VisibleRelatedField(queryset=Case.objects.all(), required=False, allow_null=True)
    followups = FollowUpInlineSerializer(many=True, required=False, max_length=INLINE_MAX)
    needs = NeedInlineSerializer(many=True, required=False, max_length=INLINE_MAX)
    attachments = AttachmentInlineSerializer(many=True, read_only=True)
    recorded_at = recorded_at_field()

    class Meta:
        model = Meeting
        fields = [
            "id",
            "uuid",
            "kind",
            "title",
            "held_on",
            "starts_at",
            "ends_at",
            "location",
            "district",
            "region",
            "organizer",
            "organizations",
            "contacts",
            "case",
            "summary",
            "outcomes",
            "followups",
            "needs",
            "attachments",
            "version",
            "created_at",
            "updated_at",
            "recorded_at",
        ]
        read_only_fields = ["version", "created_at", "updated_at"]

    fixed_fields = ("uuid",)

    def validate(self, attrs):
        inline = {name: [INLINE_ON_CREATE] for name in ("followups", "needs") if name in attrs}
        if self.instance is not None and inline:
            raise serializers.ValidationError(inline)
        ignore_recorded_at_on_update(self, attrs)
        return super().validate(attrs)


class MeetingBriefSerializer(DirectReadModelSerializer):
    district = CodeRelatedField(read_only=True)

    class Meta:
        model = Meeting
        fields = ["id", "uuid", "kind", "title", "held_on", "district"]


class FollowUpSerializer(ScopedSerializer):
    """A task agreed in a meeting: who does what by when; ``done`` marks it done (``done_at`` says when)."""

    fixed_fields = ("meeting", "uuid")

    uuid = serializers.UUIDField(required=False)
    meeting = VisibleRelatedField(queryset=Meeting.objects.all())
    assignee = UserField(required=False, allow_null=True)
    done = serializers.BooleanField(write_only=True, required=False)
    recorded_at = recorded_at_field()

    class Meta:
        model = FollowUp
        fields = [
            "id",
            "uuid",
            "meeting",
            "description",
            "assignee",
            "due_on",
            "done",
            "done_at",
            "district",
            "region",
            "version",
            "recorded_at",
        ]
        read_only_fields = ["done_at", "version"]

    def validate(self, attrs):
        ignore_recorded_at_on_update(self, attrs)
        return super().validate(attrs)


class NeedSerializer(ScopedSerializer):
    """A need heard in the field; a status change that closes it needs ``resolution_note``."""

    fixed_fields = ("raised_in", "uuid")

    uuid = serializers.UUIDField(required=False)
    district = CodeRelatedField(queryset=District.objects.all(), required=False)
    target_group = CodeRelatedField(queryset=TargetGroup.objects.all(), required=False, allow_null=True)
    wanted_service_kind = CodeRelatedField(queryset=ServiceKind.objects.all(), required=False, allow_null=True)
    raised_by = VisibleRelatedField(queryset=Organization.objects.all(), required=False, allow_null=True)
    raised_in = VisibleRelatedField(queryset=Meeting.objects.all(), required=False, allow_null=True)
    recorded_at = recorded_at_field()

    class Meta:
        model = Need
        fields = [
            "id",
            "uuid",
            "title",
            "description",
            "district",
            "region",
            "category",
            "status",
            "priority",
            "target_group",
            "wanted_service_kind",
            "raised_by",
            "raised_in",
            "resolution_note",
            "resolved_at",
            "created_at",
            "version",
            "recorded_at",
        ]
        read_only_fields = ["resolved_at", "created_at", "version"]

    def validate(self, attrs):
        ignore_recorded_at_on_update(self, attrs)
        if self.instance is None:
            if attrs.get("status", "open") != "open":
                raise serializers.ValidationError({"status": [_("A new need is open.")]})
            attrs.pop("status", None)
            if not attrs.get("district") and not attrs.get("raised_in"):
                raise serializers.ValidationError({"district": [_("Choose a district (ORP).")]})
        return super().validate(attrs)


class WorkingGroupSerializer(ScopedSerializer):
    """A working group, platform or round table in an ORP with its member organisations and contact persons, by id:
    only records the user can see are accepted, and only those are shown."""

    district = CodeRelatedField(queryset=District.objects.all())
    organizations = VisibleRelatedField(queryset=Organization.objects.all(), many=True, required=False)
    contacts = VisibleRelatedField(queryset=Contact.objects.all(), many=True, required=False)

    class Meta:
        model = WorkingGroup
        fields = [
            "id",
            "name",
            "kind",
            "description",
            "district",
            "region",
            "organizations",
            "contacts",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]


class MeetingViewSet(ScopedViewSet):
    # Participants are given by id: only their ids are read.
    queryset = Meeting.objects.all()
    id_sets = ("organizations", "contacts")
    row_sets = {
        "followups": FollowUp.objects.select_related("assignee"),
        "needs": Need.objects.all(),
        "attachments": MeetingAttachment.objects.select_related("uploaded_by"),
    }
    serializer_class = MeetingSerializer
    brief_serializer_class = MeetingBriefSerializer
    filterset_class = MeetingFilterSet
    ordering_fields = ["held_on", "updated_at"]
    create_service = meeting_create
    update_service = meeting_update
    instance_kwarg = "meeting"

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY)})
    @action(detail=True, methods=["get"], url_path=r"attachments/(?P<attachment_pk>[0-9]+)")
    def attachment(self, request, pk=None, attachment_pk=None):
        """The content of a document of the meeting (a meeting out of scope, or another meeting's document: 404)."""
        meeting = self.get_object()
        attachment = get_object_or_404(
            MeetingAttachment.objects.restrict(request.user), pk=attachment_pk, meeting=meeting
        )
        return private_download(attachment.file, filename=attachment.filename, content_type=attachment.content_type)


class FollowUpViewSet(ScopedViewSet):
    queryset = FollowUp.objects.select_related("assignee")
    serializer_class = FollowUpSerializer
    filterset_class = FollowUpFilterSet
    ordering_fields = ["due_on", "done_at", "updated_at"]
    create_service = followup_create
    update_service = followup_update
    instance_kwarg = "followup"


class NeedViewSet(ScopedViewSet):
    queryset = Need.objects.all()
    serializer_class = NeedSerializer
    filterset_class = NeedFilterSet
    ordering_fields = ["created_at", "priority", "status", "updated_at"]
    create_service = need_create
    update_service = need_update
    instance_kwarg = "need"


class WorkingGroupViewSet(ScopedViewSet):
    """Standing groups of the local network; not deleted through the API (the rules give nobody "delete")."""

    queryset = WorkingGroup.objects.all()
    id_sets = ("organizations", "contacts")
    serializer_class = WorkingGroupSerializer
    filterset_class = WorkingGroupFilterSet
    ordering_fields = ["name", "updated_at"]
    create_service = group_create
    update_service = group_update
    instance_kwarg = "group"

    def _attach(self, instances) -> None:
        super()._attach(instances)
        # A member the user cannot see is left out, as the group's page leaves it out: one query per set and page.
        for name, model in (("organizations", Organization), ("contacts", Contact)):
            keep_visible(instances, name, model.objects.restrict(self.request.user, "view"))
