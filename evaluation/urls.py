"""URLs of data collection and evaluation."""

from django.urls import path

from evaluation import plan_views, round_views, trend_views, views

urlpatterns = [
    path("", views.ComparisonView.as_view(), name="evaluation"),
    path("indicators/", views.IndicatorListView.as_view(), name="indicator-list"),
    path("indicators/<int:pk>/", views.IndicatorEditView.as_view(), name="indicator-edit"),
    path("rounds/", round_views.RoundListView.as_view(), name="round-list"),
    path("rounds/new/", round_views.RoundCreateView.as_view(), name="round-create"),
    path("rounds/<int:pk>/", round_views.RoundView.as_view(), name="round"),
    path("forms/<int:pk>/", round_views.ReportView.as_view(), name="report"),
    path("trends/", trend_views.TrendsView.as_view(), name="trends"),
    path("warnings/", trend_views.WarningsView.as_view(), name="warnings"),
    # The open data of the indicators, public like the catalogue's /hsds/data/.
    path("data/", views.export_file, name="evaluation-export"),
    path("data/<str:name>", views.export_file, name="evaluation-export-file"),
    path("plans/", plan_views.PlanIndexView.as_view(), name="plan-index"),
    path("plans/orp/<str:orp>/", plan_views.PlanView.as_view(), name="plan-orp"),
    path("plans/steps/<int:pk>/", plan_views.PlanStepEditView.as_view(), name="plan-step-edit"),
    path("plans/steps/<int:pk>/status/", plan_views.PlanStepStatusView.as_view(), name="plan-step-status"),
    path("plans/<str:code>/", plan_views.PlanView.as_view(), name="plan"),
    path("plans/<str:code>/new/", plan_views.PlanStepCreateView.as_view(), name="plan-step-create"),
    path("needs/<str:code>/", plan_views.NeedsAcrossView.as_view(), name="needs-across"),
]
