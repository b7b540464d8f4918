"""Reads of roles and scopes."""
from django.db.models import QuerySet

from permissions.models import RoleAssignment


def role_assignment_list(*, user) -> QuerySet[RoleAssignment]:
    """The role assignments the user may see (a lead: those of the kraj), with everything the page shows."""
    return (
        RoleAssignment.objects.restrict(user, "view")
        .select_related("user", "region", "district__region", "organization", "assigned_by")
        .order_by("user__username", "role", "id")
    )


def role_assignment_list_for_user(*, user) -> QuerySet[RoleAssignment]:
    """The user's own role assignments, with their scope objects, for the user's home page."""
    return (
        RoleAssignment.objects.filter(user=user)
        .select_related("region", "district__region", "organization__region")
        .order_by("role", "id")
    )
