"""Sets and nested rows read for a whole page of records at once (one query per set, no prefetch), and the
serializer fields that show them."""

from collections import defaultdict

from django.db import models
from rest_framework import serializers
from rest_framework.relations import MANY_RELATION_KWARGS, PKOnlyObject

from core.reference import code_of, is_coded


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


def keep_visible(instances, name: str, visible) -> None:
    """Leave out of each instance's attached ids ``name`` those not in the queryset ``visible`` (the rows the user may
    see, through restrict()): one query for all the instances."""
    ids = {pk for instance in instances for pk in attached(instance, name) or ()}
    if not ids:
        return
    seen = set(visible.filter(pk__in=ids).values_list("pk", flat=True))
    holding = [instance for instance in instances if attached(instance, name) is not None]
    _keep(holding, name, {instance.pk: [pk for pk in attached(instance, name) if pk in seen] for instance in holding})
