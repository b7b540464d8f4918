"""Writes of the catalogue's own table: the life situations, kept by the national methodologist."""

from django.db import transaction

from catalogue.models import LifeSituation
from core.services import apply_changes, ensure_allowed, save_validated

SITUATION_FIELDS = ("name", "name_en", "description", "description_en", "crisis", "sort_order")


@transaction.atomic
def life_situation_update(*, actor, situation: LifeSituation, data: dict, reason: str = "") -> LifeSituation:
    """Change a life situation: its words, and the service kinds and target groups that help with it (one historical
    record for all). Only who may change the table (permissions.rules, "lifesituation"); else OutOfScope."""
    ensure_allowed(actor, situation, "change")
    data = dict(data)
    relations = {name: data.pop(name, None) for name in ("kinds", "target_groups")}
    apply_changes(situation, data, allowed=SITUATION_FIELDS)
    return save_validated(situation, actor=actor, reason=reason, relations=relations)
