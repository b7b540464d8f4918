"""A cell of an imported file, or a value of a registry item, read as text, an IČO, a date or a web address: one
reading for the bulk import and the registry import alike. Each import says in its own words what a bad value means
(a bad row of the file, a rejected registry item)."""

import datetime
import re
from typing import Any

from django.utils.translation import gettext_lazy as _

from core.exports import unguard
from organizations.validators import normalize_ico

# A time after an ISO date (a registry's "2024-01-15T00:00:00+01:00") is left out.
ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?", re.DOTALL)
CZECH_DATE = re.compile(r"(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})")
SCHEME = re.compile(r"^https?://", re.IGNORECASE)


class CellError(Exception):
    """A cell that does not hold a value of its column; the message is for the user."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def text(raw: Any) -> str:
    """A cell as text: numbers without a trailing ".0", dates in ISO, and the apostrophes the CSV export puts before
    what a spreadsheet would take for a formula ("'+420 …", "x;'=…") dropped again."""
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return "1" if raw else "0"
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, datetime.datetime):
        raw = raw.date() if raw.time() == datetime.time() else raw
    if isinstance(raw, (datetime.date, datetime.datetime)):
        return raw.isoformat()
    return unguard(str(raw).strip())


def ico(raw: Any) -> str | None:
    """An IČO (organizations.validators.normalize_ico): one a spreadsheet turned into a number gets its leading zeros
    back; None for an empty cell."""
    return normalize_ico(raw if isinstance(raw, (int, float)) and not isinstance(raw, bool) else text(raw))


def date(raw: Any) -> datetime.date | None:
    """A date: a spreadsheet's date as it is, else ISO (2026-12-31, a time after it left out) or Czech (31. 12. 2026);
    None for an empty cell, a CellError for anything else."""
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    value = text(raw)
    if not value:
        return None
    try:
        match = ISO_DATE.fullmatch(value)
        if match:
            year, month, day = (int(part) for part in match.groups())
            return datetime.date(year, month, day)
        match = CZECH_DATE.fullmatch(value)
        if match:
            day, month, year = (int(part) for part in match.groups())
            return datetime.date(year, month, day)
    except ValueError:
        pass
    raise CellError(_("Enter a date, e.g. 31. 12. 2026 or 2026-12-31."))


def web(raw: Any) -> str:
    """A web address, "https://" put before one given without its scheme (www.example.cz); "" for an empty cell.
    Whether it is a valid address is the caller's to check."""
    value = text(raw)
    if value and not SCHEME.match(value):
        value = f"https://{value}"
    return value
