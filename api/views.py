"""API viewsets: a few lines each on the scoped base (writes call the services)."""
from api import serializers as s
from api.base import ReferenceViewSet, ScopedViewSet
from network.models import District, Municipality, Region
from organizations.filtersets import OrganizationFilterSet
from organizations.models import Organization, ServiceKind, TargetGroup
from organizations.services import organization_create, organization_update


class RegionViewSet(ReferenceViewSet):
    queryset = Region.objects.all()
    serializer_class = s.RegionSerializer


class DistrictViewSet(ReferenceViewSet):
    queryset = District.objects.select_related("region").order_by("code")
    serializer_class = s.DistrictSerializer
    filterset_fields = {"region__code": ["exact"]}


class MunicipalityViewSet(ReferenceViewSet):
    queryset = Municipality.objects.select_related("district").order_by("code")
    serializer_class = s.MunicipalitySerializer
    filterset_fields = {"district__code": ["exact"]}


class ServiceKindViewSet(ReferenceViewSet):
    queryset = ServiceKind.objects.all()
    serializer_class = s.ServiceKindSerializer


class TargetGroupViewSet(ReferenceViewSet):
    queryset = TargetGroup.objects.all()
    serializer_class = s.TargetGroupSerializer


class OrganizationViewSet(ScopedViewSet):
    queryset = Organization.objects.select_related("region", "district", "municipality").prefetch_related(
        "services__kind", "served_districts"
    )
    serializer_class = s.OrganizationSerializer
    brief_serializer_class = s.OrganizationBriefSerializer
    filterset_class = OrganizationFilterSet
    create_service = organization_create
    update_service = organization_update
    instance_kwarg = "organization"
