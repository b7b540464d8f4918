"""The one scoping entry point: ``Model.objects.restrict(user, action)``.

A user's scope is resolved once per request (two queries, whatever the number of assignments) into literal ids, and
every scoped query is one filter on the region/district/owner ids that rows carry: no per-row permission rows, and
no subquery but the one test whether a need or follow-up belongs to a case. The rules come from
permissions.rules.RULES.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Q

from permissions.rules import CASE_SHARE_ACTIONS, Level, level

# How "belongs to the assigned OSPOD" reads for each model.
_OWN_OSPOD = {
    "meeting": ("organizer_id__in",),
    "followup": ("meeting__organizer_id__in",),
    "need": ("raised_in__organizer_id__in",),
    "cooperationlink": ("source_id__in", "target_id__in"),
    "case": ("ospod_id__in",),
    "caseinvolvement": ("case__ospod_id__in",),
}
# The path from a row to its case, for rows that can belong to one (a case conference and its follow-ups).
_CASE_PATH = {
    "case": "",
    "caseinvolvement": "case__",
    "meeting": "case__",
    "followup": "meeting__case__",
    "need": "raised_in__case__",
}


# Rows of a case that carry a place of their own (chosen when they are written), unlike the case's involvements.
_CASE_TERRITORY = ("meeting", "followup", "need")


@dataclass(frozen=True)
class Assignment:
    role: str
    region_id: int | None
    district_id: int | None
    organization_id: int | None

    def reach(self, at: Level) -> int | None:
        """The id a rule at this level reaches from this assignment: its region, district or OSPOD."""
        return {
            Level.REGION: self.region_id,
            Level.REGION_SHAREABLE: self.region_id,
            Level.DISTRICT: self.district_id,
            Level.OWN_OSPOD: self.organization_id,
            Level.OWN_OSPOD_IN_REGION: self.organization_id,
        }.get(at)


@dataclass
class Scope:
    """What one user may reach: their role assignments and the cases shared with them, as literal ids."""

    superuser: bool = False
    assignments: tuple[Assignment, ...] = ()
    shared_cases: dict[str, frozenset[int]] = field(default_factory=dict)

    @property
    def own_ospods(self) -> list[int]:
        return sorted({a.organization_id for a in self.assignments if a.organization_id})

    def territory_q(self, model: str, action: str) -> Q | None:
        """The rows the user's roles reach for this model and action, or None when they reach none."""
        reach: dict[Level, set[int]] = defaultdict(set)
        ospods_by_region: dict[int, set[int]] = defaultdict(set)
        for assignment in self.assignments:
            at = level(assignment.role, model, action)
            if at is None:
                continue
            if at is Level.ALL:
                return Q()
            if at is Level.OWN_OSPOD_IN_REGION:
                ospods_by_region[assignment.region_id].add(assignment.organization_id)
            else:
                reach[at].add(assignment.reach(at))
        parts = []
        for region_id, ospods in sorted(ospods_by_region.items()):
            ospods = sorted(ospods)
            parts.extend(Q(**{lookup: ospods}, region_id=region_id) for lookup in _OWN_OSPOD[model])
        for at, ids in reach.items():
            ids = sorted(ids)
            if at is Level.REGION:
                parts.append(Q(region_id__in=ids))
            elif at is Level.REGION_SHAREABLE:
                parts.append(Q(region_id__in=ids, shareable_with_ospod=True))
            elif at is Level.DISTRICT:
                parts.append(Q(district_id__in=ids))
            elif at is Level.OWN_OSPOD:
                for lookup in _OWN_OSPOD[model]:
                    parts.append(Q(**{lookup: ids}))
        return _any(parts)

    def case_q(self, model: str, action: str) -> Q | None:
        """The rows of cases the user may reach for this action: own OSPOD's cases and cases shared with them. A case
        conference and what hangs on it are written only within the kraj of their case."""
        path = _CASE_PATH[model]
        parts = []
        if any(level(a.role, "case", action) is Level.OWN_OSPOD for a in self.assignments):
            parts.append(Q(**{f"{path}ospod_id__in": self.own_ospods}))
        shared = sorted(self.shared_cases.get(action, ()))
        if shared:
            parts.append(Q(**{f"{path}id__in" if path else "pk__in": shared}))
        reached = _any(parts)
        if reached is not None and path and model in _CASE_TERRITORY and action in ("add", "change"):
            reached &= Q(region_id=models.F(f"{path}region_id"))
        return reached

    def q(self, model: str, action: str) -> Q | None:
        """The filter for a model and action; None means no row at all."""
        if model in ("case", "caseinvolvement"):
            return self.case_q(model, action)
        territory = self.territory_q(model, action)
        if model in _CASE_PATH:
            # A case conference (and what hangs on it) follows its case's rule, never the territory's.
            parts = []
            if territory is not None:
                parts.append(territory & _outside_cases(_CASE_PATH[model]))
            case = self.case_q(model, action)
            if case is not None:
                parts.append(case)
            return _any(parts)
        return territory


def _outside_cases(path: str) -> Q:
    """Rows that belong to no case. A row that reaches its case through a meeting (a need, a follow-up) is tested
    with NOT EXISTS against the meetings of cases, which a partial index holds by id alone, rather than by joining
    every row's meeting (a kraj's needs: count 4.7 → 2.4 ms on the national data)."""
    through, _, rest = path.partition("__")
    if rest == "case__":
        from meetings.models import Meeting

        return Q(~models.Exists(Meeting.objects.filter(pk=models.OuterRef(f"{through}_id"), case__isnull=False)))
    return Q(**{f"{path[:-2]}__isnull": True})


def _any(parts: list[Q]) -> Q | None:
    if not parts:
        return None
    combined = parts[0]
    for part in parts[1:]:
        combined |= part
    return combined


def signed_in(user) -> bool:
    """A signed-in, active account: nobody else acts on any row."""
    return user is not None and user.is_authenticated and user.is_active


def get_scope(user) -> Scope:
    """Resolve the user's scope once and keep it on the user object (one request's lifetime)."""
    cached = getattr(user, "_sitar_scope", None)
    if cached is not None:
        return cached
    from permissions.models import CaseUserObjectPermission, RoleAssignment

    if user.is_superuser:
        scope = Scope(superuser=True)
    else:
        rows = RoleAssignment.objects.filter(user_id=user.pk).values_list(
            "role",
            "region_id",
            "district_id",
            "district__region_id",
            "organization_id",
            "organization__region_id",
            "organization__district_id",
        )
        assignments = tuple(
            Assignment(
                role=role,
                region_id=region_id or district_region_id or org_region_id,
                district_id=district_id or org_district_id,
                organization_id=organization_id,
            )
            for role, region_id, district_id, district_region_id, organization_id, org_region_id, org_district_id in rows
        )
        shared: dict[str, set[int]] = defaultdict(set)
        grants = CaseUserObjectPermission.objects.filter(user_id=user.pk).values_list(
            "content_object_id", "permission__codename"
        )
        for case_id, codename in grants:
            for action in CASE_SHARE_ACTIONS.get(codename, ()):
                shared[action].add(case_id)
        scope = Scope(assignments=assignments, shared_cases={k: frozenset(v) for k, v in shared.items()})
    user._sitar_scope = scope
    return scope


def can_assign_roles(user) -> bool:
    """Superusers, and holders of a role that gives roles (permissions.rules.ASSIGNS: regional leads, OSPOD heads),
    manage role assignments."""
    from permissions.rules import ASSIGNS

    scope = get_scope(user)
    return scope.superuser or any(a.role in ASSIGNS for a in scope.assignments)


def may(user, model: str, action: str) -> bool:
    """Whether any of the user's roles allows the action on some rows of the model (a model name of
    permissions.rules): what decides if a screen or a button is offered at all; which rows, restrict() decides."""
    scope = get_scope(user)
    return scope.superuser or any(level(a.role, model, action) is not None for a in scope.assignments)


def forget_scope(user) -> None:
    """Drop the cached scope (after the user's assignments or shares changed).

    delattr, not the instance dict: request.user is a lazy proxy that passes attribute deletion to the real user.
    """
    for cache in ("_sitar_scope", "_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        try:
            delattr(user, cache)
        except AttributeError:
            pass


class RestrictableQuerySet(models.QuerySet):
    """A queryset with ``restrict(user, action)``: nothing for anonymous users, everything for superusers."""

    def restrict(self, user, action: str = "view"):
        """The rows the user may act on ("view", "add", "change", "delete", "verify")."""
        if not signed_in(user):
            return self.none()
        scope = get_scope(user)
        if scope.superuser:
            return self
        return self.within(scope, user, action)

    def within(self, scope: Scope, user, action: str):
        """The rows within a non-superuser's resolved scope."""
        raise NotImplementedError


class ScopedQuerySet(RestrictableQuerySet):
    """The queryset of every scoped model: ``restrict(user, action)`` is the only way to user-visible rows."""

    def within(self, scope: Scope, user, action: str) -> "ScopedQuerySet":
        condition = scope.q(self.model._meta.model_name, action)
        if condition is None:
            return self.none()
        return self.filter(condition)


class OwnedQuerySet(models.QuerySet):
    """Rows that are one user's own (their uploads, their background jobs): ``restrict(user, action)`` gives every
    user, a superuser too, only theirs; the work behind them runs as that user."""

    owner_field = "user"

    def restrict(self, user, action: str = "view"):
        if not signed_in(user):
            return self.none()
        return self.filter(**{self.owner_field: user})
