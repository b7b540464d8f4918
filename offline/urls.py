"""The offline app's URLs, at the root (config/urls.py): the worker's scope is the directory of its script."""

from django.urls import path

from offline import views

urlpatterns = [
    path("manifest.webmanifest", views.ManifestView.as_view(), name="web-manifest"),
    path("sw.js", views.ServiceWorkerView.as_view(), name="service-worker"),
    path("offline/", views.ShellView.as_view(), name="offline-shell"),
]
