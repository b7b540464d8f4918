"""Codes of the reference tables (kraje, ORP, obce and the codelists of services) by id and back, read once per process.

Every list of the API shows its rows' kraj, ORP, obec and service kind by their codes. Reading those codes from a
table held in memory spares each page the joins (the obce alone are 6 250 rows to hash) and the model instances of the
related rows. The tables are loaded by migrations and the management commands and are read-only in the
administration, so a code never changes while the app runs; a row added later (by another process) is found by
reading the table again when an id or a code is missing, a row saved in this process clears its table at once.
"""
from django.apps import apps
from django.db.models.signals import post_delete, post_save

# The models whose rows are referenced by code (their ``code`` field is unique).
CODED = ("network.Region", "network.District", "network.Municipality", "organizations.ServiceKind",
         "organizations.ServiceForm", "organizations.TargetGroup")

_by_id: dict[str, dict[int, str]] = {}
_by_code: dict[str, dict[str, int]] = {}


def is_coded(model) -> bool:
    return model._meta.label in CODED


def _load(label: str) -> None:
    pairs = list(apps.get_model(label)._base_manager.values_list("pk", "code"))
    _by_id[label] = dict(pairs)
    _by_code[label] = {code: pk for pk, code in pairs}


def code_of(model, pk: int) -> str | None:
    """The code of the row ``pk`` of a coded table (None when there is no such row)."""
    label = model._meta.label
    codes = _by_id.get(label)
    if codes is None or pk not in codes:
        _load(label)
        codes = _by_id[label]
    return codes.get(pk)


def id_of(label: str, code: str) -> int | None:
    """The id of the row of a coded table ("network.District") with this code (None when there is none)."""
    ids = _by_code.get(label)
    if ids is None or code not in ids:
        _load(label)
        ids = _by_code[label]
    return ids.get(code)


def forget(sender=None, **kwargs) -> None:
    """Drop the table of a coded model that was written to in this process (all tables when called without one)."""
    if sender is None:
        _by_id.clear()
        _by_code.clear()
    elif is_coded(sender):
        _by_id.pop(sender._meta.label, None)
        _by_code.pop(sender._meta.label, None)


post_save.connect(forget, dispatch_uid="network.reference.saved")
post_delete.connect(forget, dispatch_uid="network.reference.deleted")
