"""The one scoping entry point: ``Model.objects.restrict(user, action)``.

A user's scope is resolved once per request (two queries, whatever the number of assignments) into literal ids, and
every scoped query is one filter on the region/district/owner ids that rows carry: no per-row permission rows, and
no subquery but the one test whether a need or follow-up belongs to a case and the ids an OSPOD's own rows reach
through a relation (its cases, its meetings: _along). The rules come from
permissions.rules.RULES.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import TimestampedModel, signed_in
from permissions.rules import ASSIGNS, CASE_SHARE_ACTIONS, Level, level


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

    def territory_q(self, model: type[models.Model], action: str, *, rules_of: str | None = None) -> Q | None:
        """The rows the user's roles reach for this model and action, or None when they reach none. ``rules_of``: the
        model name whose rules apply (permissions.rules), when not the model's own: a record that sums up the rows of
        another model in its territory is reached where they are."""
        name = rules_of or model._meta.model_name
        reach: dict[Level, set[int]] = defaultdict(set)
        ospods_by_region: dict[int, set[int]] = defaultdict(set)
        for assignment in self.assignments:
            at = level(assignment.role, name, action)
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
            parts.extend(_along(model, lookup, ospods) & Q(region_id=region_id) for lookup in model.own_ospod_lookups)
        for at, ids in reach.items():
            ids = sorted(ids)
            if at is Level.REGION:
                parts.append(Q(region_id__in=ids))
            elif at is Level.REGION_SHAREABLE:
                parts.append(Q(region_id__in=ids, shareable_with_ospod=True))
            elif at is Level.DISTRICT:
                parts.append(Q(district_id__in=ids))
            elif at is Level.OWN_OSPOD:
                for lookup in model.own_ospod_lookups:
                    parts.append(_along(model, lookup, ids))
            elif at is Level.APPROVED:
                parts.append(model.approved_q())
        return _any(parts)

    def case_q(self, model: type[models.Model], action: str) -> Q | None:
        """The rows of cases the user may reach for this action: own OSPOD's cases and cases shared with them. A case
        conference and what hangs on it are written only within the kraj of their case."""
        path = model.case_path
        parts = []
        if any(level(a.role, "case", action) is Level.OWN_OSPOD for a in self.assignments):
            parts.append(_along(model, f"{path}ospod_id__in", self.own_ospods))
        shared = sorted(self.shared_cases.get(action, ()))
        if shared:
            parts.append(_along(model, f"{path}id__in", shared) if path else Q(pk__in=shared))
        reached = _any(parts)
        if reached is not None and path and model.placed_apart_from_case and action in ("add", "change"):
            reached &= Q(region_id=models.F(f"{path}region_id"))
        return reached

    def q(self, model: type[models.Model], action: str) -> Q | None:
        """The filter for a model and action; None means no row at all."""
        if model.scoped_by_case:
            return self.case_q(model, action)
        territory = self.territory_q(model, action)
        if model.case_path is not None:
            # A case conference (and what hangs on it) follows its case's rule, never the territory's.
            parts = []
            if territory is not None:
                parts.append(territory & _outside_cases(model))
            case = self.case_q(model, action)
            if case is not None:
                parts.append(case)
            return _any(parts)
        return territory


def _outside_cases(model: type[models.Model]) -> Q:
    """Rows that belong to no case. A row that reaches its case through a meeting (a need, a follow-up) is tested
    with NOT EXISTS against the meetings of cases, which a partial index holds by id alone, rather than by joining
    every row's meeting (a kraj's needs: count 4.7 → 2.4 ms on the national data)."""
    path = model.case_path
    through, _, rest = path.partition("__")
    if rest == "case__":
        meetings = model._meta.get_field(through).related_model  # the model the row hangs on (a meeting)
        return Q(~models.Exists(meetings._base_manager.filter(pk=models.OuterRef(f"{through}_id"), case__isnull=False)))
    return Q(**{f"{path[:-2]}__isnull": True})


class AmongIds(models.Expression):
    """``column`` is one of the ids a subquery gives. On PostgreSQL ``= ANY(ARRAY(subquery))``: the subquery runs once
    and the ids are looked up in the column's index, also as one arm of an OR (a bitmap OR of indexes), where ``IN
    (subquery)`` would test every row of the table against the subquery's rows.

    Given a list of ids instead, on PostgreSQL they travel as one array parameter, ``= ANY(%s)``: ``__in`` writes a
    placeholder per id, and psycopg parses a statement of a thousand placeholders anew each time (~5 ms)."""

    conditional = True
    output_field = models.BooleanField()

    def __init__(self, column: str, ids):
        super().__init__()
        self.column = models.F(column)
        self.ids = list(ids) if isinstance(ids, list | tuple | set | frozenset) else models.Subquery(ids)

    def get_source_expressions(self):
        return [self.column] if isinstance(self.ids, list) else [self.column, self.ids]

    def set_source_expressions(self, expressions):
        if isinstance(self.ids, list):
            (self.column,) = expressions
        else:
            self.column, self.ids = expressions

    def as_sql(self, compiler, connection):
        column, column_params = compiler.compile(self.column)
        if isinstance(self.ids, list):
            if connection.vendor == "postgresql":
                return f"{column} = ANY(%s)", (*column_params, self.ids)
            if not self.ids:
                return "1 = 0", ()
            return f"{column} IN ({', '.join(['%s'] * len(self.ids))})", (*column_params, *self.ids)
        ids, ids_params = compiler.compile(self.ids)
        among = f"= ANY(ARRAY{ids})" if connection.vendor == "postgresql" else f"IN {ids}"
        return f"{column} {among}", (*column_params, *ids_params)


def _along(model: type[models.Model], lookup: str, value) -> Q:
    """``Q(**{lookup: value})``, where a lookup through a relation ("meeting__organizer_id__in", "case__ospod_id__in")
    becomes a test of the row's own key among the related rows' ids (AmongIds) instead of a join. A scope ORs such
    conditions (an OSPOD's own meetings or its cases'); over joins PostgreSQL can use no index for the OR and reads
    every row of the tables (an OSPOD's home: its meetings 114 ms → 0.5 ms on the national data)."""
    relation, _, rest = lookup.partition("__")
    key = model._meta.get_field(relation) if "__" in rest else None
    if key is None or not key.many_to_one:
        return Q(**{lookup: value})
    if rest in ("id__in", "pk__in"):
        return Q(**{f"{key.attname}__in": value})
    related = key.related_model
    return Q(AmongIds(key.attname, related._base_manager.filter(_along(related, rest, value)).order_by().values("pk")))


def _any(parts: list[Q]) -> Q | None:
    if not parts:
        return None
    combined = parts[0]
    for part in parts[1:]:
        combined |= part
    return combined


def get_scope(user) -> Scope:
    """Resolve the user's scope once and keep it on the user object (one request's lifetime)."""
    cached = getattr(user, "_sitar_scope", None)
    if cached is not None:
        return cached
    if user.is_superuser:
        scope = Scope(superuser=True)
    else:
        assignments = assignments_of(user)
        shared: dict[str, set[int]] = defaultdict(set)
        grants = user.caseuserobjectpermission_set.values_list("content_object_id", "permission__codename")
        for case_id, codename in grants:
            for action in CASE_SHARE_ACTIONS.get(codename, ()):
                shared[action].add(case_id)
        scope = Scope(assignments=assignments, shared_cases={k: frozenset(v) for k, v in shared.items()})
    user._sitar_scope = scope
    return scope


def assignments_of(user) -> tuple[Assignment, ...]:
    """The user's role assignments as the places they reach (a superuser's too, though their scope needs none)."""
    # Read through the user's own relation (permissions.models.RoleAssignment).
    rows = user.role_assignments.values_list(
        "role",
        "region_id",
        "district_id",
        "district__region_id",
        "organization_id",
        "organization__region_id",
        "organization__district_id",
    )
    return tuple(
        Assignment(
            role=role,
            region_id=region_id or district_region_id or org_region_id,
            district_id=district_id or org_district_id,
            organization_id=organization_id,
        )
        for role, region_id, district_id, district_region_id, organization_id, org_region_id, org_district_id in rows
    )


def can_assign_roles(user) -> bool:
    """Superusers, and holders of a role that gives roles (permissions.rules.ASSIGNS: regional leads, OSPOD heads),
    manage role assignments."""
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


# restrict(user, PUBLIC): what the public catalogue and its open data show to anyone.
PUBLIC = "public"


class RestrictableQuerySet(models.QuerySet):
    """A queryset with ``restrict(user, action)``: nothing for anonymous users, everything for superusers."""

    def restrict(self, user, action: str = "view"):
        """The rows the user may act on ("view", "add", "change", "delete", "verify"), or with PUBLIC the rows anyone
        may see without signing in (the same for everybody, whoever asks)."""
        if action == PUBLIC:
            return self.public()
        if not signed_in(user):
            return self.none()
        scope = get_scope(user)
        if scope.superuser:
            return self
        return self.within(scope, user, action)

    def within(self, scope: Scope, user, action: str):
        """The rows within a non-superuser's resolved scope."""
        raise NotImplementedError

    def public(self):
        """The rows of the families' public catalogue: none, unless a model's queryset says which (services, the
        organisations that provide them). Nothing of the staff's work (people, meetings, needs, links, cases) is."""
        return self.none()


class ScopedQuerySet(RestrictableQuerySet):
    """The queryset of every scoped model: ``restrict(user, action)`` is the only way to user-visible rows."""

    def within(self, scope: Scope, user, action: str) -> "ScopedQuerySet":
        condition = scope.q(self.model, action)
        if condition is None:
            return self.none()
        return self.filter(condition)


class ScopedModel(TimestampedModel):
    """A record placed in the territory: its region and district decide who may see it.

    Both keys are set by the services from the record's owner (the organisation's address, the meeting's district, …),
    never typed by hand, so that scoping is one indexed filter on literal ids. ``objects.restrict(user, action)`` is the
    only way to the rows a user may see or change.
    """

    region = models.ForeignKey(
        "territory.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="%(class)ss",
        editable=False,
    )
    district = models.ForeignKey(
        "territory.District",
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="%(class)ss",
        editable=False,
    )

    objects = ScopedQuerySet.as_manager()
    # The field a scope error is reported on (what the user chose that put the record out of their reach).
    scope_field = "district"
    # How "belongs to the assigned OSPOD" reads for the model (lookups taking a list of OSPOD ids; none: no such rule).
    own_ospod_lookups: tuple[str, ...] = ()
    # The path from a row to its case ("" for the case itself, "case__" for what hangs on it directly, …); None: the
    # model's rows belong to no case.
    case_path: str | None = None
    # Rows of a case that carry a place of their own (chosen when they are written), unlike the case's involvements:
    # they are written only within the kraj of their case.
    placed_apart_from_case = False
    # A case and its involvements: reached only through the case (its OSPOD, a share), never by territory.
    scoped_by_case = False

    class Meta:
        abstract = True
