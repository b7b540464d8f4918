from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The kit every app uses: base models, the service kit, UI base views, filters, exports, the admin base, jobs."""

    name = "core"
    verbose_name = _("Shared kit")
    default_auto_field = "django.db.models.BigAutoField"
