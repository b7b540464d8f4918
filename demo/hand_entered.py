"""A duplicate entered by hand, as real directories get them: a kindergarten typed in again by the Jihlava síťař,
with a typo and without its IČO (the duplicates page finds it by its name, address and phone)."""

import datetime

from django.utils import timezone

from contacts.services import contact_create
from demo.world import World
from organizations.models import Organization
from organizations.services import organization_create

# The original, from the regional generator; the copy's name has the typos of a hurried hand.
ORIGINAL = "Mateřská škola Světluška Jihlava"
TYPED = "Materská škola Svetluška Jihlava"


def create_hand_entered_duplicate(world: World) -> Organization | None:
    """Enter the kindergarten a second time (once), dated a month back; None when the original is not in the demo."""
    original = Organization.objects.filter(name=ORIGINAL).first()
    if original is None or Organization.objects.filter(name=TYPED).exists():
        return None
    copy = organization_create(
        actor=world.users["sitar.jihlava"],
        name=TYPED,
        kind=original.kind,
        street=original.street,
        municipality=original.municipality,
        phone=original.phone,
        latitude=original.latitude,
        longitude=original.longitude,
        reason="created",
    )
    # The person the síťař spoke to, typed in again with the record (the demo's people are made up).
    person = original.contacts.order_by("pk").first()
    if person is not None:
        contact_create(
            actor=world.users["sitar.jihlava"],
            organization=copy,
            name=person.name,
            position=person.position,
            phone=person.phone,
            legal_basis="legitimate_interest",
        )
    # Dated as the demo dates its records: the record and its first history row on the same day.
    entered = timezone.now() - datetime.timedelta(days=30)
    Organization.objects.filter(pk=copy.pk).update(created_at=entered, updated_at=entered)
    copy.history.filter(history_type="+").update(history_date=entered)
    return copy
