from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    """Organisations, their services and the codelists of kinds and target groups."""

    name = "organizations"
    verbose_name = _("Organisations and services")
    default_auto_field = "django.db.models.BigAutoField"
