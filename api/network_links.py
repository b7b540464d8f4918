"""Cooperation links and case networks in the API: serializers and viewsets (writes through network.services).

The graph built from the links is in api/network.py, the coverage of a territory in api/network_coverage.py."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from api.attached import AttachedListSerializer
from api.base import ScopedViewSet, call_service
from api.serializers import DirectReadModelSerializer, ScopedSerializer, VisibleRelatedField
from meetings.models import Meeting
from network.filtersets import CaseFilterSet, LinkFilterSet
from network.models import Case, CaseInvolvement, CooperationLink
from network.selectors import existing_link
from network.services import (
    case_create,
    case_involvement_add,
    case_involvement_remove,
    case_update,
    link_confirm,
    link_create,
    link_update,
)
from organizations.models import Organization


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


class InvolvementSerializer(DirectReadModelSerializer):
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


class LinkViewSet(ScopedViewSet):
    queryset = CooperationLink.objects.all()
    id_sets = ("evidence",)
    serializer_class = LinkSerializer
    filterset_class = LinkFilterSet
    ordering_fields = ["strength", "confirmed_on", "updated_at"]
    create_service = link_create
    update_service = link_update
    instance_kwarg = "link"

    def perform_create(self, serializer):
        try:
            super().perform_create(serializer)
        except ValidationError as exc:
            # A link the pair already has: the 400 names its id when the user may see it (to confirm it instead).
            data = serializer.validated_data
            duplicate = existing_link(
                self.request.user,
                source_id=data["source"].pk,
                target_id=data["target"].pk,
                kind=data["kind"],
                directed=bool(data.get("directed")),
            )
            if duplicate is not None and isinstance(exc.detail, dict):
                exc.detail["existing_link"] = duplicate.pk
            raise

    @extend_schema(request=ConfirmSerializer, responses=LinkSerializer)
    @action(detail=True, methods=["post"], scope_action="change")
    def confirm(self, request, pk=None):
        """Reconfirm the cooperation by a meeting both organisations took part in."""
        return self.act(ConfirmSerializer, link_confirm, "link")


class CaseViewSet(ScopedViewSet):
    queryset = Case.objects.all()
    row_sets = {"involvements": CaseInvolvement.objects.all()}
    serializer_class = CaseSerializer
    filterset_class = CaseFilterSet
    ordering_fields = ["opened_on", "reference", "updated_at"]
    create_service = case_create
    update_service = case_update
    instance_kwarg = "case"

    @extend_schema(request=InvolvementSerializer, responses={201: CaseSerializer})
    @action(detail=True, methods=["post"], scope_action="change")
    def involvements(self, request, pk=None):
        """Involve an organisation in the case in one role."""
        response = self.act(InvolvementSerializer, case_involvement_add, "case")
        response.status_code = status.HTTP_201_CREATED
        return response

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["delete"], url_path=r"involvements/(?P<involvement_id>\d+)", scope_action="view")
    def remove_involvement(self, request, pk=None, involvement_id=None):
        """End an organisation's involvement in the case (the history keeps it)."""
        involvement = get_object_or_404(
            CaseInvolvement.objects.restrict(request.user, "delete"), case=self.get_object(), pk=involvement_id
        )
        call_service(case_involvement_remove, actor=request.user, involvement=involvement)
        return Response(status=status.HTTP_204_NO_CONTENT)
