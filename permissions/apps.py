from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PermissionsConfig(AppConfig):
    """Roles, their assignment to territory and the scoping of every query."""

    name = "permissions"
    verbose_name = _("Roles and permissions")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The receiver that notes at sign-in whether the user must enrol or give a code (permissions.two_factor).
        from permissions.two_factor import middleware  # noqa: F401
