from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    """Meetings and visits, their follow-ups and the needs heard in them."""

    name = "meetings"
    verbose_name = _("Meetings, follow-ups and needs")
    default_auto_field = "django.db.models.BigAutoField"
