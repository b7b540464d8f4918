"""The values of a registry item as Síťař keeps them, and the reasons an item is left out."""

import datetime
import re
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext

from core.errors import OutOfScope, errors_by_field
from imports import cells
from imports.registry.report import Rejected
from organizations.models import Organization, Service, ServiceStatus

IMPORT_REASON = "RPSS import"


def clipped(value: Any, limit: int) -> str:
    """A value as one line of text (runs of white space made one space), cut at `limit` characters."""
    return " ".join(str(value or "").split())[:limit]


def item_date(value: Any) -> datetime.date | None:
    """A date of the registry (ISO, a time after it left out); a bad one rejects the service."""
    if not value:
        return None
    try:
        return cells.date(value)
    except cells.CellError as exc:
        raise Rejected("service", gettext("The date %(value)s is not valid.") % {"value": value}) from exc


def first(entries: Any, key: str) -> str:
    for entry in entries or ():
        value = entry.get(key) if isinstance(entry, dict) else entry
        if value:
            return str(value).strip()
    return ""


def valid_or_empty(value: str, validator: Callable[[str], None]) -> str:
    """An optional contact value kept only when valid: a typo in the registry must not reject the whole item."""
    if not value:
        return ""
    try:
        validator(value)
    except ValidationError:
        return ""
    return value


def web_address(value: str) -> str:
    """The provider's web address, "" when it is not a valid one."""
    return valid_or_empty(cells.web(value)[:200], URLValidator())


def postcode(value: Any) -> str:
    digits = re.sub(r"\D", "", str(value or ""))
    return f"{digits[:3]} {digits[3:]}" if len(digits) == 5 else ""


def street(address: dict) -> str:
    name = clipped((address.get("ulice") or {}).get("nazev"), 150) or clipped(
        (address.get("castObce") or {}).get("nazev"), 150
    )
    number = str(address.get("cisloDomovni") or "").strip()
    if address.get("cisloOrientacni"):
        number = f"{number}/{address['cisloOrientacni']}" if number else str(address["cisloOrientacni"])
    return clipped(f"{name} {number}", 200)


def reason_of(exc: ValidationError, model) -> str:
    """A validation error as one line, each message after the label of its field."""
    parts = []
    for name, messages in errors_by_field(exc).items():
        try:
            label = str(model._meta.get_field(name).verbose_name)
        except Exception:  # "__all__", "district" of a ScopedModel's errors and the like
            label = "" if name == "__all__" else name
        parts.append(f"{label}: {' '.join(messages)}" if label else " ".join(messages))
    return "; ".join(parts)


def check_owner(existing: Service, organization: Organization, registry_id: str) -> None:
    if existing.organization_id != organization.pk:
        raise Rejected(
            "service",
            gettext("The service %(id)s belongs to another organisation in Síťař; move it by hand first.")
            % {"id": registry_id},
        )


def service_outcome(changes: dict) -> str:
    return "ended" if changes.get("status") == ServiceStatus.ENDED else "updated"


def item_label(item: dict, index: int) -> str:
    return str(item.get("identifikator") or item.get("id") or f"#{index}")


def rejection_of(exc: Exception, stage: str) -> tuple[str, str]:
    """The entity and the reason of an item left out because of `exc` (raised while at `stage`)."""
    if isinstance(exc, Rejected):
        return exc.entity, exc.reason
    if isinstance(exc, ValidationError):
        return stage, reason_of(exc, Organization if stage == "organization" else Service)
    if isinstance(exc, OutOfScope):
        return stage, gettext("You may not change this record.")
    return stage, gettext("The item could not be read: %(error)s") % {"error": exc}
