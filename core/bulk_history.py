"""Saving many rows at once with the same history a one-by-one save through the services leaves.

An import of thousands of records cannot afford a save, a history row and a history row per many-to-many ``set()``
for each record (django-simple-history writes a full historical record on every m2m change). Here a batch costs a
fixed number of statements: one insert of the new rows, one update of the changed ones, a delete and an insert per
changed relation, one insert of historical records and one per tracked relation of their snapshots.

The caller validates first (``full_clean``) and checks the scope; this module only writes.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.apps import apps
from django.db import models
from django.utils import timezone

BATCH_SIZE = 500


def m2m_ends(model, name: str) -> tuple[type[models.Model], str, str]:
    """The through model of a many-to-many field and the attnames of its two foreign keys (this side, other side)."""
    field = model._meta.get_field(name)
    through = field.remote_field.through
    source = field.m2m_field_name()
    target = field.m2m_reverse_field_name()
    return through, through._meta.get_field(source).attname, through._meta.get_field(target).attname


def changed_fields(stored: models.Model, changed: models.Model) -> list[str]:
    """The concrete fields whose values differ between a stored row and its changed copy, including those clean()
    derived (an organisation's search name): what an update must write so the row equals the copy."""
    return [
        field.name
        for field in stored._meta.concrete_fields
        if getattr(stored, field.attname) != getattr(changed, field.attname)
    ]


def bulk_save_with_history(
    model: type[models.Model],
    *,
    created: Sequence[models.Model] = (),
    updated: Sequence[tuple[models.Model, Iterable[str]]] = (),
    relations: Sequence[tuple[models.Model, dict[str, Iterable[int]]]] = (),
    actor=None,
    reason: str = "",
) -> None:
    """Insert `created`, update the given fields of `updated`, replace the given m2m sets, and write their history.

    `relations` pairs an instance (new or updated) with {m2m field name: the wanted ids}; relations not named stay as
    they are. Every instance gets one historical record ("+" or "~") by `actor` with `reason`, whose m2m snapshot is
    the relation as stored after the write.
    """
    now = timezone.now()
    created = list(created)
    changed = [instance for instance, _ in updated]
    for instance in created:
        instance.created_at = instance.updated_at = now
    if created:
        model.objects.bulk_create(created, batch_size=BATCH_SIZE)
    if changed:
        for instance in changed:
            instance.updated_at = now
        fields = sorted({name for _, names in updated for name in names} | {"updated_at"})
        model.objects.bulk_update(changed, fields, batch_size=BATCH_SIZE)

    for name in {name for _, wanted in relations for name in wanted}:
        through, source, target = m2m_ends(model, name)
        wanted = {instance.pk: set(values[name]) for instance, values in relations if name in values}
        new = {instance.pk for instance in created}
        old = [pk for pk in wanted if pk not in new]
        if old:
            through.objects.filter(**{f"{source}__in": old}).delete()
        through.objects.bulk_create(
            [through(**{source: pk, target: value}) for pk, values in wanted.items() for value in sorted(values)],
            batch_size=BATCH_SIZE,
        )

    write_history(model, created, update=False, actor=actor, reason=reason, date=now)
    write_history(model, changed, update=True, actor=actor, reason=reason, date=now)


def write_history(
    model: type[models.Model], rows: Sequence[models.Model], *, update: bool, actor, reason: str = "", date=None
) -> None:
    """One historical record per saved row ("+" new, "~" changed) with the snapshot of its tracked relations as
    stored now: what django-simple-history writes on a single save, without a record per many-to-many change."""
    if not rows:
        return
    for instance in rows:
        instance._history_user = actor
        instance._change_reason = reason or None
    records = model.history.bulk_history_create(
        rows,
        batch_size=BATCH_SIZE,
        update=update,
        default_user=actor,
        default_change_reason=reason,
        default_date=date or timezone.now(),
    )
    _snapshot_relations(model, records)


def _snapshot_relations(model, records: list) -> None:
    """The m2m snapshot rows of new historical records, as simple-history writes them on a single save."""
    historical = model.history.model
    pk_name = model._meta.pk.attname
    for field in getattr(historical, "_history_m2m_fields", ()):
        through, source, target = m2m_ends(model, field.name)
        snapshot = apps.get_model(historical._meta.app_label, f"{historical.__name__}_{field.name}")
        by_owner = defaultdict(list)
        owners = {getattr(record, pk_name) for record in records}
        for row in through.objects.filter(**{f"{source}__in": owners}).values("id", source, target):
            by_owner[row[source]].append(row)
        snapshot.objects.bulk_create(
            [snapshot(history_id=record.pk, **row) for record in records for row in by_owner[getattr(record, pk_name)]],
            batch_size=BATCH_SIZE,
        )
