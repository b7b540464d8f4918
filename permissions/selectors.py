"""Reads of roles and scopes."""
from django.db.models import QuerySet

from permissions.models import RoleAssignment


def role_assignment_list_for_user(*, user) -> QuerySet[RoleAssignment]:
    """The user's own role assignments, with their scope objects, for the user's home page."""
    return (
        RoleAssignment.objects.filter(user=user)
        .select_related("region", "district__region", "organization__region")
        .order_by("role", "id")
    )
