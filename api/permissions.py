"""Role assignments in the API (the permissions app): who holds which role where, given and taken through
permissions.services."""

from rest_framework import mixins, serializers

from api.base import RestrictedViewSet, call_service, create_through
from api.serializers import CodeRelatedField, DirectReadModelSerializer, UserField, VisibleRelatedField
from organizations.models import Organization
from permissions.filtersets import RoleAssignmentFilterSet
from permissions.models import RoleAssignment
from permissions.services import role_assign, role_revoke
from territory.models import District, Region


class RoleAssignmentSerializer(DirectReadModelSerializer):
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
    serializer_class = RoleAssignmentSerializer
    filterset_class = RoleAssignmentFilterSet

    def perform_create(self, serializer):
        serializer.instance = create_through(role_assign, self.request.user, serializer.validated_data)

    def perform_destroy(self, instance):
        call_service(role_revoke, actor=self.request.user, assignment=instance)
