from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfflineConfig(AppConfig):
    """The installable, offline-capable app of the tablets: manifest, service worker, offline shell."""

    name = "offline"
    verbose_name = _("Offline app")
    default_auto_field = "django.db.models.BigAutoField"
