"""Every copy of an erased person's data, scrubbed: the contact's history and its typed reasons, the admin's log,
bulk-import files and reports, and exact quotes of the person in what users typed anywhere else.

Called by contacts.services.contact_erase (and by the scrub_erased_contacts command for erasures made before this
existed). What stays of the person is the anonymised record and the erasure log: who erased, when, on what ground.
"""

import json
import re
from collections.abc import Iterable

from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.db.models.functions import Cast

from contacts.models import ERASED_NAME, Contact
from organizations.models import ImportBatch

PERSONAL_FIELDS = {"name": ERASED_NAME, "position": "", "email": "", "phone": ""}

# Apps whose rows hold what users typed or what the system copied from records; Django's own tables (users,
# sessions, permissions, tokens) never hold a contact's data.
SWEPT_APPS = ("admin", "contacts", "meetings", "network", "organizations", "permissions", "surveys")
# Free text by nature: every TextField and JSONField, and these short texts. Names, e-mails and phones of other
# records (an organisation's, another contact's) are those records' own data and are never rewritten.
FREE_TEXT_CHAR_FIELDS = {
    "history_change_reason",
    "object_repr",
    "title",
    "location",
    "capacity_note",
    "filename",
    "output_name",
}
# A value is looked for in other records' text only when it is this long: a first name alone ("Jana") would scrub
# other people out of meeting notes. The person's own history is scrubbed whatever the length.
MIN_QUOTED_LENGTH = 6


def personal_values(contact: Contact) -> set[str]:
    """Every name, e-mail and phone the person had (the record, its history, the admin's log): what may be quoted."""
    values = {getattr(contact, name) for name in ("name", "email", "phone")}
    for row in contact.history.values("name", "email", "phone"):
        values.update(row.values())
    values.update(_log_entries(contact).values_list("object_repr", flat=True))
    return {value.strip() for value in values if value and value.strip() != ERASED_NAME}


def contact_scrub(*, contact: Contact, values: Iterable[str], keep_history_id: int | None = None) -> int:
    """Scrub every copy of an erased contact's personal data; returns how many rows of other records were rewritten.

    `values` are the person's names, e-mails and phones (personal_values, read before the record was anonymised);
    `keep_history_id` is the history row of the erasure itself, whose reason ("erased") stays.
    """
    contact.history.update(**PERSONAL_FIELDS)
    # Reasons typed for earlier edits quote the person ("new e-mail jana@…"): only the erasure's own stays.
    contact.history.exclude(pk=keep_history_id).update(history_change_reason=None)
    # The admin's "recent actions" name the record as it was and may list its changes: keep who and when only.
    _log_entries(contact).update(object_repr=ERASED_NAME, change_message="")
    ImportBatch.objects.forget_contacts()
    return _sweep_quotes({value for value in values if len(value) >= MIN_QUOTED_LENGTH})


def _log_entries(contact: Contact):
    return LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Contact), object_id=str(contact.pk))


def _sweep_quotes(values: set[str]) -> int:
    """Replace exact quotes (any case) of the values in the free text of every swept model; returns the rows changed.

    One query per model finds the few rows quoting the person (a scan: erasures are rare); each is then rewritten
    in place, without a history row of its own (a new history row would be one more copy of the text).
    """
    if not values:
        return 0
    # JSON text (the admin's change messages, and JSON columns on SQLite) spells non-ASCII letters as \\u escapes.
    needles = values | {json.dumps(value)[1:-1] for value in values}
    pattern = re.compile(
        "|".join(re.escape(needle) for needle in sorted(needles, key=len, reverse=True)), re.IGNORECASE
    )
    changed = 0
    for model in apps.get_models():
        if model._meta.app_label not in SWEPT_APPS or model is Contact:
            continue
        fields = [field for field in model._meta.concrete_fields if _is_free_text(field)]
        if not fields:
            continue
        changed += _sweep_model(model, fields, needles, pattern)
    return changed


def _is_free_text(field) -> bool:
    if field.choices:
        return False
    if isinstance(field, (models.TextField, models.JSONField)):
        return True
    return isinstance(field, models.CharField) and field.name in FREE_TEXT_CHAR_FIELDS


def _sweep_model(model, fields, needles: set[str], pattern: re.Pattern) -> int:
    aliases, condition = {}, Q()
    for field in fields:
        target = field.name
        if isinstance(field, models.JSONField):
            target = f"scrub_{field.name}_text"
            aliases[target] = Cast(field.name, models.TextField())
        for needle in needles:
            condition |= Q(**{f"{target}__icontains": needle})
    manager = model._base_manager
    rows = manager.alias(**aliases).filter(condition).order_by().values("pk", *(field.name for field in fields))
    changed = 0
    for row in rows:
        updates = {}
        for field in fields:
            value = row[field.name]
            scrubbed = (
                _scrub_json(value, pattern)
                if isinstance(field, models.JSONField)
                else (pattern.sub(ERASED_NAME, value) if value else value)
            )
            if scrubbed != value:
                updates[field.name] = scrubbed
        if updates:
            if any(field.name == "version" for field in model._meta.concrete_fields):
                # A form opened before the erasure carries the old version: its save is refused as stale instead of
                # writing the quoted name back.
                updates["version"] = models.F("version") + 1
            manager.filter(pk=row["pk"]).update(**updates)
            changed += 1
    return changed


def _scrub_json(value, pattern: re.Pattern):
    if isinstance(value, str):
        return pattern.sub(ERASED_NAME, value)
    if isinstance(value, list):
        return [_scrub_json(item, pattern) for item in value]
    if isinstance(value, dict):
        return {_scrub_json(key, pattern): _scrub_json(item, pattern) for key, item in value.items()}
    return value
