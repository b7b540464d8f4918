"""The action plans of an ORP or a whole kraj: recommendations, who does what by when, and where each step stands.

A step of an ORP's plan is placed in the ORP; a step of the kraj's plan in the kraj alone (no district), so only kraj
roles reach it (permissions.rules, "actionitem"). Written through restrict(): out of reach is OutOfScope (404), a
place out of reach a field error on the district.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from core.services import apply_changes, ensure_allowed, save_validated
from evaluation.models import ActionItem
from meetings.models import FollowUp, NeedCategory

ACTION_FIELDS = ("recommendation", "step", "owner", "due_on", "status", "indicator", "need_category", "followup")


def _check(actor, item: ActionItem) -> None:
    errors = {}
    if item.need_category and item.need_category not in NeedCategory.values:
        errors["need_category"] = _("Choose one of the categories of needs.")
    if item.followup_id is not None and actor is not None:
        if not FollowUp.objects.restrict(actor, "view").filter(pk=item.followup_id).exists():
            errors["followup"] = _("Choose a follow-up you can see.")
    if item.district_id is not None and item.region_id is not None and item.district.region_id != item.region_id:
        errors["district"] = _("The ORP lies in another kraj.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def action_item_create(*, actor, region=None, district=None, **data) -> ActionItem:
    """A step of the plan of an ORP (``district``) or of the whole kraj (``region`` alone)."""
    if district is None and region is None:
        raise ValidationError({"district": _("Choose the ORP, or the kraj for a step of the whole kraj.")})
    item = ActionItem(region_id=district.region_id if district is not None else region.pk, district=district)
    apply_changes(item, data, allowed=ACTION_FIELDS)
    _check(actor, item)
    # Saved, then checked against the actor's rules for adding: out of reach, a field error and nothing kept.
    return save_validated(item, actor=actor, reason="created")


@transaction.atomic
def action_item_update(*, actor, item: ActionItem, data: dict, reason: str = "") -> ActionItem:
    """Change a step of a plan the actor may change (its place stays)."""
    ensure_allowed(actor, item, "change")
    apply_changes(item, data, allowed=ACTION_FIELDS)
    _check(actor, item)
    return save_validated(item, actor=actor, reason=reason)
