"""Reads of contact persons that take the user, through ``restrict(user, action)``."""

from django.db.models import QuerySet

from contacts.models import Contact


def contact_list(*, user, organization) -> QuerySet[Contact]:
    """The contact persons of an organisation the user may see, without those erased on request."""
    return Contact.objects.restrict(user, "view").filter(organization=organization, erased_at__isnull=True)


def organization_card_contacts(user, organization) -> dict:
    """The section of the organisation card (organizations.card): its contact persons."""
    return {"contacts": contact_list(user=user, organization=organization)}
