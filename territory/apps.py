from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TerritoryConfig(AppConfig):
    """The territory every record is placed in: kraje, ORP and obce (ČSÚ codes), loaded from territory/data/."""

    name = "territory"
    verbose_name = _("Territory")
    default_auto_field = "django.db.models.BigAutoField"
