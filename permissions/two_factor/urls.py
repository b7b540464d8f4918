"""URLs of the user's own two-factor sign-in (under /accounts/two-factor/)."""

from django.urls import path

from permissions.two_factor import views

urlpatterns = [
    path("", views.TwoFactorView.as_view(), name="two-factor"),
    path("enrol/", views.EnrolView.as_view(), name="two-factor-enrol"),
    path("recovery-codes/", views.RecoveryCodesView.as_view(), name="two-factor-recovery-codes"),
]
