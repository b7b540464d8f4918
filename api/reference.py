"""Reference data in the API: kraje, ORP and obce (ČSÚ territory) and the codelists of service kinds and target
groups, read-only and the same for every signed-in user, addressed by code."""

from api.base import ReferenceViewSet
from api.serializers import CodeRelatedField, DirectReadModelSerializer
from organizations.models import ServiceKind, TargetGroup
from territory.models import District, Municipality, Region


class RegionSerializer(DirectReadModelSerializer):
    class Meta:
        model = Region
        fields = ["code", "name", "abbreviation", "nuts3", "ruian_code"]


class DistrictSerializer(DirectReadModelSerializer):
    region = CodeRelatedField(read_only=True)

    class Meta:
        model = District
        fields = ["code", "name", "region", "ruian_code", "centroid_lat", "centroid_lon"]


class MunicipalitySerializer(DirectReadModelSerializer):
    district = CodeRelatedField(read_only=True)

    class Meta:
        model = Municipality
        fields = ["code", "name", "kind", "district"]


class ServiceKindSerializer(DirectReadModelSerializer):
    class Meta:
        model = ServiceKind
        fields = ["code", "name", "name_en", "paragraph", "category", "registrable", "is_key"]


class TargetGroupSerializer(DirectReadModelSerializer):
    class Meta:
        model = TargetGroup
        fields = ["code", "name", "name_en"]


class RegionViewSet(ReferenceViewSet):
    queryset = Region.objects.all()
    serializer_class = RegionSerializer


class DistrictViewSet(ReferenceViewSet):
    queryset = District.objects.order_by("code")
    serializer_class = DistrictSerializer
    filterset_fields = {"region__code": ["exact"]}


class MunicipalityViewSet(ReferenceViewSet):
    queryset = Municipality.objects.order_by("code")
    serializer_class = MunicipalitySerializer
    filterset_fields = {"district__code": ["exact"]}


class ServiceKindViewSet(ReferenceViewSet):
    queryset = ServiceKind.objects.all()
    serializer_class = ServiceKindSerializer


class TargetGroupViewSet(ReferenceViewSet):
    queryset = TargetGroup.objects.all()
    serializer_class = TargetGroupSerializer
