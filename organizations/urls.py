"""The organizations screens of the UI (mounted at /organizations/ by config/urls.py): the directory, the
organisation card and the forms of its services (those of its contact persons: contacts/urls.py)."""

from django.urls import path

from organizations.import_views import BulkImportView, ImportBatchConfirmView, ImportBatchView, ImportTemplateView
from organizations.registry_views import RegistryImportView
from organizations.views import (
    OrganizationCreateView,
    OrganizationDetailView,
    OrganizationEditView,
    OrganizationExportView,
    OrganizationListView,
    OrganizationVerifyView,
    ServiceCreateView,
    ServiceEditView,
)

urlpatterns = [
    path("", OrganizationListView.as_view(), name="organization-list"),
    path("export/", OrganizationExportView.as_view(), name="organization-export"),
    path("new/", OrganizationCreateView.as_view(), name="organization-create"),
    path("import/", BulkImportView.as_view(), name="organization-import"),
    path("import/<int:pk>/", ImportBatchView.as_view(), name="organization-import-batch"),
    path("import/<int:pk>/confirm/", ImportBatchConfirmView.as_view(), name="organization-import-confirm"),
    path("registry-import/", RegistryImportView.as_view(), name="registry-import"),
    path("import/template/<slug:entity>.<slug:fmt>", ImportTemplateView.as_view(), name="organization-import-template"),
    path("<int:pk>/", OrganizationDetailView.as_view(), name="organization-detail"),
    path("<int:pk>/edit/", OrganizationEditView.as_view(), name="organization-edit"),
    path("<int:pk>/verify/", OrganizationVerifyView.as_view(), name="organization-verify"),
    path("<int:pk>/services/new/", ServiceCreateView.as_view(), name="service-create"),
    path("services/<int:pk>/edit/", ServiceEditView.as_view(), name="service-edit"),
]
