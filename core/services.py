"""Helpers every app's services use: validated saves with history, versioned updates, scope derivation."""

import datetime
import re
from collections.abc import Iterable
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.bulk_history import write_history
from core.errors import SCOPE_ERRORS, OutOfScope, StaleVersion, errors_by_field

M = TypeVar("M", bound=models.Model)


def save_validated(
    instance: M,
    *,
    actor,
    reason: str = "",
    exclude: Iterable[str] = (),
    action: str | None = None,
    relations: dict[str, Iterable | None] | None = None,
    created_at: datetime.datetime | None = None,
) -> M:
    """Validate the whole record (fields, clean(), unique and check constraints), then save it with its history.

    `relations` replaces many-to-many sets after the save ({name: values}; None leaves a relation as it is); the record
    and its relations then get one historical record together, not one per relation changed.

    For a scoped record the actor's scope is checked on both sides of the write: the stored row must be one the actor
    may change (else OutOfScope, which views answer with 404), and the row as saved must still be within the actor's
    scope for the action (else a ValidationError on its district, and the transaction rolls back). `actor=None` is
    the system itself (migrations, imports). Call inside a transaction: an IntegrityError from a concurrent write is
    turned into a ValidationError.

    `created_at` dates a new record (and its first historical record) back to when it was logged offline
    (recorded_time() checks it first).
    """
    # A record placed in the territory (permissions.scoping.ScopedModel) names the field its scope errors go to.
    scoped = actor is not None and hasattr(instance, "scope_field")
    action = action or ("add" if instance._state.adding else "change")
    if scoped and not instance._state.adding:
        ensure_allowed(actor, instance, action)
    instance.full_clean(exclude=list(exclude))
    instance._history_user = actor  # read by django-simple-history for the history row
    instance._change_reason = reason or None
    relations = {name: values for name, values in (relations or {}).items() if values is not None}
    adding = instance._state.adding
    backdated = created_at if adding else None
    if relations:
        instance.skip_history_when_saving = True  # django-simple-history: written below, once
    if backdated is not None:
        instance._history_date = backdated  # read by django-simple-history for the history row
    try:
        instance.save()
        for name, values in relations.items():
            getattr(instance, name).set(list(values))
    except IntegrityError as exc:  # a race with another writer that full_clean() could not see
        raise ValidationError(_("The record conflicts with another one saved at the same time.")) from exc
    finally:
        if relations:
            del instance.skip_history_when_saving
        instance.__dict__.pop("_history_date", None)
    if relations:
        write_history(type(instance), [instance], update=not adding, actor=actor, reason=reason, date=backdated)
    if backdated is not None:
        # created_at is auto_now_add: the save wrote the present time, the row gets the time it was logged.
        type(instance)._base_manager.filter(pk=instance.pk).update(created_at=backdated)
        instance.created_at = backdated
    if scoped and not _allowed(actor, instance, action):
        message = SCOPE_ERRORS["add" if action == "add" else "change"]
        raise ValidationError({instance.scope_field: message}, code="out_of_scope")
    return instance


# How far ahead of the server's clock a tablet's clock may run.
CLOCK_SKEW = datetime.timedelta(minutes=5)


def recorded_time(recorded_at: datetime.datetime | None) -> datetime.datetime | None:
    """When a tablet logged a record offline (``recorded_at``), checked: not in the future (beyond CLOCK_SKEW), not
    more than SITAR_OFFLINE_MAX_DAYS back. None: the record is logged now."""
    if recorded_at is None:
        return None
    now = timezone.now()
    if recorded_at > now + CLOCK_SKEW:
        raise ValidationError({"recorded_at": _("The time it was logged lies in the future.")})
    days = settings.SITAR_OFFLINE_MAX_DAYS
    if recorded_at < now - datetime.timedelta(days=days):
        message = ngettext(
            "Work logged offline is taken at most %(days)d day after it was logged.",
            "Work logged offline is taken at most %(days)d days after it was logged.",
            days,
        ) % {"days": days}
        raise ValidationError({"recorded_at": message})
    return min(recorded_at, now)


def _allowed(actor, instance, action: str) -> bool:
    return type(instance).objects.restrict(actor, action).filter(pk=instance.pk).exists()


def ensure_allowed(actor, instance, action: str) -> None:
    """Refuse (OutOfScope) when the stored record is not one the actor may act on this way."""
    if actor is not None and not _allowed(actor, instance, action):
        raise OutOfScope(f"{instance._meta.label} {instance.pk}: {action} not allowed")


# The errors of an inline record (a meeting's follow-up or need) are keyed as a formset keys its fields: the set, the
# row's index, the field ("followups-0-due_on"). inline_errors() writes such keys; INLINE_KEY reads them back (the API
# reports them nested by the row's index, the meeting form puts them on the row the user typed).
INLINE_KEY = re.compile(r"^(?P<name>[a-z_]+)-(?P<index>\d+)-(?P<field>.+)$")


def inline_errors(exc: ValidationError, name: str, index: int) -> ValidationError:
    """The errors of row ``index`` of the inline set ``name``, keyed like a formset's fields ("followups-0-due_on")."""
    return ValidationError({f"{name}-{index}-{field}": messages for field, messages in errors_by_field(exc).items()})


def apply_changes(instance: M, data: dict[str, Any], *, allowed: Iterable[str]) -> list[str]:
    """Set the allowed fields given in data on the instance; return the names of the fields that really changed."""
    allowed = set(allowed)
    unknown = set(data) - allowed
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in sorted(unknown)})
    changed = []
    for name, value in data.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed


def bump_version(instance, expected_version: int | None) -> None:
    """Lock the stored row, refuse the update if it was based on an older version, then count one version up.

    The stored version is read under a row lock, not taken from the instance in memory: a tablet's edit loaded before
    somebody else's change must not overwrite it silently.
    """
    stored = type(instance)._base_manager.select_for_update().values_list("version", flat=True).get(pk=instance.pk)
    instance.version = stored
    if expected_version is not None and expected_version != stored:
        raise StaleVersion(instance)
    instance.version = stored + 1


def keep_unseen(actor, stored, chosen: Iterable, *, choosable=None) -> list:
    """The related records an edit leaves: those chosen, plus those stored that the actor could not have chosen.

    An edit replaces what its author can see; records out of their sight (added by somebody with a wider reach, a
    contact not shared with OSPOD) are neither shown to them nor dropped by them. ``stored`` is the relation as it is
    (``meeting.contacts``); ``choosable`` what the actor may choose from, by default what they may view (narrower
    where some rows are never offered again, such as a contact erased on request). The system (``actor=None``) sees
    everything: what it leaves out goes.
    """
    chosen = list(chosen)
    if actor is None:
        return chosen
    if choosable is None:
        choosable = stored.model.objects.restrict(actor, "view")
    known = {record.pk for record in chosen}
    return [*chosen, *(record for record in stored.exclude(pk__in=choosable.values("pk")) if record.pk not in known)]


def place(instance, district) -> None:
    """Place a scoped record in a district (and so its region): the only way region/district are set."""
    if district is None:
        raise ValidationError({"district": _("Choose a district (ORP).")})
    instance.district = district
    instance.region_id = district.region_id


def move_with_owner(rows: Iterable, district, *, actor, reason: str) -> None:
    """Re-place records that are scoped with their owner after the owner moved, one history row each (rows in the
    owner's district already are left alone)."""
    for row in rows:
        region_id, district_id = row.region_id, row.district_id
        place(row, district)
        if (row.region_id, row.district_id) == (region_id, district_id):
            continue
        row._history_user = actor
        row._change_reason = reason
        row.save(update_fields=["district", "region", "updated_at"])
