"""Reads of roles and scopes."""
from django.db.models import Q, QuerySet

from network.models import District
from permissions.models import RoleAssignment
from permissions.rules import Level, level
from permissions.scoping import get_scope


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


def districts_where(user, model: str, action: str = "add") -> QuerySet[District]:
    """The districts in which the user may ``action`` a record of ``model`` (a model name of permissions.rules): the
    districts of their district roles, every district of their kraj roles, their OSPOD's district; all for a
    superuser or a nationwide rule. What a form offers as the place of a new record."""
    scope = get_scope(user)
    if scope.superuser:
        return District.objects.order_by("name")
    regions, districts = set(), set()
    for assignment in scope.assignments:
        at = level(assignment.role, model, action)
        if at is Level.ALL:
            return District.objects.order_by("name")
        if at in (Level.REGION, Level.REGION_SHAREABLE):
            regions.add(assignment.region_id)
        elif at in (Level.DISTRICT, Level.OWN_OSPOD):
            districts.add(assignment.district_id)
    return District.objects.filter(Q(region_id__in=regions) | Q(pk__in=districts)).order_by("name")
