from django.urls import path

from permissions.views import RoleAssignmentView, RoleRevokeView

urlpatterns = [
    path("", RoleAssignmentView.as_view(), name="role-assignments"),
    path("<int:pk>/revoke/", RoleRevokeView.as_view(), name="role-revoke"),
]
