"""Reads of contact persons that take the user, through ``restrict(user, action)``."""

from django.db.models import QuerySet

from contacts.models import Contact
from organizations.search import normalize

# The directory lists at most this many people found by name.
PEOPLE_FOUND = 10


def contact_list(*, user, organization) -> QuerySet[Contact]:
    """The contact persons of an organisation the user may see, without those erased on request."""
    return Contact.objects.restrict(user, "view").filter(organization=organization, erased_at__isnull=True)


def organization_card_contacts(user, organization) -> dict:
    """The section of the organisation card (organizations.card): its contact persons."""
    return {"contacts": contact_list(user=user, organization=organization)}


def contact_search(user, query: str) -> list[Contact]:
    """The contact persons the user may see (an OSPOD worker: those shareable with OSPOD) whose name holds every word
    of the query, without diacritics and case ("benesova" finds "Klára Benešová"), with their organisation; not
    those erased on request."""
    words = list(dict.fromkeys(normalize(query).split()))
    if not words:
        return []
    contacts = Contact.objects.restrict(user, "view").filter(erased_at__isnull=True)
    for word in words:
        contacts = contacts.filter(search_name__contains=word)
    return list(contacts.select_related("organization").order_by("search_name", "pk")[:PEOPLE_FOUND])
