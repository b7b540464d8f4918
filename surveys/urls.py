from django.urls import path

from surveys import views

urlpatterns = [
    path("surveys/", views.RoundListView.as_view(), name="survey-list"),
    path("surveys/new/", views.RoundFormView.as_view(), name="survey-create"),
    path("surveys/<int:pk>/", views.RoundDetailView.as_view(), name="survey-round"),
    path("surveys/<int:pk>/edit/", views.RoundFormView.as_view(), name="survey-edit"),
    path("surveys/<int:pk>/<str:what>/", views.RoundActionView.as_view(), name="survey-action"),
    path("surveys/<int:pk>/export/<str:what>.<str:fmt>", views.RoundExportView.as_view(), name="survey-export"),
    path("survey/<str:token>/", views.RespondView.as_view(), name="survey-respond"),
]
