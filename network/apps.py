from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    """Territory (kraje, ORP, obce), cooperation links and case networks."""

    name = "network"
    verbose_name = _("Territory and network")
    default_auto_field = "django.db.models.BigAutoField"
