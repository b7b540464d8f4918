"""URLs of data collection and evaluation."""

from django.urls import path

from evaluation import views

urlpatterns = [
    path("", views.ComparisonView.as_view(), name="evaluation"),
    path("indicators/", views.IndicatorListView.as_view(), name="indicator-list"),
    path("indicators/<int:pk>/", views.IndicatorEditView.as_view(), name="indicator-edit"),
]
