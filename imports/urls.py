"""The import screens of the UI, mounted at /organizations/ by config/urls.py beside the directory."""

from django.urls import path

from imports.views import (
    BulkImportView,
    ImportBatchConfirmView,
    ImportBatchView,
    ImportTemplateView,
    RegistryImportView,
)

urlpatterns = [
    path("import/", BulkImportView.as_view(), name="organization-import"),
    path("import/<int:pk>/", ImportBatchView.as_view(), name="organization-import-batch"),
    path("import/<int:pk>/confirm/", ImportBatchConfirmView.as_view(), name="organization-import-confirm"),
    path("registry-import/", RegistryImportView.as_view(), name="registry-import"),
    path("import/template/<slug:entity>.<slug:fmt>", ImportTemplateView.as_view(), name="organization-import-template"),
]
