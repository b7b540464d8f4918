"""Codes of the reference tables (kraje, ORP, obce and the codelists of services) by id and back, read once per process.

Every list of the API shows its rows' kraj, ORP, obec and service kind by their codes. Reading those codes from a
table held in memory spares each page the joins (the obce alone are 6 250 rows to hash) and the model instances of the
related rows. The tables are loaded by migrations and the management commands and are read-only in the
administration, so a code never changes while the app runs; a row added later (by another process) is found by
reading the table again when an id or a code is missing, a row saved in this process clears its table at once.
"""

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_delete, post_save

# The models whose rows are referenced by code (their ``code`` field is unique).
CODED = (
    "territory.Region",
    "territory.District",
    "territory.Municipality",
    "organizations.ServiceKind",
    "organizations.ServiceForm",
    "organizations.TargetGroup",
)

_by_id: dict[str, dict[int, str]] = {}
_by_code: dict[str, dict[str, int]] = {}


def is_coded(model) -> bool:
    meta = getattr(model, "_meta", None)
    return meta is not None and meta.label in CODED


def _load(label: str) -> tuple[dict[int, str], dict[str, int]]:
    pairs = list(apps.get_model(label)._base_manager.values_list("pk", "code"))
    by_id, by_code = dict(pairs), {code: pk for pk, code in pairs}
    _by_id[label], _by_code[label] = by_id, by_code
    return by_id, by_code


def code_of(model, pk: int) -> str | None:
    """The code of the row ``pk`` of a coded table (None when there is no such row)."""
    label = model._meta.label
    codes = _by_id.get(label)
    if codes is None or pk not in codes:
        codes = _load(label)[0]
    return codes.get(pk)


def id_of(label: str, code: str) -> int | None:
    """The id of the row of a coded table ("territory.District") with this code (None when there is none)."""
    ids = _by_code.get(label)
    if ids is None or code not in ids:
        ids = _load(label)[1]
    return ids.get(code)


def forget(sender=None, **kwargs) -> None:
    """Drop the table of a coded model written to in this process (every table when called without one): at once,
    and again when the transaction commits, so that a table read by another thread in between is not kept."""
    if sender is None:
        _by_id.clear()
        _by_code.clear()
    elif is_coded(sender):
        _drop(sender._meta.label)
        transaction.on_commit(lambda: _drop(sender._meta.label), using=kwargs.get("using"))


def _drop(label: str) -> None:
    _by_id.pop(label, None)
    _by_code.pop(label, None)


post_save.connect(forget, dispatch_uid="core.reference.saved")
post_delete.connect(forget, dispatch_uid="core.reference.deleted")
