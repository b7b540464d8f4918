"""The serializer kit of the API: the base serializers (fields listed explicitly, free text limited, plain columns read
directly) and the fields that reference records: regions, districts and codelists by their codes, colleagues by
user name, scoped records by id, accepted only when the user can see them.

The serializers of each domain sit beside its viewsets (api/organizations.py, api/meetings.py, …)."""

from functools import cached_property
from operator import attrgetter

from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.fields import SkipField
from rest_framework.relations import PKOnlyObject

from api.attached import AttachedIdsMixin
from core.reference import code_of, is_coded
from organizations.models import Organization
from organizations.selectors import survivor_of

FIXED = _("This cannot change once the record exists.")
# The longest free text the API takes (a meeting's summary, a description); a longer one is a field error.
TEXT_MAX_LENGTH = 20_000


class NulSafeSlugRelatedField(serializers.SlugRelatedField):
    """A record referenced by a text key. A key with a NUL character names nothing (PostgreSQL cannot even compare
    it), so it is "does not exist" like any other unknown key, never a server error."""

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            self.fail("does_not_exist", slug_name=self.slug_field, value=data.replace("\x00", ""))
        return super().to_internal_value(data)


class CodeRelatedField(AttachedIdsMixin, NulSafeSlugRelatedField):
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

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError:
            # A merged organisation's old id (an offline tablet's queued meeting) names its survivor.
            survivor = survivor_of(data) if self.get_queryset().model is Organization and _is_id(data) else None
            if survivor is None:
                raise
            return super().to_internal_value(survivor)


def _is_id(data) -> bool:
    return isinstance(data, int) and not isinstance(data, bool) or isinstance(data, str) and data.isdigit()


class UserField(NulSafeSlugRelatedField):
    """A colleague by user name (an active account)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "username")
        kwargs.setdefault("queryset", get_user_model().objects.filter(is_active=True))
        super().__init__(**kwargs)


class DirectReadModelSerializer(serializers.ModelSerializer):
    """The base of the API's serializers: free text has a length limit, as the database's character fields do, and a
    record is read out quickly (a list page reads thousands of values)."""

    def build_standard_field(self, field_name, model_field):
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        if isinstance(model_field, models.TextField):
            kwargs.setdefault("max_length", TEXT_MAX_LENGTH)
        return field_class, kwargs

    def to_representation(self, instance):
        """DRF's, except that a field showing a plain column of the record reads it as a plain attribute: DRF's
        general lookup (dotted sources, mappings, callables, defaults) costs a dozen calls per value."""
        if not isinstance(instance, models.Model):
            return super().to_representation(instance)
        data = {}
        for name, read, field in self._readers:
            if read is None:
                try:
                    value = field.get_attribute(instance)
                except SkipField:
                    continue
                present = value.pk if isinstance(value, PKOnlyObject) else value
            else:
                value = present = read(instance)
            data[name] = None if present is None else field.to_representation(value)
        return data

    @cached_property
    def _readers(self) -> list:
        columns = {field.attname for field in self.Meta.model._meta.concrete_fields if not field.is_relation}
        readers = []
        for field in self._readable_fields:
            plain = (
                type(field).get_attribute is serializers.Field.get_attribute
                and len(field.source_attrs) == 1
                and field.source_attrs[0] in columns
            )
            readers.append((field.field_name, attrgetter(field.source_attrs[0]) if plain else None, field))
        return readers


class ScopedSerializer(DirectReadModelSerializer):
    """A scoped record shows the kraj and ORP it lies in by their codes; services place it, so both are read-only.

    ``fixed_fields`` are given when a record is created and stay (a service's organisation, a follow-up's meeting): an
    update may repeat them unchanged, never change them.
    """

    region = CodeRelatedField(read_only=True)
    district = CodeRelatedField(read_only=True)
    fixed_fields: tuple[str, ...] = ()

    def validate(self, attrs):
        if self.instance is not None:
            changed = [
                name for name in self.fixed_fields if name in attrs and attrs.pop(name) != getattr(self.instance, name)
            ]
            if changed:
                raise serializers.ValidationError({name: [FIXED] for name in changed})
        return attrs
