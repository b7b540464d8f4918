"""Root URLs of Síťař."""

from django.contrib import admin
from django.urls import include, path

from catalogue.urls import hsds_urls
from network.views import HomeView
from permissions.login import LogoutView
from permissions.two_factor.views import SignInCodeView, SignInView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("accounts/login/", SignInView.as_view(), name="login"),
    path("accounts/login/code/", SignInCodeView.as_view(), name="login-code"),
    path("accounts/two-factor/", include("permissions.two_factor.urls")),
    path("accounts/logout/", LogoutView.as_view(), name="logout"),
    path("roles/", include("permissions.urls")),
    path("organizations/duplicates/", include("duplicates.urls")),
    path("organizations/", include("organizations.urls")),
    path("organizations/", include("contacts.urls")),
    path("organizations/", include("imports.urls")),
    path("meetings/", include("meetings.urls")),
    path("", include("network.urls")),
    path("api/", include("api.urls")),
    path("hsds/", include(hsds_urls)),
    path("katalog/", include("catalogue.urls")),
    path("evaluation/", include("evaluation.urls")),
    path("", include("surveys.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("offline.urls")),
]
