from django.apps import AppConfig


class ImportsConfig(AppConfig):
    """The registry import (MPSV open data) and the bulk import of CSV/XLSX files into organisations, services and
    contact persons. No models of its own: an uploaded file is an organizations.ImportBatch."""

    name = "imports"
    default_auto_field = "django.db.models.BigAutoField"
