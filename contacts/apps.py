from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactsConfig(AppConfig):
    """Contact persons at organisations, their legal basis and erasure."""

    name = "contacts"
    verbose_name = _("Contact persons")
    default_auto_field = "django.db.models.BigAutoField"
