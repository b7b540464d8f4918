from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    """Data collection and evaluation (issue 19): indicators, collection rounds, comparisons, privacy of small counts."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "evaluation"
    verbose_name = _("Data collection and evaluation")
