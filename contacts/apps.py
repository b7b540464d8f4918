from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from organizations import card
from organizations.signals import organization_moved


class ContactsConfig(AppConfig):
    """Contact persons at organisations, their legal basis and erasure."""

    name = "contacts"
    verbose_name = _("Contact persons")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # organizations sits below contacts and cannot import them: the card shows the contact persons, and they
        # follow a moved organisation, through what organizations offers for it. Imported once the models are loaded.
        from contacts.selectors import contact_search, organization_card_contacts
        from contacts.services import contacts_follow_organization

        card.add_section(organization_card_contacts)
        card.set_people_search(contact_search)
        organization_moved.connect(contacts_follow_organization, dispatch_uid="contacts_follow_organization")
