"""The REST API under /api/v1/, its OpenAPI schema and browsable docs (served without a CDN)."""
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.routers import DefaultRouter

from api import views

router = DefaultRouter()
router.register("regions", views.RegionViewSet)
router.register("districts", views.DistrictViewSet)
router.register("municipalities", views.MunicipalityViewSet)
router.register("service-kinds", views.ServiceKindViewSet)
router.register("target-groups", views.TargetGroupViewSet)
router.register("organizations", views.OrganizationViewSet)

urlpatterns = [
    path("v1/auth/token/", ObtainAuthToken.as_view(), name="api-token"),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
