from django.urls import path

from permissions.views import LockoutLiftView, LockoutListView, RoleAssignmentView, RoleRevokeView

urlpatterns = [
    path("", RoleAssignmentView.as_view(), name="role-assignments"),
    path("<int:pk>/revoke/", RoleRevokeView.as_view(), name="role-revoke"),
    path("lockouts/", LockoutListView.as_view(), name="lockout-list"),
    path("lockouts/<int:user_id>/unlock/", LockoutLiftView.as_view(), name="lockout-lift"),
]
