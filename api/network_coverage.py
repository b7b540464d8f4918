"""GET /api/v1/network/coverage/: the coverage and gaps of an ORP or a kraj (network.analysis.coverage), as the page shows them.

It answers one computed document, not rows of one model, but derives from the scoped base like every viewset (as the
graph views of api/network.py do): every row in the document comes from ``restrict(user, "view")`` (network.analysis.coverage
and network.analysis.graph), and a territory the user may not see is 404.
"""

from django.http import Http404
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from api.base import RestrictedViewSet
from core.errors import OutOfScope
from network.analysis.coverage import coverage_of, territory_for
from organizations.models import Organization

CODE = r"^\d{4}$"


class PlaceSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class TerritorySerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=["district", "region"])
    code = serializers.CharField()
    name = serializers.CharField()
    region = PlaceSerializer()
    districts = PlaceSerializer(many=True, help_text="The columns of the matrix, in order.")


class KindSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    paragraph = serializers.CharField(allow_blank=True, help_text="The section of zákon 108/2006 Sb.; may be empty.")


class CoverageCellSerializer(serializers.Serializer):
    district = serializers.CharField(help_text="ČSÚ code of the district.")
    present = serializers.BooleanField()
    state = serializers.ChoiceField(
        choices=["present", "missing", "not_mapped"],
        help_text="present; missing (the district is mapped and has no such service); not_mapped (no such service "
        "recorded, but nobody has mapped the district yet: no organisation there verified and no meeting held there "
        "within mapped_within_days).",
    )
    services = serializers.IntegerField(help_text="Active services placed in or serving the district.")
    capacity = serializers.IntegerField(allow_null=True, help_text="Their summed capacity, where known.")
    open_needs = serializers.IntegerField(help_text="Open needs in the district asking for this kind.")


class KeyServiceRowSerializer(serializers.Serializer):
    kind = KindSerializer()
    districts = CoverageCellSerializer(many=True)


class NeedCountSerializer(serializers.Serializer):
    district = serializers.CharField()
    count = serializers.IntegerField()


class NeedRowSerializer(serializers.Serializer):
    kind = KindSerializer(allow_null=True, help_text="null: needs that name no kind of service.")
    total = serializers.IntegerField()
    districts = NeedCountSerializer(many=True)


class CoverageOrganizationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    district = serializers.CharField(help_text="ČSÚ code of the organisation's district.")


class CoverageSerializer(serializers.Serializer):
    territory = TerritorySerializer()
    mapped_within_days = serializers.IntegerField(
        help_text="A district is mapped when an organisation there was verified or a meeting held there this recently."
    )
    not_mapped = serializers.ListField(
        child=serializers.CharField(), help_text="ČSÚ codes of the districts nobody has mapped yet."
    )
    key_services = KeyServiceRowSerializer(many=True)
    open_needs = NeedRowSerializer(many=True)
    without_ospod_link = CoverageOrganizationSerializer(many=True)
    isolates = CoverageOrganizationSerializer(many=True)
    brokers = CoverageOrganizationSerializer(many=True)


class CoverageQuerySerializer(serializers.Serializer):
    district = serializers.RegexField(CODE, required=False, allow_blank=True)
    region = serializers.RegexField(CODE, required=False, allow_blank=True)


class NetworkCoverageViewSet(RestrictedViewSet):
    """Key services × districts against the open needs, organisations without an OSPOD link, isolates, brokers."""

    queryset = Organization.objects.all()

    @extend_schema(
        operation_id="network_coverage",
        parameters=[
            OpenApiParameter("district", OpenApiTypes.STR, description="ČSÚ code of an ORP (e.g. 6110).", pattern=CODE),
            OpenApiParameter(
                "region",
                OpenApiTypes.STR,
                description="ČSÚ code of a kraj (e.g. 3107); used when no "
                "district is given. Neither: the user's own ORP or kraj.",
                pattern=CODE,
            ),
        ],
        responses={200: CoverageSerializer},
        tags=["network"],
    )
    def show(self, request):
        query = CoverageQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        try:
            territory = territory_for(
                request.user,
                district=query.validated_data.get("district") or None,
                region=query.validated_data.get("region") or None,
            )
        except OutOfScope as exc:
            raise Http404 from exc
        return Response(CoverageSerializer(coverage_of(request.user, territory).as_dict()).data)


# Included by api/urls.py at v1/network/coverage/.
urlpatterns = [path("", NetworkCoverageViewSet.as_view({"get": "show"}), name="api-network-coverage")]
