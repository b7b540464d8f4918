from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DuplicatesConfig(AppConfig):
    """Duplicate organisations: the candidate pairs, "not a duplicate", and the merge of two records into one."""

    name = "duplicates"
    verbose_name = _("Duplicate organisations")
    default_auto_field = "django.db.models.BigAutoField"
