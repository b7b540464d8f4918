"""Contact persons in the API: serializers and the viewset (writes and erasure through contacts.services)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from api.base import ScopedViewSet
from api.serializers import ScopedSerializer, VisibleRelatedField
from contacts.filtersets import ContactFilterSet
from contacts.models import Contact, ErasureGround
from contacts.services import contact_create, contact_erase, contact_update
from organizations.models import Organization


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


class ContactViewSet(ScopedViewSet):
    queryset = Contact.objects.all()
    serializer_class = ContactSerializer
    filterset_class = ContactFilterSet
    ordering_fields = ["name", "updated_at"]
    create_service = contact_create
    update_service = contact_update
    instance_kwarg = "contact"

    @extend_schema(request=EraseSerializer, responses={204: None})
    @action(detail=True, methods=["post"], scope_action="change")
    def erase(self, request, pk=None):
        """Erase the person's data on request: the record is anonymised and the erasure logged."""
        self.act(EraseSerializer, contact_erase, "contact")
        return Response(status=status.HTTP_204_NO_CONTENT)
