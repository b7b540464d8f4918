"""Coverage and gaps of an ORP or a kraj: which key services each district has against the needs heard there, which
organisations have no link to an OSPOD, and which stand alone or hold the network together (from network.analysis.graph and network.analysis.metrics).

Every row comes from ``restrict(user, "view")``; a territory the user may not see is out of scope (OutOfScope, which
views answer with 404), exactly as a record out of scope. The queries are a fixed number whatever the size of the territory.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.errors import OutOfScope
from meetings.models import Meeting, Need, NeedStatus
from network.analysis.graph import network_graph, network_summary
from network.analysis.metrics import graph_metrics
from network.models import CooperationLink, LinkStatus
from organizations.models import Organization, OrganizationKind, OrganizationStatus, Service, ServiceKind, ServiceStatus
from organizations.selectors import serving_service_ids
from permissions.roles import Role
from permissions.scoping import AmongIds, get_scope
from permissions.selectors import districts_where
from territory.models import District, Region

# A district counts as mapped when síťaři worked there this recently: an organisation placed there verified, or a
# meeting held there. Where nobody has, a key service with no provider is "not mapped yet", not "missing".
MAPPED_WITHIN = datetime.timedelta(days=2 * 365)
# Needs still waiting for an answer.
OPEN_NEED_STATUSES = (NeedStatus.OPEN, NeedStatus.IN_PROGRESS)
NO_KIND_LABEL = _("no kind of service given")


@dataclass(frozen=True)
class Territory:
    """An ORP (one column) or a kraj (a column per ORP the user may see)."""

    region: Region
    districts: tuple[District, ...]
    district: District | None = None

    @property
    def is_district(self) -> bool:
        return self.district is not None

    @property
    def name(self) -> str:
        return self.district.name if self.district else self.region.name

    @property
    def code(self) -> str:
        return self.district.code if self.district else self.region.code

    @property
    def district_ids(self) -> list[int]:
        return [district.pk for district in self.districts]


def visible_districts(user):
    """The districts whose organisations the user may see: the territory the coverage pages offer."""
    return districts_where(user, "organization", "view").select_related("region")


def territory_for(user, *, district: str | None = None, region: str | None = None) -> Territory:
    """The ORP or kraj named by its ČSÚ code, or the user's own one when none is named; OutOfScope when the user may
    not see it (or it does not exist: the two look the same)."""
    visible = visible_districts(user)
    if not district and not region:
        district, region = default_codes(user)
    if district:
        found = visible.filter(code=district).first()
        if found is None:
            raise OutOfScope(f"district {district}: not in the user's view")
        return Territory(region=found.region, districts=(found,), district=found)
    columns = tuple(visible.filter(region__code=region).order_by("name")) if region else ()
    if not columns:
        raise OutOfScope(f"region {region}: not in the user's view")
    return Territory(region=columns[0].region, districts=columns)


def default_codes(user) -> tuple[str | None, str | None]:
    """(district, region) codes of the user's own territory: the ORP of a networker or an OSPOD worker, else the kraj
    of a regional role, else the first kraj the user may see (a national methodologist, an administrator)."""
    assignments = get_scope(user).assignments
    district_ids = [
        a.district_id for a in assignments if a.district_id and a.role in (Role.SITAR, Role.OSPOD, Role.VEDOUCI_OSPOD)
    ]
    if district_ids:
        return District.objects.filter(pk=district_ids[0]).values_list("code", flat=True).first(), None
    region_ids = [a.region_id for a in assignments if a.region_id]
    regions = (
        Region.objects.filter(pk__in=region_ids)
        if region_ids
        else Region.objects.filter(districts__in=visible_districts(user))
    )
    return None, regions.order_by("code").values_list("code", flat=True).first()


# ------------------------------------------------------------------------------------------------- the matrix --


@dataclass
class Cell:
    """One key service kind in one district: active services there (own or serving it), their capacity, open needs."""

    district: District
    services: int = 0
    capacity: int | None = None
    needs: int = 0
    mapped: bool = True

    @property
    def present(self) -> bool:
        return self.services > 0

    @property
    def state(self) -> str:
        """ "present"; "missing" (the district is mapped and has no provider); "not_mapped" (no provider recorded,
        but nobody has mapped the district yet either)."""
        if self.present:
            return "present"
        return "missing" if self.mapped else "not_mapped"


@dataclass
class KindRow:
    kind: ServiceKind
    cells: list[Cell]

    @property
    def missing_in(self) -> list[District]:
        return [cell.district for cell in self.cells if cell.state == "missing"]


@dataclass
class NeedRow:
    """Open needs asking for one kind of service (or for none given), per district."""

    kind: ServiceKind | None
    counts: list[int]

    @property
    def label(self) -> str:
        return str(self.kind) if self.kind else str(NO_KIND_LABEL)

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass
class Coverage:
    territory: Territory
    rows: list[KindRow]
    need_rows: list[NeedRow]
    without_ospod: list[Organization]
    isolates: list[Organization] = field(default_factory=list)
    brokers: list[Organization] = field(default_factory=list)
    metrics: dict = field(default_factory=dict)
    mapped: dict[int, bool] = field(default_factory=dict)  # district id → mapped (MAPPED_WITHIN)

    @property
    def not_mapped(self) -> list[District]:
        return [d for d in self.territory.districts if not self.mapped.get(d.pk, True)]

    @property
    def missing(self) -> list[tuple[ServiceKind, District]]:
        return [(row.kind, district) for row in self.rows for district in row.missing_in]

    def as_dict(self) -> dict:
        """The data of the page as JSON (the API's answer)."""
        return {
            "territory": territory_dict(self.territory),
            "mapped_within_days": MAPPED_WITHIN.days,
            "not_mapped": [d.code for d in self.not_mapped],
            "key_services": [
                {
                    "kind": kind_dict(row.kind),
                    "districts": [
                        {
                            "district": cell.district.code,
                            "present": cell.present,
                            "state": cell.state,
                            "services": cell.services,
                            "capacity": cell.capacity,
                            "open_needs": cell.needs,
                        }
                        for cell in row.cells
                    ],
                }
                for row in self.rows
            ],
            "open_needs": [
                {
                    "kind": kind_dict(row.kind) if row.kind else None,
                    "total": row.total,
                    "districts": [
                        {"district": d.code, "count": n} for d, n in zip(self.territory.districts, row.counts)
                    ],
                }
                for row in self.need_rows
            ],
            "without_ospod_link": [organization_dict(o) for o in self.without_ospod],
            "isolates": [organization_dict(o) for o in self.isolates],
            "brokers": [organization_dict(o) for o in self.brokers],
        }


def territory_dict(territory: Territory) -> dict:
    return {
        "level": "district" if territory.is_district else "region",
        "code": territory.code,
        "name": territory.name,
        "region": {"code": territory.region.code, "name": territory.region.name},
        "districts": [{"code": d.code, "name": d.name} for d in territory.districts],
    }


def kind_dict(kind: ServiceKind) -> dict:
    return {"code": kind.code, "name": kind.name, "paragraph": kind.paragraph}


def organization_dict(organization: Organization) -> dict:
    return {
        "id": organization.pk,
        "name": organization.name,
        "kind": organization.kind,
        "district": organization.district.code,
    }


def key_kinds() -> list[ServiceKind]:
    return list(ServiceKind.objects.filter(is_key=True).order_by("sort_order", "name"))


def active_services(user, today: datetime.date):
    """Services in scope that are provided today by an active organisation."""
    # "Not of an organisation that is not active" rather than a join with the active ones: PostgreSQL hashes the few
    # closed organisations instead of every organisation of the country (a kraj's coverage 24 → 6 ms).
    closed = Organization.objects.filter(pk=OuterRef("organization_id")).exclude(status=OrganizationStatus.ACTIVE)
    return (
        Service.objects.restrict(user, "view")
        .filter(
            Q(active_from__isnull=True) | Q(active_from__lte=today),
            Q(active_until__isnull=True) | Q(active_until__gte=today),
            status=ServiceStatus.ACTIVE,
        )
        .exclude(Exists(closed.order_by()))
    )


def service_presence(user, territory: Territory, kinds: list[ServiceKind], today: datetime.date):
    """{(kind id, district id): [capacities]} of the active services of these kinds placed in or serving each district
    of the territory; two queries. A service counts once per district even if it both sits there and serves it."""
    ids = territory.district_ids
    # The services serving the territory by their ids (AmongIds), not an OR across the m2m join nor a semi-join
    # with every active service: either reads every service of the country. Unordered: an order by the
    # organisation's name would hash every organisation of the country to join them.
    rows = list(
        active_services(user, today)
        .filter(Q(district_id__in=ids) | AmongIds("pk", serving_service_ids(ids)), kind__in=kinds)
        .order_by()
        .values_list("pk", "kind_id", "district_id", "capacity")
    )
    # The districts of the territory each of them serves, looked up by the ids just read.
    served = defaultdict(set)
    for service_id, district_id in Service.served_districts.through.objects.filter(
        AmongIds("service_id", [row[0] for row in rows]), district_id__in=ids
    ).values_list("service_id", "district_id"):
        served[service_id].add(district_id)
    wanted = set(ids)
    found: dict[tuple[int, int], list[int | None]] = defaultdict(list)
    for pk, kind_id, district_id, capacity in rows:
        for place in ({district_id} & wanted) | served[pk]:
            found[(kind_id, place)].append(capacity)
    return found


def open_needs(user, territory: Territory):
    return Need.objects.restrict(user, "view").filter(
        district_id__in=territory.district_ids, status__in=OPEN_NEED_STATUSES
    )


def need_rows(user, territory: Territory) -> tuple[list[NeedRow], dict[tuple[int | None, int], int]]:
    """Open needs per wanted kind and district: the rows (key kinds first, then the others, then none given) and the
    counts by (kind id, district id)."""
    counts = {
        (kind_id, district_id): n
        for kind_id, district_id, n in open_needs(user, territory)
        .order_by()
        .values_list("wanted_service_kind_id", "district_id")
        .annotate(n=Count("id"))
    }
    kind_ids = {kind_id for kind_id, _district in counts if kind_id}
    kinds = ServiceKind.objects.filter(pk__in=kind_ids).order_by("-is_key", "sort_order", "name")
    rows = [NeedRow(kind, [counts.get((kind.pk, d), 0) for d in territory.district_ids]) for kind in kinds]
    if any(kind_id is None for kind_id, _district in counts):
        rows.append(NeedRow(None, [counts.get((None, d), 0) for d in territory.district_ids]))
    return rows, counts


def mapped_districts(user, territory: Territory, today: datetime.date) -> dict[int, bool]:
    """{district id: mapped} for the territory: an organisation placed there verified, or a meeting held there, within
    MAPPED_WITHIN (among what the user may see); one query."""
    since = today - MAPPED_WITHIN
    ids = territory.district_ids
    # Asked per district (EXISTS stops at the first row) rather than every meeting of two years of a kraj read.
    verified = Organization.objects.restrict(user, "view").filter(district=OuterRef("pk"), verified_at__date__gte=since)
    met = Meeting.objects.restrict(user, "view").filter(district=OuterRef("pk"), held_on__gte=since, held_on__lte=today)
    active = set(
        District.objects.filter(pk__in=ids)
        .filter(Exists(verified.order_by()) | Exists(met.order_by()))
        .order_by()
        .values_list("pk", flat=True)
    )
    return {pk: pk in active for pk in ids}


def kind_rows(
    user, territory: Territory, need_counts: dict, today: datetime.date, mapped: dict[int, bool] | None = None
) -> list[KindRow]:
    kinds = key_kinds()
    mapped = mapped or {}
    presence = service_presence(user, territory, kinds, today)
    rows = []
    for kind in kinds:
        cells = []
        for district in territory.districts:
            capacities = presence.get((kind.pk, district.pk), [])
            known = [c for c in capacities if c is not None]
            cells.append(
                Cell(
                    district=district,
                    services=len(capacities),
                    capacity=sum(known) if known else None,
                    needs=need_counts.get((kind.pk, district.pk), 0),
                    mapped=mapped.get(district.pk, True),
                )
            )
        rows.append(KindRow(kind=kind, cells=cells))
    return rows


def organizations_without_ospod_link(user, territory: Territory) -> QuerySet:
    """Active organisations of the territory (OSPODs aside) with no link, either way, to any OSPOD among the links
    the user may see that have not ended. A query, not a list: a kraj has thousands, and its page shows one page of
    them (a count and a slice) while the API and the report read them all."""
    links = CooperationLink.objects.restrict(user, "view").exclude(status=LinkStatus.ENDED).order_by()
    ospods = Organization.objects.filter(kind=OrganizationKind.OSPOD).order_by().values("pk")
    return (
        Organization.objects.restrict(user, "view")
        .filter(district_id__in=territory.district_ids, status=OrganizationStatus.ACTIVE)
        .exclude(kind=OrganizationKind.OSPOD)
        .exclude(Exists(links.filter(AmongIds("target_id", ospods), source=OuterRef("pk"))))
        .exclude(Exists(links.filter(AmongIds("source_id", ospods), target=OuterRef("pk"))))
        .select_related("district")
        .order_by("district__name", "name", "pk")
    )


# ------------------------------------------------------------------------------------------------ the graph --


@dataclass
class GraphFindings:
    """What the cooperation graph of the territory says: its metrics, per-organisation metrics, isolates, brokers."""

    metrics: dict
    per_organization: dict
    organizations: dict[int, Organization]  # the isolates and the brokers (the nodes' names are in ``graph``)
    isolates: list[Organization]
    brokers: list[Organization]
    names: dict[int, str] = field(default_factory=dict)  # {pk: name} of every node of the graph
    graph: object = None  # the networkx graph itself, when it was asked for (the report's PDF draws it)


def _graph_arguments(territory: Territory) -> dict:
    return {"district": territory.district} if territory.is_district else {"region": territory.region}


def territory_graph(user, territory: Territory):
    return network_graph(user, **_graph_arguments(territory))


def graph_findings(user, territory: Territory, graph=None) -> GraphFindings:
    """Network and per-organisation metrics of the territory's graph, with the organisations they name (in scope).
    Given the graph (the report's PDF draws it), its metrics; else those kept for the state of the network as the user
    sees it (``network_summary``, which the map page of the same territory shares): no graph built while nothing
    changed."""
    if graph is None:
        nodes, metrics, per_organization = network_summary(user, **_graph_arguments(territory))
        names = {pk: attrs.get("name", "") for pk, attrs in nodes}
    else:
        metrics, per_organization = graph_metrics(graph)
        names = {pk: attrs.get("name", "") for pk, attrs in graph.nodes(data=True)}
    broker_ids = [pk for pk, values in per_organization.items() if values.get("broker")]
    # Only the organisations named: a kraj's graph has thousands of nodes, and an instance each costs more than the
    # query. (The IS NULL, which matches nothing, keeps the query when nobody is named: the same count of queries.)
    organizations = {
        o.pk: o
        for o in Organization.objects.restrict(user, "view")
        .filter(Q(pk__in=[*metrics.get("isolates", []), *broker_ids]) | Q(pk__isnull=True))
        .select_related("district")
    }
    isolates = [organizations[pk] for pk in metrics.get("isolates", []) if pk in organizations]
    brokers = [organizations[pk] for pk in broker_ids if pk in organizations]
    in_territory = set(territory.district_ids)
    by_name = lambda o: (o.name, o.pk)  # noqa: E731
    return GraphFindings(
        metrics=metrics,
        per_organization=per_organization,
        organizations=organizations,
        isolates=sorted((o for o in isolates if o.district_id in in_territory), key=by_name),
        brokers=sorted(brokers, key=by_name),
        names=names,
        graph=graph,
    )


def coverage_of(user, territory: Territory, *, findings: GraphFindings | None = None) -> Coverage:
    """The coverage matrix, the needs beside it and the organisations without an OSPOD link, isolated or brokering."""
    today = timezone.localdate()
    needs, need_counts = need_rows(user, territory)
    findings = findings or graph_findings(user, territory)
    mapped = mapped_districts(user, territory, today)
    return Coverage(
        territory=territory,
        rows=kind_rows(user, territory, need_counts, today, mapped),
        need_rows=needs,
        without_ospod=organizations_without_ospod_link(user, territory),
        isolates=findings.isolates,
        brokers=findings.brokers,
        metrics=findings.metrics,
        mapped=mapped,
    )
