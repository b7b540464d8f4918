from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PermissionsConfig(AppConfig):
    """Roles, their assignment to territory and the scoping of every query."""

    name = "permissions"
    verbose_name = _("Roles and permissions")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The log of sign-in lockouts listens to django-axes' signal from start-up on.
        from permissions import signin  # noqa: F401
