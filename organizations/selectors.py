"""Reads of organisations and their services that take the user, each through ``restrict(user, action)``: the rows of
the directory and what the organisation card shows."""

import datetime

from django.db.models import Exists, Min, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from core.reference import code_of
from organizations import card
from organizations.models import MERGE_UNDO_WITHIN, Organization, OrganizationMerge, Service, ServiceStatus
from permissions.scoping import AmongIds, get_scope
from territory.models import District, Region

# Roles whose home is a kraj (the directory opens on it); the other territorial roles have an ORP (a síťař's own, an
# OSPOD worker's OSPOD's). A role with the whole country (narodni) has no home: the directory opens unfiltered.
REGION_ROLES = {"poradce", "vedouci"}
DISTRICT_ROLES = {"sitar", "ospod", "vedouci_ospod"}

# The model of the meetings a verification cites, known from the organisation's own key (meetings sits above).
Meeting = Organization._meta.get_field("verified_in").related_model
# A verification cites by default the user's own meeting with the organisation held this many days back at most: the
# visit just logged, or one logged in the evening of the day after.
VERIFY_RECENT_DAYS = 7


def serving_service_ids(district_ids) -> QuerySet:
    """The ids of the services that serve any of these districts from where they sit (their served districts), as a
    subquery on the index of the served districts by district; unordered, so no default ordering drags in a join.
    ``AmongIds("pk", …)`` looks them up in the services' key, where ``pk__in`` may test every service."""
    return (
        Service.served_districts.through.objects.filter(district_id__in=list(district_ids))
        .order_by()
        .values("service_id")
    )


def serving_organizations(district_ids, *, services: QuerySet[Service] | None = None) -> Q:
    """The organisations serving any of these districts from elsewhere or not: by the districts they serve themselves
    or by one of their ``services`` (all by default; the directory narrows them to a kind or a target group) that
    serves one (a condition on Organization rows). As conditions on the rows' own keys (AmongIds: each subquery runs
    once and its ids are looked up in the key's index, an OR of them a bitmap OR): an ``IN (subquery)`` is planned as
    a semi-join that hashes every service of the kraj or the country, and an OR across the joins of the m2m tables
    needs a DISTINCT on top. (Each subquery unordered: the models' default orderings would drag their joins in.)"""
    district_ids = list(district_ids)
    services = Service.objects.all() if services is None else services
    by_services = services.filter(AmongIds("pk", serving_service_ids(district_ids))).order_by()
    served = Organization.served_districts.through.objects.filter(district_id__in=district_ids).order_by()
    return Q(AmongIds("pk", served.values("organization_id"))) | Q(
        AmongIds("pk", by_services.values("organization_id"))
    )


def seated_in_or_serving(district_ids, *, services: QuerySet[Service] | None = None) -> Q:
    """The organisations of these districts (ORP) as the directory, the ORP report and the tablet's copy mean it:
    seated there or serving them (serving_organizations)."""
    district_ids = list(district_ids)
    return Q(district_id__in=district_ids) | serving_organizations(district_ids, services=services)


def organization_list(*, user) -> QuerySet[Organization]:
    """The organisations the user may see, with the kraj, ORP and obec every row of the directory shows, and the free
    places of their active services (``free_places``, None when none was ever said, as of ``availability_as_of``: the
    oldest of the answers summed, so a stale one shows)."""
    # Services lie where their organisation does: whoever sees the organisation sees them.
    known = (
        Service.objects.filter(
            organization=OuterRef("pk"),
            status=ServiceStatus.ACTIVE,
            free_places__isnull=False,
            availability_as_of__isnull=False,
        )
        .order_by()
        .values("organization")
    )
    return (
        Organization.objects.restrict(user, "view")
        .select_related("region", "district", "municipality")
        .annotate(
            free_places=Subquery(known.annotate(total=Sum("free_places")).values("total")),
            availability_as_of=Subquery(known.annotate(oldest=Min("availability_as_of")).values("oldest")),
        )
    )


def with_visible_services(organizations: QuerySet[Organization], *, user) -> QuerySet[Organization]:
    """The organisations, each with ``visible_services``: those of its services the user may see, by kind."""
    services = Service.objects.restrict(user, "view").select_related("kind").order_by("kind__sort_order")
    return organizations.prefetch_related(Prefetch("services", queryset=services, to_attr="visible_services"))


def organization_detail(*, user) -> QuerySet[Organization]:
    """The organisations the user may see, with what the card's details show (place, verifier, districts served)."""
    return (
        Organization.objects.restrict(user, "view")
        .select_related("region", "district", "municipality", "verified_by")
        .prefetch_related("served_districts")
    )


def organization_may(*, user, organization: Organization, actions: tuple[str, ...]) -> dict[str, bool]:
    """Which of these actions the user may take on the organisation (one query for them all)."""
    found, checks = {}, {}
    for action in actions:
        reached = Organization.objects.restrict(user, action)
        if reached.query.is_empty():  # no rule gives the action at all
            found[action] = False
        else:
            checks[f"may_{action}"] = Exists(reached.filter(pk=organization.pk).order_by())
    if checks:
        row = Organization.objects.filter(pk=organization.pk).order_by().values(**checks).first() or {}
        found.update({name.removeprefix("may_"): bool(row.get(name)) for name in checks})
    return found


def service_list(*, user, organization: Organization) -> QuerySet[Service]:
    """The services of the organisation the user may see, with their kind, forms and target groups."""
    return (
        Service.objects.restrict(user, "view")
        .filter(organization=organization)
        .select_related("kind")
        .prefetch_related("forms", "target_groups")
    )


def organization_card(*, user, organization: Organization) -> dict:
    """What the card shows besides the organisation itself, by the template's names: its services, and the sections
    the apps above add (contact persons, cooperation, meetings, needs, follow-ups: organizations.card)."""
    return {"services": service_list(user=user, organization=organization), **card.sections_of(user, organization)}


def verification_meetings(*, user, organization: Organization) -> QuerySet:
    """The meetings a verification of the organisation may cite: those it took part in that the user may see, newest
    first (meetings says which, through organizations.card)."""
    meetings = card.cited_meetings(user, organization)
    return Meeting.objects.none() if meetings is None else meetings


def verification_default(*, user, organization: Organization, today: datetime.date | None = None) -> int | None:
    """The meeting a verification of the organisation cites unless the user picks another: the latest the user logged
    with it, held today or in the last VERIFY_RECENT_DAYS days; None (today, without a meeting) when there is none."""
    today = today or timezone.localdate()
    recent = (today - datetime.timedelta(days=VERIFY_RECENT_DAYS), today)
    meetings = verification_meetings(user=user, organization=organization)
    return meetings.filter(created_by=user, held_on__range=recent).values_list("pk", flat=True).first()


def directory_home(*, user) -> dict[str, str]:
    """Where the directory opens for the user: ``filters`` (a síťař's own ORP, or their kraj when they have several
    ORPs of it; a kraj role's kraj; an OSPOD worker's OSPOD's ORP) and the code of that ``region``; empty for a
    national role, a superuser or roles in several kraje (no query: the user's scope is read once per request)."""
    scope = get_scope(user)
    assignments = scope.assignments
    if scope.superuser or any(a.role not in REGION_ROLES | DISTRICT_ROLES for a in assignments):
        return {}
    regions = {a.region_id for a in assignments}
    districts = {a.district_id for a in assignments if a.role in DISTRICT_ROLES}
    if len(regions) != 1:
        return {}
    region = code_of(Region, regions.pop())
    if len(districts) == 1 and not any(a.role in REGION_ROLES for a in assignments):
        return {"filters": {"district": code_of(District, districts.pop())}, "region": region}
    return {"filters": {"region": region}, "region": region}


# Merged records ----------------------------------------------------------------------------------------------------


def survivor_of(old_id) -> int | None:
    """The id of the organisation a merged record lives on in (A merged into B, later B into C: C), None when the id
    was never merged. An id that still names a record is its own survivor only if it was never merged (ids are not
    reused)."""
    seen = set()
    survivor = None
    current = old_id
    while current not in seen:
        seen.add(current)
        following = OrganizationMerge.objects.filter(merged_id=current).values_list("survivor_id", flat=True).first()
        if following is None:
            return survivor
        survivor = current = following
    return survivor


def current_id(pk: int) -> int:
    """The id a record goes by now: its survivor's for a merged record (an old export's id), else its own."""
    return survivor_of(pk) or pk


def visible_survivor(user, old_id) -> int | None:
    """The id of the record a merged one lives on in, if the user may see it (survivor_of); None otherwise: what an
    old id leads to in the pages and the API."""
    survivor = survivor_of(old_id)
    if survivor is None or not Organization.objects.restrict(user, "view").filter(pk=survivor).exists():
        return None
    return survivor


def organization_by_ico(ico: str | None) -> Organization | None:
    """The organisation with this IČO: the record holding it, else the survivor of a merged record that held it
    (an import meeting a merged record's IČO updates the survivor instead of creating the record again)."""
    if not ico:
        return None
    organization = Organization.objects.filter(ico=ico).first()
    if organization is not None:
        return organization
    merged_id = (
        OrganizationMerge.objects.filter(ico=ico).order_by("-merged_at").values_list("merged_id", flat=True).first()
    )
    survivor = survivor_of(merged_id) if merged_id is not None else None
    return Organization.objects.filter(pk=survivor).first() if survivor else None


def merges_into(organization: Organization) -> list[OrganizationMerge]:
    """The merges of records into the organisation (directly or through a chain: a survivor merged later passes its
    merges on), newest first; ``merged_ids_of`` and ``recent_merges`` read them (the card asks once)."""
    return list(OrganizationMerge.objects.filter(survivor=organization).order_by("-merged_at", "-pk"))


def merged_ids_of(merges: list[OrganizationMerge]) -> list[int]:
    """The ids of the records merged (merges_into)."""
    return [merge.merged_id for merge in merges]


def recent_merges(merges: list[OrganizationMerge]) -> list[OrganizationMerge]:
    """Those of the merges (merges_into) recent enough to be undone (MERGE_UNDO_WITHIN), newest first."""
    since = timezone.now() - MERGE_UNDO_WITHIN
    return [merge for merge in merges if merge.merged_at >= since]
