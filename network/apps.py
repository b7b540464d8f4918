from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from organizations import card
from organizations.signals import organization_moved


class NetworkConfig(AppConfig):
    """Territory (kraje, ORP, obce), cooperation links and case networks."""

    name = "network"
    verbose_name = _("Territory and network")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # organizations sits below network and cannot import it: the card shows the cooperation links, and links and
        # cases follow a moved organisation, through what organizations offers for it. Imported once the models are
        # loaded.
        from network.selectors import organization_card_links
        from network.services import network_follows_organization

        card.add_section(organization_card_links)
        organization_moved.connect(network_follows_organization, dispatch_uid="network_follows_organization")
