"""The scoped base of every API viewset (NetBox's shape): restrict() by HTTP method, writes through the services,
ETags with If-Match for offline clients, and creates that a client may safely repeat with its own UUID."""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import Http404
from django.utils.http import parse_etags, quote_etag
from django.utils.translation import gettext_lazy as _
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import APIException, PermissionDenied, ValidationError
from rest_framework.response import Response

from api.attached import attach_ids, attach_rows
from core.errors import STALE_MESSAGE, OutOfScope, errors_by_field
from core.services import INLINE_KEY

# The action of restrict() that each HTTP method needs.
METHOD_ACTIONS = {
    "GET": "view",
    "HEAD": "view",
    "OPTIONS": "view",
    "POST": "add",
    "PUT": "change",
    "PATCH": "change",
    "DELETE": "delete",
}
UUID_TAKEN = _("This UUID belongs to another record.")


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = STALE_MESSAGE
    default_code = "stale"


def as_api_error(exc: DjangoValidationError) -> ValidationError:
    """A service's ValidationError as DRF's, keyed by field ("non_field_errors" for the record as a whole)."""
    # An inline record's error ("followups-0-due_on") is reported nested by the row's index, as DRF reports
    # errors of a list of nested records: {"followups": {"0": {"due_on": [...]}}}.
    detail: dict = {}
    for field, messages in errors_by_field(exc).items():
        inline = INLINE_KEY.match(field)
        if inline:
            rows = detail.setdefault(inline["name"], {})
            rows.setdefault(inline["index"], {})[inline["field"]] = messages
        else:
            detail["non_field_errors" if field == NON_FIELD_ERRORS else field] = messages
    return ValidationError(detail)


def call_service(service, /, **kwargs):
    """Run a service for the API: its ValidationError becomes a 400 by field, a record out of reach a 404."""
    try:
        return service(**kwargs)
    except DjangoValidationError as exc:
        raise as_api_error(exc) from exc
    except OutOfScope as exc:
        raise Http404 from exc


def create_through(service, /, actor, data: dict):
    """Create a record through its service; a create cannot miss a stored record, so out of reach is a 403."""
    try:
        return call_service(service, actor=actor, **data)
    except Http404 as exc:
        raise PermissionDenied from exc


def etag_of(instance) -> str:
    """The version of a record a client edits from: the version counter of a synced record, else the change time."""
    version = getattr(instance, "version", None)
    if version is None:
        version = int(instance.updated_at.timestamp() * 1_000_000)
    return quote_etag(str(version))


class RestrictedViewSet(viewsets.GenericViewSet):
    """Rows the user may act on: the queryset is ``restrict(user, action-of-the-method)``, so out of scope is 404.

    An extra action names the action of restrict() it needs: ``@action(..., scope_action="verify")``.
    """

    scope_action = None
    # Records are addressed by their integer id; any other path segment is an unknown URL (404).
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        action = self.scope_action or METHOD_ACTIONS[self.request.method]
        return super().get_queryset().restrict(self.request.user, action)


class RecordViewSet(mixins.RetrieveModelMixin, mixins.UpdateModelMixin, mixins.ListModelMixin, RestrictedViewSet):
    """Records read through restrict() and changed through a service, created elsewhere or not at all (a national
    table, an OSPOD's form given by its round). ScopedViewSet adds the create.

    A concrete viewset names its queryset, serializer and filterset, and ``update_service`` (called with actor, the
    instance and the changed data). Reads and writes answer with an ETag; an update with an ``If-Match`` that is no
    longer current is refused (412) with the current version.
    """

    update_service = None
    # Many-to-many sets the serializer shows by id or code, and reverse relations it shows nested ({name: queryset of
    # their rows}): read for a whole page, or the one record, at once (attach_ids, attach_rows).
    id_sets: tuple[str, ...] = ()
    row_sets: dict = {}
    # The keyword the update service takes the instance by (organization_update(organization=…)).
    instance_kwarg = None
    brief_serializer_class = None

    def get_serializer_class(self):
        if self.request is not None and self.request.query_params.get("brief") in ("1", "true"):
            return self.brief_serializer_class or super().get_serializer_class()
        return super().get_serializer_class()

    def etag_of(self, instance) -> str:
        """The version a client edits from (a viewset whose records change apart from their row says how)."""
        return etag_of(instance)

    def act(self, params_class, service, instance_kwarg: str) -> Response:
        """An extra action on one record in scope: its parameters validated, the service called, the record shown."""
        instance = self.get_object()
        params = params_class(data=self.request.data, context=self.get_serializer_context())
        params.is_valid(raise_exception=True)
        call_service(service, actor=self.request.user, **{instance_kwarg: instance}, **params.validated_data)
        return self.record_response(self._fresh(instance))

    def record_response(self, instance, **kwargs) -> Response:
        """The record as the serializer shows it, with its ETag."""
        return Response(self.get_serializer(instance).data, headers={"ETag": self.etag_of(instance)}, **kwargs)

    # Reads --------------------------------------------------------------------------------------------------------

    def get_serializer(self, *args, **kwargs):
        # Records about to be shown (a page, one record, the record after a write) get their sets read at once;
        # a record to be changed by the data sent (``data=``) does not need them.
        if args and args[0] is not None and "data" not in kwargs:
            self._attach(list(args[0]) if kwargs.get("many") else [args[0]])
        return super().get_serializer(*args, **kwargs)

    def _attach(self, instances) -> None:
        # The sets are named as the serializer's fields name them; a brief form may show none of them.
        shown = set(self.get_serializer_class().Meta.fields)
        attach_ids(instances, [name for name in self.id_sets if name in shown])
        attach_rows(instances, {name: rows for name, rows in self.row_sets.items() if name in shown})

    def retrieve(self, request, *args, **kwargs):
        return self.record_response(self.get_object())

    # Updates ------------------------------------------------------------------------------------------------------

    def update(self, request, *args, **kwargs):
        with transaction.atomic():
            instance = self._locked_object()
            self._check_precondition(request, instance)
            serializer = self.get_serializer(instance, data=request.data, partial=kwargs.pop("partial", False))
            serializer.is_valid(raise_exception=True)
            self.perform_update(serializer)
        return self.record_response(self._fresh(serializer.instance))

    def _locked_object(self):
        """The record in scope, read after its row is locked, so no concurrent write slips in before the check."""
        lookup = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        model = self.get_queryset().model
        try:
            list(model._base_manager.select_for_update().filter(**{self.lookup_field: lookup}).values_list("pk"))
        except (TypeError, ValueError, DjangoValidationError):
            raise Http404 from None  # "abc" for an integer id names no record, as get_object() would say
        return self.get_object()

    def _check_precondition(self, request, instance) -> None:
        header = request.headers.get("If-Match")
        if header is None:
            return
        current = self.etag_of(instance)
        wanted = [tag.removeprefix("W/") for tag in parse_etags(header)]
        if "*" not in wanted and current not in wanted:
            self._refuse_stale(instance)

    def _refuse_stale(self, instance):
        error = PreconditionFailed()
        error.detail = {
            "detail": error.detail,
            "version": self.etag_of(instance).strip('"'),
            "current": self.get_serializer(instance).data,
        }
        raise error

    def perform_update(self, serializer):
        serializer.instance = call_service(
            type(self).update_service,
            actor=self.request.user,
            data=serializer.validated_data,
            **{self.instance_kwarg: serializer.instance},
        )

    def _base_queryset(self):
        """The viewset's queryset with its joins and prefetches, before restrict()."""
        return super().get_queryset()

    def _fresh(self, instance):
        """The record as stored after a write, read with the related rows the serializer shows."""
        return self._base_queryset().get(pk=instance.pk)


class ScopedViewSet(mixins.CreateModelMixin, RecordViewSet):
    """A collection of scoped records, read through restrict() and written through the services.

    Records are not deleted through the API (organisations close, links end, contacts are erased on request).
    Besides what RecordViewSet names, a concrete viewset names ``create_service`` (called with actor and the validated
    data). For a synced record (with a uuid) a repeated create returns the record made the first time.
    """

    create_service = None

    # Creates ------------------------------------------------------------------------------------------------------

    def create(self, request, *args, **kwargs):
        existing = self._created_before(request.data)
        if existing is not None:
            return self.record_response(existing)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.perform_create(serializer)
        return self.record_response(self._fresh(serializer.instance), status=status.HTTP_201_CREATED)

    def _created_before(self, data):
        """The record a client created before under the UUID it sends again (a retry after a lost answer)."""
        model = self.get_queryset().model
        if not isinstance(data, dict) or "uuid" not in {f.name for f in model._meta.fields}:
            return None
        value = serializers.UUIDField().to_internal_value if data.get("uuid") else None
        if value is None:
            return None
        try:
            uuid = value(data["uuid"])
        except ValidationError:
            return None  # the serializer reports the malformed UUID on its field
        if not model._base_manager.filter(uuid=uuid).exists():
            return None
        found = self._base_queryset().restrict(self.request.user, "view").filter(uuid=uuid).first()
        if found is None:
            raise ValidationError({"uuid": [UUID_TAKEN]})
        return found

    def perform_create(self, serializer):
        serializer.instance = create_through(type(self).create_service, self.request.user, serializer.validated_data)


class ReferenceViewSet(viewsets.ReadOnlyModelViewSet):
    """Read-only reference data every signed-in user may read (territory, codelists): no scope applies."""

    lookup_field = "code"
    lookup_value_regex = r"[\w-]+"
