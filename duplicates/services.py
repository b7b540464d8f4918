"""Writes of the duplicates app besides the merge (duplicates.merge): "not a duplicate", remembered by pair."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from core.errors import OutOfScope
from duplicates.models import NotDuplicate
from organizations.models import Organization


def mergeable_pair(user, first_id, second_id) -> tuple[Organization, Organization]:
    """The two organisations of a pair, both of which the user may merge (else OutOfScope: 404, neither named)."""
    rows = {row.pk: row for row in Organization.objects.restrict(user, "merge").filter(pk__in=[first_id, second_id])}
    if first_id == second_id or len(rows) != 2:
        raise OutOfScope("pair not within the user's reach to merge")
    return rows[first_id], rows[second_id]


@transaction.atomic
def not_duplicate_mark(*, actor, first: Organization, second: Organization) -> NotDuplicate:
    """Remember that the two are different organisations: the pair is never offered as a candidate again."""
    if first.pk == second.pk:
        raise ValidationError(_("Choose two different records."))
    mergeable_pair(actor, first.pk, second.pk)
    low, high = sorted((first.pk, second.pk))
    record, _created = NotDuplicate.objects.get_or_create(first_id=low, second_id=high, defaults={"decided_by": actor})
    return record
