"""The organizations screens of the UI (mounted at /organizations/ by config/urls.py): the directory, the
organisation card and the forms of its services (those of its contact persons: contacts/urls.py)."""

from django.urls import path

from organizations.views import (
    OrganizationCreateView,
    OrganizationDetailView,
    OrganizationEditView,
    OrganizationExportView,
    OrganizationListView,
    OrganizationVerifyView,
    ServiceAvailabilityView,
    ServiceCreateView,
    ServiceEditView,
)

urlpatterns = [
    path("", OrganizationListView.as_view(), name="organization-list"),
    path("export/", OrganizationExportView.as_view(), name="organization-export"),
    path("new/", OrganizationCreateView.as_view(), name="organization-create"),
    path("<int:pk>/", OrganizationDetailView.as_view(), name="organization-detail"),
    path("<int:pk>/edit/", OrganizationEditView.as_view(), name="organization-edit"),
    path("<int:pk>/verify/", OrganizationVerifyView.as_view(), name="organization-verify"),
    path("<int:pk>/services/new/", ServiceCreateView.as_view(), name="service-create"),
    path("services/<int:pk>/edit/", ServiceEditView.as_view(), name="service-edit"),
    path("services/<int:pk>/availability/", ServiceAvailabilityView.as_view(), name="service-availability"),
]
