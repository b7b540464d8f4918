"""API viewsets: a few lines each on the scoped base (writes call the services)."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from api import serializers as s
from api.base import ReferenceViewSet, RestrictedViewSet, ScopedViewSet, call_service, create_through
from contacts.filtersets import ContactFilterSet
from contacts.models import Contact
from contacts.services import contact_create, contact_erase, contact_update
from meetings.filtersets import FollowUpFilterSet, MeetingFilterSet, NeedFilterSet
from meetings.models import FollowUp, Meeting, Need
from meetings.services import followup_create, followup_update, meeting_create, meeting_update, need_create, need_update
from network.filtersets import CaseFilterSet, LinkFilterSet
from network.models import Case, CaseInvolvement, CooperationLink
from network.services import (
    case_create,
    case_involvement_add,
    case_involvement_remove,
    case_update,
    link_confirm,
    link_create,
    link_update,
)
from organizations.filtersets import OrganizationFilterSet, ServiceFilterSet
from organizations.models import Organization, Service, ServiceKind, TargetGroup
from organizations.services import (
    organization_create,
    organization_update,
    organization_verify,
    service_create,
    service_update,
)
from permissions.filtersets import RoleAssignmentFilterSet
from permissions.models import RoleAssignment
from permissions.services import role_assign, role_revoke
from territory.models import District, Municipality, Region


class RegionViewSet(ReferenceViewSet):
    queryset = Region.objects.all()
    serializer_class = s.RegionSerializer


class DistrictViewSet(ReferenceViewSet):
    queryset = District.objects.order_by("code")
    serializer_class = s.DistrictSerializer
    filterset_fields = {"region__code": ["exact"]}


class MunicipalityViewSet(ReferenceViewSet):
    queryset = Municipality.objects.order_by("code")
    serializer_class = s.MunicipalitySerializer
    filterset_fields = {"district__code": ["exact"]}


class ServiceKindViewSet(ReferenceViewSet):
    queryset = ServiceKind.objects.all()
    serializer_class = s.ServiceKindSerializer


class TargetGroupViewSet(ReferenceViewSet):
    queryset = TargetGroup.objects.all()
    serializer_class = s.TargetGroupSerializer


class OrganizationViewSet(ScopedViewSet):
    # Kraj, ORP, obec and kinds are shown by code from the row's own key (core.reference): no joins; the nested
    # services are read with the few columns their short form shows.
    queryset = Organization.objects.all()
    id_sets = ("served_districts",)
    row_sets = {
        "services": Service.objects.only("id", "name", "status", "organization_id", "kind_id").order_by("name", "id")
    }
    serializer_class = s.OrganizationSerializer
    brief_serializer_class = s.OrganizationBriefSerializer
    filterset_class = OrganizationFilterSet
    ordering_fields = ["name", "verified_at", "updated_at"]
    create_service = organization_create
    update_service = organization_update
    instance_kwarg = "organization"

    @extend_schema(request=s.VerifySerializer, responses=s.OrganizationSerializer)
    @action(detail=True, methods=["post"], scope_action="verify")
    def verify(self, request, pk=None):
        """Confirm that the organisation's record is correct (today, by you, optionally on a meeting)."""
        return self.act(s.VerifySerializer, organization_verify, "organization")


class ServiceViewSet(ScopedViewSet):
    queryset = Service.objects.all()
    id_sets = ("forms", "target_groups", "served_districts")
    serializer_class = s.ServiceSerializer
    filterset_class = ServiceFilterSet
    ordering_fields = ["name", "updated_at"]
    create_service = service_create
    update_service = service_update
    instance_kwarg = "service"


class ContactViewSet(ScopedViewSet):
    queryset = Contact.objects.all()
    serializer_class = s.ContactSerializer
    filterset_class = ContactFilterSet
    ordering_fields = ["name", "updated_at"]
    create_service = contact_create
    update_service = contact_update
    instance_kwarg = "contact"

    @extend_schema(request=s.EraseSerializer, responses={204: None})
    @action(detail=True, methods=["post"], scope_action="change")
    def erase(self, request, pk=None):
        """Erase the person's data on request: the record is anonymised and the erasure logged."""
        self.act(s.EraseSerializer, contact_erase, "contact")
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeetingViewSet(ScopedViewSet):
    # Participants are given by id: only their ids are read.
    queryset = Meeting.objects.all()
    id_sets = ("organizations", "contacts")
    row_sets = {"followups": FollowUp.objects.select_related("assignee"), "needs": Need.objects.all()}
    serializer_class = s.MeetingSerializer
    brief_serializer_class = s.MeetingBriefSerializer
    filterset_class = MeetingFilterSet
    ordering_fields = ["held_on", "updated_at"]
    create_service = meeting_create
    update_service = meeting_update
    instance_kwarg = "meeting"


class FollowUpViewSet(ScopedViewSet):
    queryset = FollowUp.objects.select_related("assignee")
    serializer_class = s.FollowUpSerializer
    filterset_class = FollowUpFilterSet
    ordering_fields = ["due_on", "done_at", "updated_at"]
    create_service = followup_create
    update_service = followup_update
    instance_kwarg = "followup"


class NeedViewSet(ScopedViewSet):
    queryset = Need.objects.all()
    serializer_class = s.NeedSerializer
    filterset_class = NeedFilterSet
    ordering_fields = ["created_at", "priority", "status", "updated_at"]
    create_service = need_create
    update_service = need_update
    instance_kwarg = "need"


class LinkViewSet(ScopedViewSet):
    queryset = CooperationLink.objects.all()
    id_sets = ("evidence",)
    serializer_class = s.LinkSerializer
    filterset_class = LinkFilterSet
    ordering_fields = ["strength", "confirmed_on", "updated_at"]
    create_service = link_create
    update_service = link_update
    instance_kwarg = "link"

    @extend_schema(request=s.ConfirmSerializer, responses=s.LinkSerializer)
    @action(detail=True, methods=["post"], scope_action="change")
    def confirm(self, request, pk=None):
        """Reconfirm the cooperation by a meeting both organisations took part in."""
        return self.act(s.ConfirmSerializer, link_confirm, "link")


class CaseViewSet(ScopedViewSet):
    queryset = Case.objects.all()
    row_sets = {"involvements": CaseInvolvement.objects.all()}
    serializer_class = s.CaseSerializer
    filterset_class = CaseFilterSet
    ordering_fields = ["opened_on", "reference", "updated_at"]
    create_service = case_create
    update_service = case_update
    instance_kwarg = "case"

    @extend_schema(request=s.InvolvementSerializer, responses={201: s.CaseSerializer})
    @action(detail=True, methods=["post"], scope_action="change")
    def involvements(self, request, pk=None):
        """Involve an organisation in the case in one role."""
        response = self.act(s.InvolvementSerializer, case_involvement_add, "case")
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


class RoleAssignmentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    RestrictedViewSet,
):
    """Who holds which role where: everyone sees their own; a regional lead gives the field roles of the kraj, an OSPOD
    head the OSPOD role of its OSPOD (permissions.rules.ASSIGNS), nobody their own."""

    queryset = RoleAssignment.objects.select_related("user", "assigned_by").order_by("id")
    serializer_class = s.RoleAssignmentSerializer
    filterset_class = RoleAssignmentFilterSet

    def perform_create(self, serializer):
        serializer.instance = create_through(role_assign, self.request.user, serializer.validated_data)

    def perform_destroy(self, instance):
        call_service(role_revoke, actor=self.request.user, assignment=instance)
