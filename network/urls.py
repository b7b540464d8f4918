"""Root URLs of Síťař."""
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from network.login import LoginView
from network.views import HomeView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("roles/", include("permissions.urls")),
    path("organizations/", include("organizations.urls")),
    path("meetings/", include("meetings.urls")),
    path("", include("network.ui_urls")),
    path("api/", include("api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
