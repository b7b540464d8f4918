"""Serializers of the API: fields listed explicitly; regions and districts referenced by their ČSÚ codes."""
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.base import CodeRelatedField
from network.models import District, Municipality, Region
from organizations.models import Organization, Service, ServiceKind, TargetGroup


NO_PLACE = _("Give the municipality of the address, or the district when the address is hidden.")


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["code", "name", "abbreviation", "nuts3", "ruian_code"]


class DistrictSerializer(serializers.ModelSerializer):
    region = CodeRelatedField(read_only=True)

    class Meta:
        model = District
        fields = ["code", "name", "region", "ruian_code", "centroid_lat", "centroid_lon"]


class MunicipalitySerializer(serializers.ModelSerializer):
    district = CodeRelatedField(read_only=True)

    class Meta:
        model = Municipality
        fields = ["code", "name", "kind", "district"]


class ServiceKindSerializer(serializers.ModelSerializer):
    class Meta:
        model = ServiceKind
        fields = ["code", "name", "name_en", "paragraph", "category", "registrable", "is_key"]


class TargetGroupSerializer(serializers.ModelSerializer):
    class Meta:
        model = TargetGroup
        fields = ["code", "name", "name_en"]


class ServiceBriefSerializer(serializers.ModelSerializer):
    kind = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Service
        fields = ["id", "name", "kind", "status"]


class OrganizationBriefSerializer(serializers.ModelSerializer):
    district = CodeRelatedField(read_only=True)

    class Meta:
        model = Organization
        fields = ["id", "name", "kind", "district"]


class OrganizationSerializer(serializers.ModelSerializer):
    """An organisation; its district follows from the municipality (give the district only for a hidden address)."""

    district = CodeRelatedField(queryset=District.objects.all(), required=False)
    region = CodeRelatedField(read_only=True)
    municipality = serializers.SlugRelatedField(
        slug_field="code", queryset=Municipality.objects.all(), required=False, allow_null=True
    )
    served_districts = CodeRelatedField(queryset=District.objects.all(), many=True, required=False)
    services = ServiceBriefSerializer(many=True, read_only=True)

    class Meta:
        model = Organization
        fields = [
            "id", "name", "kind", "ico", "district", "region", "street", "postcode", "municipality", "latitude",
            "longitude", "web", "email", "phone", "description", "served_districts", "status", "services",
            "verified_at",
        ]
        read_only_fields = ["verified_at"]
        extra_kwargs = {"name": {"min_length": 1, "allow_blank": False}}

    def validate(self, attrs):
        if self.instance is None and not attrs.get("municipality") and not attrs.get("district"):
            raise serializers.ValidationError({"district": [NO_PLACE]})
        return attrs
