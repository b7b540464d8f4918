"""Serializers of the API: fields listed explicitly; regions and districts referenced by their ČSÚ codes; related
scoped records by id, accepted only when the user can see them."""

from functools import cached_property
from operator import attrgetter

from django.contrib.auth import get_user_model
from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.fields import SkipField
from rest_framework.relations import PKOnlyObject

from api.base import AttachedListSerializer, CodeRelatedField, SlugRelatedField, VisibleRelatedField
from contacts.models import Contact, ErasureGround
from meetings.models import FollowUp, Meeting, Need
from network.models import Case, CaseInvolvement, CooperationLink
from organizations.models import Organization, Service, ServiceForm, ServiceKind, TargetGroup
from permissions.models import RoleAssignment
from territory.models import District, Municipality, Region

NO_PLACE = _("Give the municipality of the address, or the district when the address is hidden.")
FIXED = _("This cannot change once the record exists.")
INLINE_ON_CREATE = _("Follow-ups and needs are added with a new meeting; change them in their own collections.")
# The longest free text the API takes (a meeting's summary, a description); a longer one is a field error.
TEXT_MAX_LENGTH = 20_000
# The most follow-ups or needs one meeting brings along.
INLINE_MAX = 100


class UserField(SlugRelatedField):
    """A colleague by user name (an active account)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "username")
        kwargs.setdefault("queryset", get_user_model().objects.filter(is_active=True))
        super().__init__(**kwargs)


class Serializer(serializers.ModelSerializer):
    """The base of the API's serializers: free text has a length limit, as the database's character fields do, and a
    record is read out quickly (a list page reads thousands of values)."""

    def build_standard_field(self, field_name, model_field):
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        if isinstance(model_field, models.TextField):
            kwargs.setdefault("max_length", TEXT_MAX_LENGTH)
        return field_class, kwargs

    def to_representation(self, instance):
        """DRF's, except that a field showing a plain column of the record reads it as a plain attribute: DRF's
        general lookup (dotted sources, mappings, callables, defaults) costs a dozen calls per value."""
        if not isinstance(instance, models.Model):
            return super().to_representation(instance)
        data = {}
        for name, read, field in self._readers:
            if read is None:
                try:
                    value = field.get_attribute(instance)
                except SkipField:
                    continue
                present = value.pk if isinstance(value, PKOnlyObject) else value
            else:
                value = present = read(instance)
            data[name] = None if present is None else field.to_representation(value)
        return data

    @cached_property
    def _readers(self) -> list:
        columns = {field.attname for field in self.Meta.model._meta.concrete_fields if not field.is_relation}
        readers = []
        for field in self._readable_fields:
            plain = (
                type(field).get_attribute is serializers.Field.get_attribute
                and len(field.source_attrs) == 1
                and field.source_attrs[0] in columns
            )
            readers.append((field.field_name, attrgetter(field.source_attrs[0]) if plain else None, field))
        return readers


class ScopedSerializer(Serializer):
    """A scoped record shows the kraj and ORP it lies in by their codes; services place it, so both are read-only.

    ``fixed_fields`` are given when a record is created and stay (a service's organisation, a follow-up's meeting): an
    update may repeat them unchanged, never change them.
    """

    region = CodeRelatedField(read_only=True)
    district = CodeRelatedField(read_only=True)
    fixed_fields: tuple[str, ...] = ()

    def validate(self, attrs):
        if self.instance is not None:
            changed = [
                name for name in self.fixed_fields if name in attrs and attrs.pop(name) != getattr(self.instance, name)
            ]
            if changed:
                raise serializers.ValidationError({name: [FIXED] for name in changed})
        return attrs


# Reference data ---------------------------------------------------------------------------------------------------


class RegionSerializer(Serializer):
    class Meta:
        model = Region
        fields = ["code", "name", "abbreviation", "nuts3", "ruian_code"]


class DistrictSerializer(Serializer):
    region = CodeRelatedField(read_only=True)

    class Meta:
        model = District
        fields = ["code", "name", "region", "ruian_code", "centroid_lat", "centroid_lon"]


class MunicipalitySerializer(Serializer):
    district = CodeRelatedField(read_only=True)

    class Meta:
        model = Municipality
        fields = ["code", "name", "kind", "district"]


class ServiceKindSerializer(Serializer):
    class Meta:
        model = ServiceKind
        fields = ["code", "name", "name_en", "paragraph", "category", "registrable", "is_key"]


class TargetGroupSerializer(Serializer):
    class Meta:
        model = TargetGroup
        fields = ["code", "name", "name_en"]


# Organisations and services ---------------------------------------------------------------------------------------


class ServiceBriefSerializer(Serializer):
    kind = CodeRelatedField(read_only=True)

    class Meta:
        model = Service
        list_serializer_class = AttachedListSerializer
        fields = ["id", "name", "kind", "status"]


class OrganizationBriefSerializer(Serializer):
    district = CodeRelatedField(read_only=True)

    class Meta:
        model = Organization
        fields = ["id", "name", "kind", "district"]


class OrganizationSerializer(ScopedSerializer):
    """An organisation; its district follows from the municipality (give the district only for a hidden address)."""

    district = CodeRelatedField(queryset=District.objects.all(), required=False)
    municipality = CodeRelatedField(queryset=Municipality.objects.all(), required=False, allow_null=True)
    served_districts = CodeRelatedField(queryset=District.objects.all(), many=True, required=False)
    services = ServiceBriefSerializer(many=True, read_only=True)

    class Meta:
        model = Organization
        fields = [
            "id",
            "name",
            "kind",
            "ico",
            "district",
            "region",
            "street",
            "postcode",
            "municipality",
            "latitude",
            "longitude",
            "web",
            "email",
            "phone",
            "description",
            "served_districts",
            "status",
            "services",
            "verified_at",
        ]
        read_only_fields = ["verified_at"]

    def validate(self, attrs):
        if self.instance is None and not attrs.get("municipality") and not attrs.get("district"):
            raise serializers.ValidationError({"district": [NO_PLACE]})
        return attrs


class VerifySerializer(serializers.Serializer):
    """Verifying a record, optionally on a meeting where it was checked."""

    meeting = VisibleRelatedField(queryset=Meeting.objects.all(), required=False, allow_null=True)


class ServiceSerializer(ScopedSerializer):
    """A service an organisation provides; it lies where its organisation does."""

    fixed_fields = ("organization",)

    organization = VisibleRelatedField(queryset=Organization.objects.all())
    kind = CodeRelatedField(queryset=ServiceKind.objects.all())
    forms = CodeRelatedField(queryset=ServiceForm.objects.all(), many=True, required=False)
    target_groups = CodeRelatedField(queryset=TargetGroup.objects.all(), many=True, required=False)
    served_districts = CodeRelatedField(queryset=District.objects.all(), many=True, required=False)

    class Meta:
        model = Service
        fields = [
            "id",
            "organization",
            "name",
            "kind",
            "forms",
            "target_groups",
            "age_from",
            "age_to",
            "capacity",
            "capacity_note",
            "served_districts",
            "registry_id",
            "description",
            "status",
            "active_from",
            "active_until",
            "district",
            "region",
        ]
        validators = []  # the service validates the record whole, constraints included


# Contacts ---------------------------------------------------------------------------------------------------------


class ContactSerializer(ScopedSerializer):
    """A contact person at an organisation, with the legal basis for keeping the data."""

    fixed_fields = ("organization",)

    organization = VisibleRelatedField(queryset=Organization.objects.all())

    class Meta:
        model = Contact
        fields = [
            "id",
            "organization",
            "name",
            "position",
            "email",
            "phone",
            "legal_basis",
            "consent_on",
            "shareable_with_ospod",
            "erased_at",
            "district",
            "region",
        ]
        read_only_fields = ["erased_at"]


class EraseSerializer(serializers.Serializer):
    """The legal ground of an erasure, by code; `reason`, the field's old name, is still read if it holds a code.

    No free text is taken: whatever is typed about a person tends to quote them, and the log keeps nothing of them.
    """

    ground = serializers.ChoiceField(choices=ErasureGround.choices, required=False, label=_("legal ground"))
    reason = serializers.ChoiceField(
        choices=ErasureGround.choices,
        required=False,
        write_only=True,
        label=_("legal ground (the old name of the field)"),
    )

    def validate(self, attrs):
        ground = attrs.get("ground") or attrs.get("reason")
        if not ground:
            raise serializers.ValidationError(
                {"ground": [self.fields["ground"].error_messages["required"]]}, code="required"
            )
        return {"ground": ground}


# Meetings, follow-ups and needs -----------------------------------------------------------------------------------


class FollowUpInlineSerializer(Serializer):
    """A follow-up as part of a meeting (sent with a new meeting, shown with it)."""

    uuid = serializers.UUIDField(required=False)
    assignee = UserField(required=False, allow_null=True)
    done = serializers.BooleanField(write_only=True, required=False)

    class Meta:
        model = FollowUp
        list_serializer_class = AttachedListSerializer
        fields = ["id", "uuid", "description", "assignee", "due_on", "done", "done_at", "version"]
        read_only_fields = ["done_at", "version"]


class NeedInlineSerializer(Serializer):
    """A need as part of a meeting: heard in its district unless another ORP is given."""

    uuid = serializers.UUIDField(required=False)
    district = CodeRelatedField(queryset=District.objects.all(), required=False)
    target_group = CodeRelatedField(queryset=TargetGroup.objects.all(), required=False, allow_null=True)
    wanted_service_kind = CodeRelatedField(queryset=ServiceKind.objects.all(), required=False, allow_null=True)
    raised_by = VisibleRelatedField(queryset=Organization.objects.all(), required=False, allow_null=True)

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
        ]
        read_only_fields = ["status", "version"]


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
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["version", "created_at", "updated_at"]

    fixed_fields = ("uuid",)

    def validate(self, attrs):
        inline = {name: [INLINE_ON_CREATE] for name in ("followups", "needs") if name in attrs}
        if self.instance is not None and inline:
            raise serializers.ValidationError(inline)
        return super().validate(attrs)


class MeetingBriefSerializer(Serializer):
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
        ]
        read_only_fields = ["done_at", "version"]


class NeedSerializer(ScopedSerializer):
    """A need heard in the field; a status change that closes it needs ``resolution_note``."""

    fixed_fields = ("raised_in", "uuid")

    uuid = serializers.UUIDField(required=False)
    district = CodeRelatedField(queryset=District.objects.all(), required=False)
    target_group = CodeRelatedField(queryset=TargetGroup.objects.all(), required=False, allow_null=True)
    wanted_service_kind = CodeRelatedField(queryset=ServiceKind.objects.all(), required=False, allow_null=True)
    raised_by = VisibleRelatedField(queryset=Organization.objects.all(), required=False, allow_null=True)
    raised_in = VisibleRelatedField(queryset=Meeting.objects.all(), required=False, allow_null=True)

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
        ]
        read_only_fields = ["resolved_at", "created_at", "version"]

    def validate(self, attrs):
        if self.instance is None:
            if attrs.get("status", "open") != "open":
                raise serializers.ValidationError({"status": [_("A new need is open.")]})
            attrs.pop("status", None)
            if not attrs.get("district") and not attrs.get("raised_in"):
                raise serializers.ValidationError({"district": [_("Choose a district (ORP).")]})
        return super().validate(attrs)


# Links and cases --------------------------------------------------------------------------------------------------


class LinkSerializer(ScopedSerializer):
    """A cooperation of organisation A (source) with B (target), with the meetings that evidence it."""

    fixed_fields = ("source", "target")

    source = VisibleRelatedField(queryset=Organization.objects.all())
    target = VisibleRelatedField(queryset=Organization.objects.all())
    evidence = VisibleRelatedField(queryset=Meeting.objects.all(), many=True, required=False)

    class Meta:
        model = CooperationLink
        fields = [
            "id",
            "source",
            "target",
            "kind",
            "directed",
            "strength",
            "formalized",
            "agreement_date",
            "since",
            "until",
            "status",
            "note",
            "evidence",
            "confirmed_on",
            "district",
            "region",
        ]
        read_only_fields = ["confirmed_on"]
        validators = []  # the service validates the record whole, the unique pair and kind included


class ConfirmSerializer(serializers.Serializer):
    meeting = VisibleRelatedField(queryset=Meeting.objects.all())


class InvolvementSerializer(Serializer):
    """An organisation involved in a case, in one role."""

    organization = VisibleRelatedField(queryset=Organization.objects.all())

    class Meta:
        model = CaseInvolvement
        list_serializer_class = AttachedListSerializer
        fields = ["id", "organization", "role", "since", "until"]


class CaseSerializer(ScopedSerializer):
    """A case network of an OSPOD under a pseudonymous reference (never a name or birth number)."""

    fixed_fields = ("ospod",)

    ospod = VisibleRelatedField(queryset=Organization.objects.all())
    involvements = InvolvementSerializer(many=True, read_only=True)

    class Meta:
        model = Case
        fields = ["id", "reference", "ospod", "status", "opened_on", "closed_on", "involvements", "district", "region"]
        validators = []  # the service validates the record whole, the unique reference included


# Role assignments -------------------------------------------------------------------------------------------------


class RoleAssignmentSerializer(Serializer):
    """A role of a user in one scope: an ORP (sitar), a kraj (poradce, vedoucí), an OSPOD (ospod, vedoucí OSPOD) or
    the country."""

    user = UserField()
    region = CodeRelatedField(queryset=Region.objects.all(), required=False, allow_null=True)
    district = CodeRelatedField(queryset=District.objects.all(), required=False, allow_null=True)
    organization = VisibleRelatedField(queryset=Organization.objects.all(), required=False, allow_null=True)
    assigned_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = RoleAssignment
        fields = ["id", "user", "role", "region", "district", "organization", "assigned_by", "created_at"]
        read_only_fields = ["created_at"]
        validators = []  # role_assign validates the assignment whole
