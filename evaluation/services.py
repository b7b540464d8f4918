"""Writes of the indicator catalogue, by the national methodologist."""

from django.db import transaction

from core.services import apply_changes, ensure_allowed, save_validated
from evaluation.models import Indicator

INDICATOR_FIELDS = (
    "name",
    "name_en",
    "definition",
    "unit",
    "period",
    "minimum",
    "maximum",
    "at_most",
    "change_factor",
    "threshold",
    "warn_against",
    "warn_band",
    "sort_order",
    "active",
)


@transaction.atomic
def indicator_update(*, actor, indicator: Indicator, data: dict, reason: str = "") -> Indicator:
    """Change an indicator; a change of what it means or of its rules makes a new version (a round keeps the version
    it asked for). Only who may change the catalogue (permissions.rules, "indicator"); else OutOfScope."""
    ensure_allowed(actor, indicator, "change")
    changed = apply_changes(indicator, data, allowed=INDICATOR_FIELDS)
    if set(changed) - {"sort_order", "active", "name_en", "warn_against", "warn_band"}:
        indicator.version += 1
    return save_validated(indicator, actor=actor, reason=reason)
