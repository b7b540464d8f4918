"""Reads of roles and scopes."""

from django.db.models import Q, QuerySet

from core.models import signed_in
from permissions.models import RoleAssignment, assignments_reached
from permissions.rules import Level, level
from permissions.scoping import Scope, assignments_of, get_scope
from territory.models import District

# How many of the latest assignments and revocations the role page lists.
RECENT_CHANGES = 20


def role_assignment_list(*, user) -> QuerySet[RoleAssignment]:
    """The role assignments the user may see (a lead: those of the kraj), with everything the page shows."""
    return (
        RoleAssignment.objects.restrict(user, "view")
        .select_related("user", "region", "district__region", "organization", "assigned_by")
        .order_by("user__username", "role", "id")
    )


def role_assignment_changes(*, user, limit: int = RECENT_CHANGES) -> QuerySet:
    """The latest assignments and revocations (history rows, newest first) in the kraj or OSPOD where the user gives
    roles, who made them and for whom; every one for a superuser, none for anybody else."""
    history = RoleAssignment.history.model.objects.filter(history_type__in=("+", "-"))
    if not signed_in(user):
        return history.none()
    scope = get_scope(user)
    if not scope.superuser:
        reached = assignments_reached(scope, "view")
        history = history.none() if reached is None else history.filter(reached)
    return history.select_related("user", "history_user", "region", "district", "organization").order_by(
        "-history_date", "-history_id"
    )[:limit]


def role_assignment_list_for_user(*, user) -> QuerySet[RoleAssignment]:
    """The user's own role assignments, with their scope objects, for the user's home page."""
    return (
        RoleAssignment.objects.filter(user=user)
        .select_related("region", "district__region", "organization__region")
        .order_by("role", "id")
    )


def sees_the_country(user) -> bool:
    """Whether the user's roles reach the whole country's network (a comparison then starts with the kraje)."""
    scope = get_scope(user)
    return scope.superuser or any(level(a.role, "organization", "view") is Level.ALL for a in scope.assignments)


def districts_where(user, model: str, action: str = "add") -> QuerySet[District]:
    """The districts in which the user may ``action`` a record of ``model`` (a model name of permissions.rules): the
    districts of their district roles, every district of their kraj roles (and of their OSPOD's kraj where its records
    may lie anywhere in it), their OSPOD's district; all for a superuser or a nationwide rule. What a form offers as
    the place of a new record."""
    return _districts_where(get_scope(user), model, action)


def offline_districts(user) -> QuerySet[District]:
    """The districts whose field work the user keeps on a tablet (issue 20): where they may log a meeting (a sitar's
    ORP, an advisor's kraj, an OSPOD's kraj). A superuser keeps only the districts of the roles they also hold, never
    the country; a user with no field role (a national or regional reader) none."""
    if not signed_in(user):
        return District.objects.none()
    scope = get_scope(user)
    if scope.superuser:
        scope = Scope(assignments=assignments_of(user))
    return _districts_where(scope, "meeting", "add")


def _districts_where(scope: Scope, model: str, action: str) -> QuerySet[District]:
    if scope.superuser:
        return District.objects.order_by("name")
    regions, districts = set(), set()
    for assignment in scope.assignments:
        at = level(assignment.role, model, action)
        if at in (Level.ALL, Level.APPROVED):
            return District.objects.order_by("name")
        if at in (Level.REGION, Level.REGION_SHAREABLE, Level.OWN_OSPOD_IN_REGION):
            regions.add(assignment.region_id)
        elif at in (Level.DISTRICT, Level.OWN_OSPOD):
            districts.add(assignment.district_id)
    return District.objects.filter(Q(region_id__in=regions) | Q(pk__in=districts)).order_by("name")


def role_holder_ids(regions) -> QuerySet:
    """The ids of the users holding a role in one of these kraje (ids): at the kraj, in one of its ORP or at one of
    its OSPOD (a subquery). Who a follow-up or a step of a kraj's plan may be given to."""
    # The holders by their ids: an OR across the joins of the assignments needs a DISTINCT over every user.
    holders = RoleAssignment.objects.filter(
        Q(region_id__in=regions) | Q(district__region_id__in=regions) | Q(organization__region_id__in=regions)
    )
    return holders.order_by().values("user_id")
