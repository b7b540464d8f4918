"""The REST API under /api/v1/, its OpenAPI schema and browsable docs (served without a CDN)."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from api import (
    auth,
    contacts,
    evaluation,
    evaluation_reports,
    evaluation_trends,
    meetings,
    network,
    network_links,
    organizations,
    permissions,
    reference,
    sync,
)
from api.exceptions import unknown_url

router = DefaultRouter()
router.register("regions", reference.RegionViewSet)
router.register("districts", reference.DistrictViewSet)
router.register("municipalities", reference.MunicipalityViewSet)
router.register("service-kinds", reference.ServiceKindViewSet)
router.register("target-groups", reference.TargetGroupViewSet)
router.register("organizations", organizations.OrganizationViewSet)
router.register("services", organizations.ServiceViewSet)
router.register("contacts", contacts.ContactViewSet)
router.register("meetings", meetings.MeetingViewSet)
router.register("followups", meetings.FollowUpViewSet)
router.register("needs", meetings.NeedViewSet)
router.register("working-groups", meetings.WorkingGroupViewSet)
router.register("links", network_links.LinkViewSet)
router.register("cases", network_links.CaseViewSet)
router.register("role-assignments", permissions.RoleAssignmentViewSet)
router.register("indicators", evaluation.IndicatorViewSet)
router.register("collection-rounds", evaluation.CollectionRoundViewSet)
router.register("reports", evaluation_reports.ReportViewSet)
router.register("action-items", evaluation.ActionItemViewSet)

urlpatterns = [
    path("v1/auth/token/", auth.TokenView.as_view(), name="api-token"),
    path("v1/auth/logout/", auth.LogoutView.as_view(), name="api-logout"),
    path("v1/auth/logout-all/", auth.LogoutAllView.as_view(), name="api-logout-all"),
    path("v1/network/graph/", network.NetworkGraphViewSet.as_view({"get": "show"}), name="api-network-graph"),
    path("v1/network/metrics/", network.NetworkMetricsViewSet.as_view({"get": "show"}), name="api-network-metrics"),
    path(
        "v1/network/export.graphml",
        network.NetworkGraphMLViewSet.as_view({"get": "show"}),
        name="api-network-export-graphml",
    ),
    path("v1/network/export.gexf", network.NetworkGEXFViewSet.as_view({"get": "show"}), name="api-network-export-gexf"),
    path("v1/network/export.csv", network.NetworkCSVViewSet.as_view({"get": "show"}), name="api-network-export-csv"),
    path(
        "v1/evaluation/trends/", evaluation_trends.TrendsViewSet.as_view({"get": "show"}), name="api-evaluation-trends"
    ),
    path(
        "v1/evaluation/warnings/",
        evaluation_trends.WarningsViewSet.as_view({"get": "show"}),
        name="api-evaluation-warnings",
    ),
    path(
        "v1/evaluation/needs-across/<str:code>/",
        evaluation_trends.NeedsAcrossViewSet.as_view({"get": "show"}),
        name="api-evaluation-needs-across",
    ),
    path(
        "v1/evaluation/comparison/",
        evaluation.ComparisonViewSet.as_view({"get": "show"}),
        name="api-evaluation-comparison",
    ),
    path("v1/sync/", sync.SyncViewSet.as_view({"get": "show"}), name="api-sync"),
    path("v1/", include((router.urls, "api"))),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves the page's script as a file of its own (?script): the CSP allows no inline script.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema", template_name="api/swagger_ui.html"),
        name="api-docs",
    ),
    path("v1/network/coverage/", include("api.network_coverage")),
    # Last: any other URL ending in a slash. One without the slash is redirected to it first (APPEND_SLASH), so
    # /api/v1/organizations still reaches the list and /api/v1/nothing ends here as well.
    re_path(r"^(?:[\s\S]*/)?$", unknown_url),
]
