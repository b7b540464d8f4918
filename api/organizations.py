"""Organisations and their services in the API: serializers and viewsets (writes through organizations.services)."""

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from api.attached import AttachedListSerializer
from api.base import ScopedViewSet
from api.serializers import CodeRelatedField, DirectReadModelSerializer, ScopedSerializer, VisibleRelatedField
from meetings.models import Meeting
from organizations.filtersets import OrganizationFilterSet, ServiceFilterSet
from organizations.models import Organization, Service, ServiceForm, ServiceKind, TargetGroup
from organizations.selectors import visible_survivor
from organizations.services import (
    organization_create,
    organization_update,
    organization_verify,
    service_create,
    service_update,
)
from territory.models import District, Municipality

MERGED = _("This organisation was merged into another record; use merged_into.")
NO_PLACE = _("Give the municipality of the address, or the district when the address is hidden.")


class ServiceBriefSerializer(DirectReadModelSerializer):
    kind = CodeRelatedField(read_only=True)

    class Meta:
        model = Service
        list_serializer_class = AttachedListSerializer
        fields = ["id", "name", "kind", "status", "free_places", "waiting_days", "availability_as_of"]


class OrganizationBriefSerializer(DirectReadModelSerializer):
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
            "capacity_unit",
            "capacity_note",
            "free_places",
            "waiting_days",
            "availability_as_of",
            "served_districts",
            "registry_id",
            "description",
            "status",
            "active_from",
            "active_until",
            "phone",
            "email",
            "web",
            "published",
            "withdrawal_reason",
            "district",
            "region",
        ]
        validators = []  # the service validates the record whole, constraints included


class OrganizationViewSet(ScopedViewSet):
    # Kraj, ORP, obec and kinds are shown by code from the row's own key (core.reference): no joins; the nested
    # services are read with the few columns their short form shows.
    queryset = Organization.objects.all()
    id_sets = ("served_districts",)
    row_sets = {
        "services": Service.objects.only(
            "id", "name", "status", "organization_id", "kind_id", "free_places", "waiting_days", "availability_as_of"
        ).order_by("name", "id")
    }
    serializer_class = OrganizationSerializer
    brief_serializer_class = OrganizationBriefSerializer
    filterset_class = OrganizationFilterSet
    ordering_fields = ["name", "verified_at", "updated_at"]
    create_service = organization_create
    update_service = organization_update
    instance_kwarg = "organization"

    def handle_exception(self, exc):
        if isinstance(exc, Http404 | NotFound) and str(self.kwargs.get("pk", "")).isdigit():
            moved = self.merged_response(int(self.kwargs["pk"]))
            if moved is not None:
                return moved
        return super().handle_exception(exc)

    def merged_response(self, old_id: int) -> Response | None:
        """A merged record's old id: GET answers 301 to the survivor, a write 410, each with ``merged_into``; None when
        the id was not merged or the user may not see the survivor (a plain 404 then)."""
        survivor = visible_survivor(self.request.user, old_id)
        if survivor is None:
            return None
        url = self.request.build_absolute_uri(reverse("api:organization-detail", args=[survivor]))
        body = {"detail": MERGED, "merged_into": survivor, "url": url}
        if self.request.method in ("GET", "HEAD"):
            return Response(body, status=status.HTTP_301_MOVED_PERMANENTLY, headers={"Location": url})
        return Response(body, status=status.HTTP_410_GONE)

    @extend_schema(request=VerifySerializer, responses=OrganizationSerializer)
    @action(detail=True, methods=["post"], scope_action="verify")
    def verify(self, request, pk=None):
        """Confirm that the organisation's record is correct (today, by you, optionally on a meeting)."""
        return self.act(VerifySerializer, organization_verify, "organization")


class ServiceViewSet(ScopedViewSet):
    queryset = Service.objects.all()
    id_sets = ("forms", "target_groups", "served_districts")
    serializer_class = ServiceSerializer
    filterset_class = ServiceFilterSet
    ordering_fields = ["name", "updated_at"]
    create_service = service_create
    update_service = service_update
    instance_kwarg = "service"
