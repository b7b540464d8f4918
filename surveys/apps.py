from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    """Partner surveys (issue 21): rounds in which the organisations of a network rate each other."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "surveys"
    verbose_name = _("Partner surveys")
