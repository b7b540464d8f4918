"""The UI screens of the network domain (mounted at the root by config/urls.py): cooperation links, case networks,
the network map, coverage and gaps, and the ORP network analysis report."""

from django.urls import path

from core.views import JobDownloadView, JobView
from network import views
from network.analysis import report_views
from network.analysis.graph_views import NetworkGraphDataView, NetworkMapView, NetworkSurveyDataView

urlpatterns = [
    path("links/", views.LinkListView.as_view(), name="link-list"),
    path("links/new/", views.LinkCreateView.as_view(), name="link-create"),
    path("links/<int:pk>/", views.LinkDetailView.as_view(), name="link-detail"),
    path("links/<int:pk>/edit/", views.LinkUpdateView.as_view(), name="link-edit"),
    path("links/<int:pk>/confirm/", views.LinkConfirmView.as_view(), name="link-confirm"),
    path("network/", NetworkMapView.as_view(), name="network-map"),
    path("network/graph/", NetworkGraphDataView.as_view(), name="network-graph-data"),
    path("network/survey/", NetworkSurveyDataView.as_view(), name="network-survey-data"),
    path("cases/", views.CaseListView.as_view(), name="case-list"),
    path("cases/new/", views.CaseCreateView.as_view(), name="case-create"),
    path("cases/<int:pk>/", views.CaseDetailView.as_view(), name="case-detail"),
    path("cases/<int:pk>/edit/", views.CaseUpdateView.as_view(), name="case-edit"),
    path("cases/<int:pk>/involvements/new/", views.CaseInvolvementAddView.as_view(), name="case-involvement-add"),
    path(
        "cases/involvements/<int:pk>/remove/", views.CaseInvolvementRemoveView.as_view(), name="case-involvement-remove"
    ),
    path("network/coverage/", report_views.CoverageView.as_view(), name="network-coverage"),
    path("network/report/<str:code>/", report_views.ReportView.as_view(), name="network-report"),
    path(
        "network/report/<str:code>/pdf/",
        report_views.ReportFileView.as_view(),
        {"fmt": "pdf"},
        name="network-report-pdf",
    ),
    path(
        "network/report/<str:code>/xlsx/",
        report_views.ReportFileView.as_view(),
        {"fmt": "xlsx"},
        name="network-report-xlsx",
    ),
    path("network/report/<str:code>/<str:fmt>/job/", report_views.ReportJobView.as_view(), name="network-report-job"),
    path("jobs/<uuid:pk>/", JobView.as_view(), name="job"),
    path("jobs/<uuid:pk>/download/", JobDownloadView.as_view(), name="job-download"),
]
