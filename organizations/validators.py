"""Validators of organisation data: IČO, postcode, phone; and the one normaliser of an IČO."""

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def normalize_ico(value: Any) -> str | None:
    """An IČO as it is kept: without spaces; None when there is none (NULLs do not collide in the unique index, empty
    strings would). A number (a spreadsheet's cell, a JSON number) gets back the leading zeros it lost; text is taken
    as written, and validate_ico asks for all eight digits."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 10**8:
        return f"{value:08d}"
    return re.sub(r"\s", "", "" if value is None else str(value)) or None


def ico_is_valid(value: str) -> bool:
    """IČO check: 8 digits, weights 8..2 on the first seven, check digit (11 - sum mod 11) mod 10."""
    if not re.fullmatch(r"\d{8}", value or ""):
        return False
    total = sum(int(digit) * weight for digit, weight in zip(value[:7], range(8, 1, -1)))
    return (11 - total % 11) % 10 == int(value[7])


def validate_ico(value: str) -> None:
    """Refuse an IČO that is not 8 digits or whose check digit does not match."""
    if not re.fullmatch(r"\d{8}", value or ""):
        raise ValidationError(_("IČO has exactly 8 digits (keep leading zeros), e.g. 00551023."), code="ico_format")
    if not ico_is_valid(value):
        raise ValidationError(_("This IČO is not valid: its check digit does not match."), code="ico_checksum")


def validate_postcode(value: str) -> None:
    """A Czech postcode (PSČ): five digits, optionally written as 123 45."""
    if not re.fullmatch(r"\d{3} ?\d{2}", value):
        raise ValidationError(_("A postcode has five digits, e.g. 393 01."), code="postcode")


def validate_phone(value: str) -> None:
    """A phone number: digits with optional +, spaces, dashes and brackets; 9 to 15 digits."""
    digits = re.sub(r"\D", "", value)
    if not re.fullmatch(r"[+0-9 ()\-/]+", value) or not 9 <= len(digits) <= 15:
        raise ValidationError(_("Enter a phone number, e.g. +420 565 351 111."), code="phone")
