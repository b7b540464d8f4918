"""The scoped base of every API viewset (NetBox's shape): restrict() by HTTP method, writes through the services,
ETags with If-Match for offline clients, and creates that a client may safely repeat with its own UUID."""

import re
from collections import defaultdict

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models, transaction
from django.http import Http404
from django.utils.http import parse_etags, quote_etag
from django.utils.translation import gettext_lazy as _
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import APIException, PermissionDenied, ValidationError
from rest_framework.relations import MANY_RELATION_KWARGS, PKOnlyObject
from rest_framework.response import Response

from core.errors import STALE_MESSAGE, OutOfScope, errors_by_field
from core.reference import code_of, is_coded

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
# An inline record's error from a service ("followups-0-due_on") is reported nested by the row's index, as DRF reports
# errors of a list of nested records: {"followups": {"0": {"due_on": [...]}}}.
INLINE_KEY = re.compile(r"^(?P<name>[a-z_]+)-(?P<index>\d+)-(?P<field>.+)$")
UUID_TAKEN = _("This UUID belongs to another record.")


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = STALE_MESSAGE
    default_code = "stale"


def as_api_error(exc: DjangoValidationError) -> ValidationError:
    """A service's ValidationError as DRF's, keyed by field ("non_field_errors" for the record as a whole)."""
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


class ScopedViewSet(
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.ListModelMixin,
    RestrictedViewSet,
):
    """A collection of scoped records, read through restrict() and written through the services.

    Records are not deleted through the API (organisations close, links end, contacts are erased on request).
    A concrete viewset names its queryset, serializer and filterset, and the services that write: ``create_service``
    (called with actor and the validated data) and ``update_service`` (actor, the instance and the changed data).
    Reads and writes answer with an ETag; an update with an ``If-Match`` that is no longer current is refused (412)
    with the current version. For a synced record (with a uuid) a repeated create returns the record made the first
    time.
    """

    create_service = None
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

    def act(self, params_class, service, instance_kwarg: str) -> Response:
        """An extra action on one record in scope: its parameters validated, the service called, the record shown."""
        instance = self.get_object()
        params = params_class(data=self.request.data, context=self.get_serializer_context())
        params.is_valid(raise_exception=True)
        call_service(service, actor=self.request.user, **{instance_kwarg: instance}, **params.validated_data)
        instance = self._fresh(instance)
        return Response(self.get_serializer(instance).data, headers={"ETag": etag_of(instance)})

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
        instance = self.get_object()
        return Response(self.get_serializer(instance).data, headers={"ETag": etag_of(instance)})

    # Creates ------------------------------------------------------------------------------------------------------

    def create(self, request, *args, **kwargs):
        existing = self._created_before(request.data)
        if existing is not None:
            return Response(self.get_serializer(existing).data, headers={"ETag": etag_of(existing)})
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.perform_create(serializer)
        instance = self._fresh(serializer.instance)
        return Response(
            self.get_serializer(instance).data, status=status.HTTP_201_CREATED, headers={"ETag": etag_of(instance)}
        )

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

    # Updates ------------------------------------------------------------------------------------------------------

    def update(self, request, *args, **kwargs):
        with transaction.atomic():
            instance = self._locked_object()
            self._check_precondition(request, instance)
            serializer = self.get_serializer(instance, data=request.data, partial=kwargs.pop("partial", False))
            serializer.is_valid(raise_exception=True)
            self.perform_update(serializer)
        instance = self._fresh(serializer.instance)
        return Response(self.get_serializer(instance).data, headers={"ETag": etag_of(instance)})

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
        current = etag_of(instance)
        wanted = [tag.removeprefix("W/") for tag in parse_etags(header)]
        if "*" not in wanted and current not in wanted:
            self._refuse_stale(instance)

    def _refuse_stale(self, instance):
        error = PreconditionFailed()
        error.detail = {
            "detail": error.detail,
            "version": current_version(instance),
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


def current_version(instance) -> str:
    """The ETag of a record without its quotes, as a 412 answer names it."""
    return etag_of(instance).strip('"')


class ReferenceViewSet(viewsets.ReadOnlyModelViewSet):
    """Read-only reference data every signed-in user may read (territory, codelists): no scope applies."""

    lookup_field = "code"
    lookup_value_regex = r"[\w-]+"


def attach_ids(instances, names) -> None:
    """Read the ids in each of the many-to-many sets ``names`` of all ``instances`` (one model) with one query per set,
    in the order the related model lists its rows, and keep them on the rows for the fields of those sets.

    A list page shows its participants, districts or forms by id or code only: a prefetch would build a manager, a
    queryset and a model instance for every row and every member, which costs more than the page's SQL.
    """
    if not instances or not names:
        return
    model = type(instances[0])
    for name in names:
        field = model._meta.get_field(name)
        own, other = field.m2m_field_name(), field.m2m_reverse_field_name()
        members = defaultdict(list)
        rows = field.remote_field.through.objects.filter(**{f"{own}_id__in": [row.pk for row in instances]})
        for pk, member in rows.order_by(other, "pk").values_list(f"{own}_id", f"{other}_id"):
            members[pk].append(member)
        _keep(instances, name, members)


def attach_rows(instances, row_sets: dict) -> None:
    """Read the rows of each reverse relation in ``row_sets`` ({name: queryset of its rows}) for all ``instances``
    with one query per relation and keep them on the instances, for the nested serializers of those rows (the same
    query as a prefetch, without a manager and a queryset made for every instance)."""
    if not instances or not row_sets:
        return
    model = type(instances[0])
    for name, queryset in row_sets.items():
        key = model._meta.get_field(name).field.attname  # the rows' own key to the instance ("organization_id")
        rows = defaultdict(list)
        for row in queryset.filter(**{f"{key}__in": [instance.pk for instance in instances]}):
            rows[getattr(row, key)].append(row)
        _keep(instances, name, rows)


def _keep(instances, name: str, grouped: dict) -> None:
    for instance in instances:
        instance.__dict__.setdefault("_attached", {})[name] = grouped.get(instance.pk, [])


def attached(instance, name: str):
    """What attach_ids or attach_rows kept on the instance for ``name`` (None when nothing was attached)."""
    if not isinstance(instance, models.Model):
        return None
    return instance.__dict__.get("_attached", {}).get(name)


class AttachedIdsField(serializers.ManyRelatedField):
    """A many-to-many set shown by ids or codes: from the ids attached to the row (attach_ids) when a list read them,
    else from the set itself."""

    def get_attribute(self, instance):
        ids = attached(instance, self.source)
        if ids is None:
            return super().get_attribute(instance)
        related = instance._meta.get_field(self.source).related_model
        if is_coded(related):
            return [code_of(related, pk) for pk in ids]
        return [PKOnlyObject(pk) for pk in ids]


class AttachedIdsMixin:
    """``many=True`` gives an AttachedIdsField."""

    @classmethod
    def many_init(cls, *args, **kwargs):
        list_kwargs = {key: value for key, value in kwargs.items() if key in MANY_RELATION_KWARGS}
        return AttachedIdsField(child_relation=cls(*args, **kwargs), **list_kwargs)


class AttachedListSerializer(serializers.ListSerializer):
    """Nested rows (``Meta.list_serializer_class``): those attached to the record (attach_rows) when a list read them,
    else the record's relation itself."""

    def get_attribute(self, instance):
        rows = attached(instance, self.source)
        return super().get_attribute(instance) if rows is None else rows


class SlugRelatedField(serializers.SlugRelatedField):
    """A record referenced by a text key. A key with a NUL character names nothing (PostgreSQL cannot even compare
    it), so it is "does not exist" like any other unknown key, never a server error."""

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            self.fail("does_not_exist", slug_name=self.slug_field, value=data.replace("\x00", ""))
        return super().to_internal_value(data)


class CodeRelatedField(AttachedIdsMixin, SlugRelatedField):
    """A region, district, municipality or codelist entry referenced by its code, as everywhere in the API
    ("district": "6110", "kind": "socialne_aktivizacni")."""

    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "code")
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        # A foreign key's code is read from the row's own key (core.reference): no join, no related instance.
        if len(self.source_attrs) == 1 and isinstance(instance, models.Model):
            try:
                field = instance._meta.get_field(self.source_attrs[0])
            except FieldDoesNotExist:
                field = None
            if field is not None and field.many_to_one and is_coded(field.related_model):
                pk = getattr(instance, field.attname)
                return None if pk is None else code_of(field.related_model, pk)
        return super().get_attribute(instance)

    def to_representation(self, obj):
        # A code already (get_attribute, AttachedIdsField), or the related row itself.
        return obj if isinstance(obj, str) else super().to_representation(obj)


class VisibleRelatedField(AttachedIdsMixin, serializers.PrimaryKeyRelatedField):
    """A scoped record referenced by id: only ids the requesting user can see are accepted (else "does not exist")."""

    def get_queryset(self):
        request = self.context.get("request")
        queryset = super().get_queryset()
        if request is None:
            return queryset.none()
        return queryset.restrict(request.user, "view")
