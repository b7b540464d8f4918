"""Writes of contact persons, and their erasure on request (anonymised, history scrubbed, the erasure logged)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.erasure import PERSONAL_FIELDS, contact_scrub, personal_values
from contacts.models import Contact, ContactErasure, ErasureGround
from core.services import apply_changes, move_with_owner, place, save_validated
from organizations.models import Organization

CONTACT_FIELDS = ("name", "position", "email", "phone", "legal_basis", "consent_on", "shareable_with_ospod")


@transaction.atomic
def contact_create(
    *, actor, organization: Organization, name: str, legal_basis: str, reason: str = "", **fields
) -> Contact:
    """Create a contact person at an organisation; scoped with the organisation."""
    contact = Contact(organization=organization, name=name, legal_basis=legal_basis)
    apply_changes(contact, fields, allowed=CONTACT_FIELDS)
    place(contact, organization.district)
    return save_validated(contact, actor=actor, reason=reason or "created")


@transaction.atomic
def contact_update(*, actor, contact: Contact, data: dict, reason: str = "") -> Contact:
    """Change a contact person's details (never of one erased on request: that would undo the erasure)."""
    if contact.is_erased:
        raise ValidationError(_("This contact was erased on request and cannot be changed."), code="erased")
    apply_changes(contact, data, allowed=CONTACT_FIELDS)
    return save_validated(contact, actor=actor, reason=reason)


def contacts_follow_organization(sender, *, organization: Organization, actor, **kwargs) -> None:
    """The contact persons of an organisation that moved follow it to its new district (organization_moved; they are
    scoped with it), in the transaction of the move."""
    move_with_owner(
        Contact.objects.filter(organization=organization),
        organization.district,
        actor=actor,
        reason="moved with the organisation",
    )


@transaction.atomic
def contact_erase(*, actor, contact: Contact, ground: str) -> ContactErasure:
    """Erase a person's data on request: anonymise the record, scrub every copy of it, and log the erasure.

    The record itself stays (meetings still show that "a person" of the organisation took part), without personal
    data. The log keeps who erased, when and the legal ground (a code): no free text, which would quote the person.
    """
    if ground not in ErasureGround.values:
        raise ValidationError({"ground": _("Choose the legal ground of the erasure.")}, code="invalid_choice")
    if contact.is_erased:
        raise ValidationError(_("This contact was erased on request already."), code="erased")
    values = personal_values(contact)
    for name, value in PERSONAL_FIELDS.items():
        setattr(contact, name, value)
    contact.shareable_with_ospod = False
    contact.erased_at = timezone.now()
    save_validated(contact, actor=actor, reason="erased")
    contact_scrub(contact=contact, values=values, keep_history_id=contact.history.latest().pk)
    return ContactErasure.objects.create(
        contact=contact, organization_id=contact.organization_id, erased_by=actor, ground=ground
    )
