"""Every URL the project serves either goes through the scoped base classes, or is the superuser-only admin, or is
on a short allow-list of views that show no scoped rows.

The walk goes through the root URLconf and every include. A view added without the scoped base and without a line in
UNSCOPED_VIEWS makes test_every_view_the_project_serves_is_scoped_admin_or_allowed fail; the tests on a fake URLconf
below prove that it does.
"""

import pytest
from django.contrib import admin
from django.contrib.admin import AdminSite
from django.contrib.admin.options import BaseModelAdmin
from django.contrib.auth.models import Permission
from django.urls import URLResolver, get_resolver, include, path
from django.urls.resolvers import RegexPattern
from django.utils.module_loading import import_string
from django.views.generic import ListView, TemplateView
from rest_framework import mixins, serializers, viewsets
from rest_framework.routers import SimpleRouter

from core.views import ScopedViewMixin
from organizations.models import Organization
from permissions.services import role_assign
from permissions.two_factor.views import SignInView

# The bases a view of scoped rows derives from. Add the API's scoped base viewset here once the API exists.
SCOPED_BASES: tuple[str, ...] = ("permissions.views.ScopedViewMixin", "api.base.RestrictedViewSet")

# Views that return no scoped rows, by dotted path, each with the reason it may skip the scoped bases.
UNSCOPED_VIEWS: dict[str, str] = {
    "permissions.two_factor.views.SignInView": "the login form (password step): shows no records",
    "permissions.two_factor.views.SignInCodeView": "the login form (code step): shows no records",
    "permissions.two_factor.views.TwoFactorView": "the user's own second factor: shows no records",
    "permissions.two_factor.views.EnrolView": "sets up the user's own authenticator: shows no records",
    "permissions.two_factor.views.RecoveryCodesView": "shows the user's own new recovery codes once: no records",
    "api.auth.TokenView": "issues the caller's own token: shows no records",
    "api.auth.LogoutView": "revokes the caller's own token: shows no records",
    "api.auth.LogoutAllView": "revokes the caller's own tokens: shows no records",
    "drf_spectacular.views.SpectacularAPIView": "the OpenAPI schema: describes the API, holds no records",
    "drf_spectacular.views.SpectacularSwaggerView": "the API docs page: holds no records",
    "drf_spectacular.views.SpectacularSwaggerSplitView": "the API docs page and its script: holds no records",
    "rest_framework.routers.APIRootView": "the list of the API's collections: holds no records",
    "api.exceptions.unknown_url": "answers 404 to any URL under /api/ that names no endpoint: holds no records",
    "api.reference.RegionViewSet": "public reference data (ČSÚ territory), the same for every user",
    "api.reference.DistrictViewSet": "public reference data (ČSÚ territory), the same for every user",
    "api.reference.MunicipalityViewSet": "public reference data (ČSÚ territory), the same for every user",
    "api.reference.ServiceKindViewSet": "a codelist, the same for every user",
    "api.reference.TargetGroupViewSet": "a codelist, the same for every user",
    "permissions.login.LogoutView": "ends the session and empties the browser's cache of the site: shows no records",
    "django.views.i18n.set_language": "stores the chosen UI language: shows no records",
    "network.views.HomeView": 'the user\'s own start page: every row it shows comes from restrict(user, "view")',
    "django.views.static.serve": "static files (served by Django only with DEBUG): no records",
    "django.contrib.staticfiles.views.serve": "static files (served by Django only with DEBUG): no records",
    # The families' public catalogue and its open data (issue 18): no sign-in, the same answer for everybody.
    "catalogue.hsds_api.Root": "the HSDS API's description: holds no records",
    "catalogue.hsds_api.OpenApi": "the reference OpenAPI of HSDS, as published: holds no records",
    "catalogue.hsds_api.Services": "the public catalogue: only restrict(user, PUBLIC) rows, the same for everybody",
    "catalogue.hsds_api.ServiceDetail": "the public catalogue: only restrict(user, PUBLIC) rows, the same for everybody",
    "catalogue.hsds_api.Organizations": "the public catalogue: only restrict(user, PUBLIC) rows, the same for everybody",
    "catalogue.hsds_api.OrganizationDetail": "the public catalogue: only restrict(user, PUBLIC) rows, the same for everybody",
    "catalogue.hsds_api.ServiceAtLocations": "the public catalogue: only restrict(user, PUBLIC) rows, the same for everybody",
    "catalogue.hsds_api.ServiceAtLocationDetail": "the public catalogue: only restrict(user, PUBLIC) rows, the same for everybody",
    "catalogue.hsds_api.Taxonomies": "the catalogue's taxonomies (codelists): the same for everybody",
    "catalogue.hsds_api.TaxonomyDetail": "the catalogue's taxonomies (codelists): the same for everybody",
    "catalogue.hsds_api.TaxonomyTerms": "the codelists' and life situations' terms: the same for everybody",
    "catalogue.hsds_api.TaxonomyTermDetail": "the codelists' and life situations' terms: the same for everybody",
    "catalogue.hsds_api.export_file": "the nightly export of the public catalogue: restrict(user, PUBLIC) rows only",
    "catalogue.views.SearchView": "the public catalogue: only restrict(user, PUBLIC) rows, the same for everybody",
    "catalogue.views.ServiceView": "the public catalogue: only restrict(user, PUBLIC) rows, the same for everybody",
    "catalogue.views.PlacesView": "suggests obce and ORP (public reference data): no records",
    "catalogue.views.EmbedView": "the search box other websites frame: the life situations' names only",
    "catalogue.views.EmbedHelpView": "how to put the search box on a website: no records",
    # The indicators' open data (issue 19): aggregates of restrict(user, PUBLIC) forms, suppressed, the same for all.
    "surveys.views.RespondView": "a partner survey respondent's page: the signed personal link is the key, no account",
    "evaluation.views.export_file": "the nightly open data of the indicators: approved forms, aggregated, suppressed",
    # The offline app (issue 20): the rows it shows offline come from the API's scoped sync, not from these.
    "offline.views.ManifestView": "the web app manifest (name, colours, icons): no records",
    "offline.views.ServiceWorkerView": "the service worker's script (addresses and hashes of static files): no records",
    "offline.views.ShellView": "the empty page the offline app renders into: the user's own id and name, no records",
}

# ----------------------------------------------------------------------------------------------- the walk --


def dotted(obj) -> str:
    return f"{obj.__module__}.{obj.__qualname__}"


def walk(patterns, prefix: str = ""):
    """Every (route, callback) below these patterns, through includes of any depth."""
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, route)
        else:
            yield route, entry.callback


def view_class(callback) -> type | None:
    """The class behind a URL's callback: Django's `view_class`, DRF's `cls` (viewsets set no view_class)."""
    return getattr(callback, "view_class", None) or getattr(callback, "cls", None)


def admin_site_of(callback) -> AdminSite | None:
    """The admin site a callback belongs to: site views and ModelAdmin views carry it, views wrapped only by
    admin_view() (a user's password, a history version) are bound methods of their ModelAdmin, and the site's
    login is its bound method, unwrapped."""
    view = callback
    while view is not None:
        owner = (
            getattr(view, "admin_site", None) or getattr(view, "model_admin", None) or getattr(view, "__self__", None)
        )
        if isinstance(owner, BaseModelAdmin):
            owner = owner.admin_site
        if isinstance(owner, AdminSite):
            return owner
        view = getattr(view, "__wrapped__", None)
    return None


def classify(callback, scoped_bases: tuple[str, ...] = SCOPED_BASES) -> str:
    """'admin', 'allowed', 'scoped' or 'unscoped'."""
    site = admin_site_of(callback)
    # admin.site is a lazy proxy of the default site: compared through the proxy, never by identity.
    if site is not None and admin.site == site:
        return "admin"
    cls = view_class(callback)
    if cls is not None and issubclass(cls, tuple(import_string(name) for name in scoped_bases)):
        return "scoped"
    if dotted(cls or callback) in UNSCOPED_VIEWS:
        return "allowed"
    return "unscoped"


def unscoped_views(resolver: URLResolver, scoped_bases: tuple[str, ...] = SCOPED_BASES) -> list[str]:
    return [
        f"{route} → {dotted(view_class(callback) or callback)}"
        for route, callback in walk(resolver.url_patterns)
        if classify(callback, scoped_bases) == "unscoped"
    ]


def classified(resolver: URLResolver) -> dict[str, str]:
    return {route: classify(callback) for route, callback in walk(resolver.url_patterns)}


# -------------------------------------------------------------------------------------- the project's URLs --


def test_every_view_the_project_serves_is_scoped_admin_or_allowed():
    assert unscoped_views(get_resolver()) == []


def test_the_walk_reaches_views_inside_includes():
    routes = classified(get_resolver())
    assert routes["roles/<int:pk>/revoke/"] == "scoped"
    assert routes["admin/organizations/organization/"] == "admin"
    assert routes["i18n/setlang/"] == "allowed"


def test_the_role_assignment_pages_go_through_the_scoped_base():
    routes = classified(get_resolver())
    assert (routes["roles/"], routes["roles/<int:pk>/revoke/"]) == ("scoped", "scoped")


def test_the_home_and_login_pages_are_on_the_allow_list():
    routes = classified(get_resolver())
    assert (routes[""], routes["accounts/login/"], routes["accounts/logout/"]) == ("allowed", "allowed", "allowed")


# ------------------------------------------------------------------ the classifier on a fake URLconf --


class UnscopedOrganizationList(ListView):
    model = Organization


class ScopedOrganizationList(ScopedViewMixin, ListView):
    model = Organization


class OrganizationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = ["id", "name"]


class UnscopedOrganizationViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Organization.objects.all()
    serializer_class = OrganizationSerializer


class ScopedViewSetBase(viewsets.GenericViewSet):
    """Stands for the API's scoped base viewset, which does not exist yet."""


class ScopedOrganizationViewSet(mixins.ListModelMixin, ScopedViewSetBase):
    queryset = Organization.objects.all()
    serializer_class = OrganizationSerializer


def fake_urlconf(*patterns) -> URLResolver:
    return URLResolver(RegexPattern(r"^/"), list(patterns))


def unscoped_function_view(request):
    return None


def router_urls(viewset) -> list:
    router = SimpleRouter()
    router.register("organizations", viewset, basename="organization")
    return router.urls


def test_an_unscoped_list_view_fails_the_check():
    urlconf = fake_urlconf(path("adresar/", include([path("organizace/", UnscopedOrganizationList.as_view())])))
    assert unscoped_views(urlconf) == [f"adresar/organizace/ → {dotted(UnscopedOrganizationList)}"]


def test_a_list_view_through_the_scoped_base_passes_the_check():
    urlconf = fake_urlconf(path("adresar/", include([path("organizace/", ScopedOrganizationList.as_view())])))
    assert unscoped_views(urlconf) == []


def test_an_unscoped_function_view_fails_the_check():
    urlconf = fake_urlconf(path("export/", unscoped_function_view))
    assert unscoped_views(urlconf) == [f"export/ → {dotted(unscoped_function_view)}"]


def test_a_view_on_the_allow_list_passes_the_check():
    urlconf = fake_urlconf(path("prihlaseni/", SignInView.as_view()))
    assert unscoped_views(urlconf) == []


def test_a_view_like_an_allowed_one_but_not_on_the_list_fails_the_check():
    urlconf = fake_urlconf(path("vitejte/", TemplateView.as_view(template_name="network/home.html")))
    assert unscoped_views(urlconf) == [f"vitejte/ → {dotted(TemplateView)}"]


def test_an_unscoped_api_viewset_fails_the_check():
    urlconf = fake_urlconf(path("api/", include(router_urls(UnscopedOrganizationViewSet))))
    assert unscoped_views(urlconf) == [
        f"api/^organizations/$ → {dotted(UnscopedOrganizationViewSet)}",
        f"api/^organizations/(?P<pk>[^/.]+)/$ → {dotted(UnscopedOrganizationViewSet)}",
    ]


def test_a_viewset_on_a_base_named_in_the_tuple_passes_the_check():
    urlconf = fake_urlconf(path("api/", include(router_urls(ScopedOrganizationViewSet))))
    assert unscoped_views(urlconf) != []
    assert unscoped_views(urlconf, scoped_bases=(*SCOPED_BASES, dotted(ScopedViewSetBase))) == []


def test_views_of_another_admin_site_are_not_taken_for_the_superuser_only_admin():
    other_site = AdminSite(name="jiny")
    other_site.register(Organization)
    urlconf = fake_urlconf(path("jiny-admin/", other_site.urls))
    flagged = [entry.split(" → ")[0] for entry in unscoped_views(urlconf)]
    assert "jiny-admin/organizations/organization/" in flagged


# ------------------------------------------------------------------------------ the admin is superuser-only --


def _admin_params():
    for model in admin.site._registry:
        label = model._meta.label_lower
        yield pytest.param(model, id=label)


@pytest.fixture
def staff_client(client, actor, make_user, vysocina, make_organization):
    """A staff user who is not a superuser, holds a regional role and every model permission; some data exists."""
    make_organization(name="Spirála Pelhřimov")
    user = make_user("staff.poradce", is_staff=True)
    role_assign(actor=actor, user=user, role="poradce", region=vysocina)
    user.user_permissions.set(Permission.objects.all())
    client.force_login(user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("model", list(_admin_params()))
def test_a_staff_user_who_is_not_a_superuser_gets_no_admin_changelist(staff_client, model):
    url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    response = staff_client.get(url)
    assert response.status_code in (302, 403)
    assert "Spirála" not in response.content.decode()
