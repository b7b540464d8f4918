"""Bulk writes of the demo: validated records with history for the regional demo (a service call per row is too
slow for its thousands of records), and plain many-to-many rows for both scales."""

import datetime
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import connection
from simple_history.utils import bulk_create_with_history

BATCH = 500


def validated(instance, *, actor, moment: datetime.datetime | None = None, reason: str = "created"):
    """Validate a record as save_validated does and stamp who made it, when and why for its history row.

    The foreign keys point at rows this run has just read or written, so their existence check (a query per key and
    row) is left to the database's constraints; uniqueness is guaranteed by the generators and the unique indexes.
    """
    relations = [field.name for field in instance._meta.concrete_fields if field.is_relation]
    instance.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)
    instance._history_user = actor
    instance._change_reason = reason
    if moment is not None:
        instance._history_date = moment
    return instance


def create(model, objects: list) -> list:
    """Insert validated records and their creation history rows; the records come back with their keys.

    As save_validated does for one record, every record must be one its actor may add: otherwise the whole demo rolls
    back, since the demo's users would not be able to work with what they are said to have recorded.
    """
    created = bulk_create_with_history(objects, model, batch_size=BATCH, default_change_reason="created")
    by_actor = defaultdict(list)
    for instance in created:
        by_actor[instance._history_user].append(instance.pk)
    for actor, pks in by_actor.items():
        if actor is not None and model.objects.restrict(actor, "add").filter(pk__in=pks).count() != len(pks):
            raise ValidationError(f"{actor} may not add all these {model._meta.verbose_name_plural}.")
    return created


def insert_pairs(through, left: str, right: str, rows: list[tuple[int, int]], batch: int = 5_000) -> None:
    """Insert pairs of keys straight into a many-to-many table: COPY on PostgreSQL, multi-row INSERTs elsewhere.

    For the national dataset's millions of participant rows this skips building a model instance per row, which is
    most of the cost of bulk_create() for a two-column table; the rows carry only keys, so nothing needs validating.
    """
    quote = connection.ops.quote_name
    table, columns = quote(through._meta.db_table), f"{quote(left)}, {quote(right)}"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        for start in range(0, len(rows), batch):
            chunk = rows[start : start + batch]
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES " + ", ".join(["(%s, %s)"] * len(chunk)),
                [key for row in chunk for key in row],
            )


def backdate(model, moments: dict[int, datetime.datetime]) -> None:
    """Set when records were created: their created_at and the date of their creation history row.

    One parameterised UPDATE per table run with executemany: bulk_update() would build a CASE with a branch per row,
    which costs seconds for the few thousand rows of the demo.
    """
    if not moments:
        return
    quote, adapt = connection.ops.quote_name, connection.ops.adapt_datetimefield_value
    history = model.history.model._meta.db_table
    with connection.cursor() as cursor:
        params = [(adapt(moment), pk) for pk, moment in moments.items()]
        cursor.executemany(
            f"UPDATE {quote(model._meta.db_table)} SET {quote('created_at')} = %s "
            f"WHERE {quote(model._meta.pk.column)} = %s",
            params,
        )
        cursor.executemany(
            f"UPDATE {quote(history)} SET {quote('history_date')} = %s "
            f"WHERE {quote('id')} = %s AND {quote('history_type')} = '+'",
            params,
        )
