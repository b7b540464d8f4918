from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    """The families' public catalogue of services (/katalog/) and the same data as Open Referral HSDS 3.0 (/hsds/):
    only what restrict(user, PUBLIC) gives, never anything of the staff's work."""

    name = "catalogue"
    verbose_name = _("Public catalogue")
    default_auto_field = "django.db.models.BigAutoField"
