"""The UI screens of cooperation links and case networks (mounted at /links/ and /cases/ by network/urls.py)."""
from django.urls import path

from network import views

urlpatterns = [
    path("links/", views.LinkListView.as_view(), name="link-list"),
    path("links/new/", views.LinkCreateView.as_view(), name="link-create"),
    path("links/<int:pk>/", views.LinkDetailView.as_view(), name="link-detail"),
    path("links/<int:pk>/edit/", views.LinkUpdateView.as_view(), name="link-edit"),
    path("links/<int:pk>/confirm/", views.LinkConfirmView.as_view(), name="link-confirm"),
    path("cases/", views.CaseListView.as_view(), name="case-list"),
    path("cases/new/", views.CaseCreateView.as_view(), name="case-create"),
    path("cases/<int:pk>/", views.CaseDetailView.as_view(), name="case-detail"),
    path("cases/<int:pk>/edit/", views.CaseUpdateView.as_view(), name="case-edit"),
    path("cases/<int:pk>/involvements/new/", views.CaseInvolvementAddView.as_view(), name="case-involvement-add"),
    path("cases/involvements/<int:pk>/remove/", views.CaseInvolvementRemoveView.as_view(),
         name="case-involvement-remove"),
]
