"""Validators of the network domain: a case reference must never identify a child."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Rodné číslo: six digits of a birth date, an optional slash, then three or four digits.
_BIRTH_NUMBER = re.compile(r"\d{6}\s*/?\s*\d{3,4}")
# A date (of birth) written as 12.5.2008, 12. 5. 2008 or 2008-05-12.
_DATE = re.compile(r"\b\d{1,2}\s*[./]\s*\d{1,2}\s*[./]\s*(?:19|20)\d{2}\b|\b(?:19|20)\d{2}-\d{2}-\d{2}\b")
# Two capitalised words in a row ("Jan Novák", "NOVÁK Jan") read as a personal name.
_NAME = re.compile(
    r"\b[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ][a-záčďéěíňóřšťúůýž]+\s+[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ][A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽa-záčďéěíňóřšťúůýž]+"
    r"|\b[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ]{2,}\s+[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ][a-záčďéěíňóřšťúůýž]+\b"
)
_ALLOWED = re.compile(r"^[A-Za-z0-9ÁČĎÉĚÍŇÓŘŠŤÚŮÝŽáčďéěíňóřšťúůýž/_.\- ]+$")


def validate_case_reference(value: str) -> None:
    """Refuse a case reference that looks like a birth number, a date of birth or a person's name."""
    if _BIRTH_NUMBER.search(value):
        raise ValidationError(
            _("The reference looks like a birth number. Use a pseudonymous reference, never a child's identity."),
            code="birth_number",
        )
    if _DATE.search(value):
        raise ValidationError(
            _("The reference contains a date (of birth?). Use a pseudonymous reference."), code="date"
        )
    if _NAME.search(value):
        raise ValidationError(
            _("The reference looks like a personal name. Use a pseudonymous reference, e.g. OSPOD-2026-014."),
            code="personal_name",
        )
    if not _ALLOWED.match(value):
        raise ValidationError(
            _("Use only letters, digits, spaces and the characters / _ . - in a case reference."), code="characters"
        )
