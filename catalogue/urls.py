"""URLs of the public catalogue: the families' pages at /katalog/ and the open data as HSDS 3.0 at /hsds/."""

from django.urls import path

from catalogue import hsds_api, staff_views, views

urlpatterns = [
    path("", views.SearchView.as_view(), name="katalog"),
    path("sluzba/<int:pk>/", views.ServiceView.as_view(), name="katalog-service"),
    path("mista/", views.PlacesView.as_view(), name="katalog-places"),
    path("vlozit/", views.EmbedView.as_view(), name="katalog-embed"),
    path("pro-weby/", views.EmbedHelpView.as_view(), name="katalog-embed-help"),
    path("situace/", staff_views.SituationListView.as_view(), name="life-situation-list"),
    path("situace/<int:pk>/", staff_views.SituationEditView.as_view(), name="life-situation-edit"),
]

hsds_urls = [
    path("", hsds_api.Root.as_view(), name="hsds-root"),
    path("openapi.json", hsds_api.OpenApi.as_view(), name="hsds-openapi"),
    path("data/", hsds_api.export_file, name="hsds-export"),
    path("data/<str:name>", hsds_api.export_file, name="hsds-export-file"),
    path("services", hsds_api.Services.as_view(), name="hsds-services"),
    path("services/<str:pk>", hsds_api.ServiceDetail.as_view(), name="hsds-service"),
    path("organizations", hsds_api.Organizations.as_view(), name="hsds-organizations"),
    path("organizations/<str:pk>", hsds_api.OrganizationDetail.as_view(), name="hsds-organization"),
    path("service_at_locations", hsds_api.ServiceAtLocations.as_view(), name="hsds-service-at-locations"),
    path("service_at_locations/<str:pk>", hsds_api.ServiceAtLocationDetail.as_view(), name="hsds-service-at-location"),
    path("taxonomies", hsds_api.Taxonomies.as_view(), name="hsds-taxonomies"),
    path("taxonomies/<str:pk>", hsds_api.TaxonomyDetail.as_view(), name="hsds-taxonomy"),
    path("taxonomy_terms", hsds_api.TaxonomyTerms.as_view(), name="hsds-taxonomy-terms"),
    path("taxonomy_terms/<str:pk>", hsds_api.TaxonomyTermDetail.as_view(), name="hsds-taxonomy-term"),
]
