"""The scoped base of every API viewset (NetBox's shape): restrict() by HTTP method, writes through the services."""
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError

from network.common import OutOfScope, errors_by_field

# The action of restrict() that each HTTP method needs.
METHOD_ACTIONS = {
    "GET": "view", "HEAD": "view", "OPTIONS": "view", "POST": "add", "PUT": "change", "PATCH": "change",
    "DELETE": "delete",
}


def as_api_error(exc: DjangoValidationError) -> ValidationError:
    """A service's ValidationError as DRF's, keyed by field ("non_field_errors" for the record as a whole)."""
    return ValidationError({
        ("non_field_errors" if field == NON_FIELD_ERRORS else field): messages
        for field, messages in errors_by_field(exc).items()
    })


class ScopedViewSet(viewsets.ModelViewSet):
    """A collection of scoped rows: the queryset is ``restrict(user, action-of-the-method)``, so out of scope is 404.

    A concrete viewset names its queryset, serializer and filterset, and the services that write: ``create_service``
    (called with actor and the validated data) and ``update_service`` (actor, the instance and the changed data).
    """

    create_service = None
    update_service = None
    # The keyword the update service takes the instance by (organization_update(organization=…)).
    instance_kwarg = None
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        return super().get_queryset().restrict(self.request.user, METHOD_ACTIONS[self.request.method])

    def get_serializer_class(self):
        if self.request is not None and self.request.query_params.get("brief") in ("1", "true"):
            return self.brief_serializer_class
        return super().get_serializer_class()

    def perform_create(self, serializer):
        serializer.instance = self._call(type(self).create_service, actor=self.request.user,
                                         **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = self._call(type(self).update_service, actor=self.request.user,
                                         data=serializer.validated_data, **{self.instance_kwarg: serializer.instance})

    @staticmethod
    def _call(service, **kwargs):
        try:
            return service(**kwargs)
        except DjangoValidationError as exc:
            raise as_api_error(exc) from exc
        except OutOfScope as exc:
            raise Http404 from exc


class ReferenceViewSet(viewsets.ReadOnlyModelViewSet):
    """Read-only reference data every signed-in user may read (territory, codelists): no scope applies."""

    lookup_field = "code"


class CodeRelatedField(serializers.SlugRelatedField):
    """A region or district referenced by its ČSÚ code, as everywhere in the API ("district": "6110")."""

    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "code")
        super().__init__(**kwargs)
