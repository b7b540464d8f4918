"""The ORP network analysis report ("Analýza místní sítě služeb a návrh její optimální podoby"): its data as chapters
of paragraphs and tables that the page, the PDF and the XLSX all render the same way. The one write of the report,
its recommendations, is in network.analysis.recommendations.

Every row comes from ``restrict(user, "view")`` (through network.analysis.coverage and network.analysis.graph); the
district itself is resolved by network.analysis.coverage.territory_for, so a district the user may not see is
"not found".
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Case, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meetings.models import NeedCategory, NeedPriority, NeedStatus
from network.analysis.coverage import (
    MAPPED_WITHIN,
    Coverage,
    GraphFindings,
    Territory,
    active_services,
    coverage_of,
    graph_findings,
    open_needs,
    territory_graph,
)
from network.models import NetworkRecommendation
from organizations.models import Organization, OrganizationKind, OrganizationStatus
from organizations.selectors import serving_organizations, serving_service_ids
from permissions.scoping import AmongIds
from territory.models import District

# How many of the most central organisations chapter 3 names.
CENTRAL_ROWS = 10
REPORT_TITLE = gettext_lazy("Analysis of the local network of services and a proposal of its optimal form")


@dataclass(frozen=True)
class Mark:
    """A cell that says yes or no (present / missing), or neither (not mapped yet: ``ok`` None): a badge on the page,
    text in the PDF and the XLSX."""

    ok: bool | None
    text: str

    def __str__(self) -> str:
        return self.text


NOT_MAPPED_NOTE = gettext_lazy(
    "Nobody has mapped this ORP yet: no organisation here was verified and no meeting held here in the last "
    "%(years)s years. A key service with no provider recorded reads “not mapped yet”, not “missing”."
)


def coverage_mark(cell) -> Mark:
    """A key service in the ORP: present, missing, or not mapped yet (nobody has worked there lately, so its absence
    says nothing)."""
    if cell.state == "present":
        return Mark(True, _("present"))
    if cell.state == "missing":
        return Mark(False, _("missing"))
    return Mark(None, _("not mapped yet"))


@dataclass
class Table:
    caption: str
    headers: list[str]
    rows: list[list]
    empty: str = ""


@dataclass
class Text:
    text: str


@dataclass
class Chapter:
    number: int
    title: str
    short: str  # the XLSX sheet name (at most 31 characters)
    blocks: list = field(default_factory=list)
    picture: bool = False  # the PDF draws the cooperation network at the chapter's start


@dataclass
class Report:
    territory: Territory
    generated_at: datetime.datetime
    coverage: Coverage
    findings: GraphFindings
    chapters: list[Chapter]
    recommendation: NetworkRecommendation | None

    @property
    def district(self) -> District:
        return self.territory.district


# ------------------------------------------------------------------------------------------------- building --


def report_of(user, territory: Territory, *, with_graph: bool = False) -> Report:
    """The report of one ORP as the user may see it; ``with_graph`` for the PDF, which draws the network (the page
    and the workbook take the graph's metrics kept for the network's state: no graph built while nothing changed)."""
    graph = territory_graph(user, territory) if with_graph else None
    findings = graph_findings(user, territory, graph)
    coverage = coverage_of(user, territory, findings=findings)
    recommendation = (
        NetworkRecommendation.objects.filter(district=territory.district).select_related("updated_by").first()
    )
    chapters = [
        actors_chapter(user, territory),
        services_chapter(user, territory, coverage),
        cooperation_chapter(coverage, findings),
        gaps_chapter(user, territory, coverage),
        recommendations_chapter(recommendation),
    ]
    return Report(
        territory=territory,
        generated_at=timezone.now(),
        coverage=coverage,
        findings=findings,
        chapters=chapters,
        recommendation=recommendation,
    )


def _services_for(district):
    """The services placed in the district or serving it (a condition)."""
    return Q(district=district) | AmongIds("pk", serving_service_ids([district.pk]))


def _labels(choices) -> dict:
    """{value: label} of a choices class, in the active language: get_FOO_display() re-reads the lazy choices at every
    call, which costs more than the rest of a row in a table of hundreds."""
    return {value: str(label) for value, label in choices.choices}


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def _decimal(value, places: int = 3):
    """A metric rounded for reading, kept a number (the workbook sums and sorts it); "—" when there is none."""
    return "—" if value is None else round(value, places)


def actors_chapter(user, territory: Territory) -> Chapter:
    """1. The actors: the active organisations of the ORP by kind, and those from elsewhere that serve it."""
    district = territory.district
    # Rows, not instances: an ORP has hundreds of organisations, and an instance each (with its municipality) cost more
    # than the query.
    organizations = list(
        Organization.objects.restrict(user, "view")
        .filter(district=district, status=OrganizationStatus.ACTIVE)
        .order_by("name", "pk")
        .values_list("name", "kind", "municipality__name", "verified_at")
    )
    counts = Counter(kind for _name, kind, _municipality, _verified in organizations)
    kinds = _labels(OrganizationKind)
    from_elsewhere = (
        Organization.objects.restrict(user, "view")
        .filter(status=OrganizationStatus.ACTIVE)
        .filter(serving_organizations([district.pk]))
        .exclude(district=district)
        .order_by("name", "pk")
        .values_list("name", "kind", "district__name")
    )
    return Chapter(
        1,
        _("Actors of the local network"),
        _("1 Actors"),
        [
            Table(
                _("Organisations by kind"),
                [_("Kind"), _("Count")],
                [[kinds[kind], counts[kind]] for kind in OrganizationKind.values if counts[kind]]
                + [[_("Total"), len(organizations)]],
            ),
            Table(
                _("Organisations of the ORP"),
                [_("Organisation"), _("Kind"), _("Municipality"), _("Verified")],
                [
                    [
                        name,
                        kinds[kind],
                        municipality or "—",
                        timezone.localtime(verified).strftime("%d. %m. %Y") if verified else "—",
                    ]
                    for name, kind, municipality, verified in organizations
                ],
                empty=_("No organisation is recorded in this ORP."),
            ),
            Table(
                _("Organisations from elsewhere serving the ORP"),
                [_("Organisation"), _("Kind"), _("District")],
                [[name, kinds[kind], district_name] for name, kind, district_name in from_elsewhere],
                empty=_("None recorded."),
            ),
        ],
    )


def services_chapter(user, territory: Territory, coverage: Coverage) -> Chapter:
    """2. Services against needs: the key services with their capacity and the needs for them, then open needs by
    category and by the kind of service they ask for."""
    district = territory.district
    # Rows of the key services, named by the key kinds of the coverage (no instance of a service, its organisation
    # and its kind each: a kraj's seat has hundreds).
    key_kinds = {row.kind.pk: str(row.kind) for row in coverage.rows}
    services = (
        active_services(user, timezone.localdate())
        .filter(kind__is_key=True)
        .filter(_services_for(district))
        .order_by("kind__sort_order", "organization__name", "name", "pk")
        .values_list("name", "organization__name", "kind_id", "capacity")
    )
    needs = list(by_priority(open_needs(user, territory)).select_related("wanted_service_kind").only(*NEED_ROW_FIELDS))
    by_category = Counter(n.category for n in needs)
    categories, priorities, statuses = _labels(NeedCategory), _labels(NeedPriority), _labels(NeedStatus)
    return Chapter(
        2,
        _("Services against needs"),
        _("2 Services and needs"),
        [
            *([Text(str(NOT_MAPPED_NOTE) % {"years": MAPPED_WITHIN.days // 365})] if coverage.not_mapped else []),
            Table(
                _("Coverage of key services"),
                [_("Key service"), _("Present"), _("Services"), _("Capacity"), _("Open needs")],
                [
                    [
                        str(row.kind),
                        coverage_mark(row.cells[0]),
                        row.cells[0].services,
                        "—" if row.cells[0].capacity is None else row.cells[0].capacity,
                        row.cells[0].needs,
                    ]
                    for row in coverage.rows
                ],
            ),
            Table(
                _("Key services provided in the ORP"),
                [_("Service"), _("Organisation"), _("Kind"), _("Capacity")],
                [
                    [name, organization, key_kinds[kind_id], "—" if capacity is None else capacity]
                    for name, organization, kind_id, capacity in services
                ],
                empty=_("No key service is provided in this ORP."),
            ),
            Table(
                _("Open needs by category"),
                [_("Category"), _("Count")],
                [[str(label), by_category[value]] for value, label in NeedCategory.choices if by_category[value]],
                empty=_("No open need."),
            ),
            Table(
                _("Open needs by the kind of service wanted"),
                [_("Kind of service"), _("Count")],
                [[row.label, row.total] for row in coverage.need_rows],
                empty=_("No open need."),
            ),
            Table(
                _("Open needs"),
                [_("Need"), _("Category"), _("Kind of service"), _("Priority"), _("Status")],
                [
                    [
                        n.title,
                        categories[n.category],
                        str(n.wanted_service_kind or "—"),
                        priorities[n.priority],
                        statuses[n.status],
                    ]
                    for n in needs
                ],
                empty=_("No open need."),
            ),
        ],
    )


def cooperation_chapter(coverage: Coverage, findings: GraphFindings) -> Chapter:
    """3. Cooperation: the metrics of the network, its most central organisations, brokers and who has no OSPOD link."""
    metrics = findings.metrics
    per = findings.per_organization
    kinds = _labels(OrganizationKind)
    # The names of the graph's nodes: every node is an organisation in the user's scope (network_graph).
    names = findings.names
    central = sorted(
        (pk for pk, values in per.items() if values.get("degree") and pk in names),
        key=lambda pk: (-per[pk].get("betweenness", 0), -per[pk].get("degree", 0), names[pk]),
    )[:CENTRAL_ROWS]
    return Chapter(
        3,
        _("Cooperation"),
        _("3 Cooperation"),
        [
            Table(
                _("Metrics of the network"),
                [_("Metric"), _("Value")],
                [
                    [_("Organisations"), metrics.get("nodes", 0)],
                    [_("Links"), metrics.get("edges", 0)],
                    [_("Density"), _decimal(metrics.get("density"))],
                    [_("Degree centralisation"), _decimal(metrics.get("centralization"))],
                    [_("Components"), metrics.get("components", 0)],
                    [_("Isolated organisations"), len(metrics.get("isolates", []))],
                    [_("Reciprocity"), _decimal(metrics.get("reciprocity"))],
                    [_("Average path length"), _decimal(metrics.get("average_path_length"), 2)],
                ],
            ),
            Table(
                _("The most central organisations"),
                [_("Organisation"), _("Degree"), _("Betweenness"), _("Closeness"), _("Broker")],
                [
                    [
                        names[pk],
                        per[pk].get("degree", 0),
                        _decimal(per[pk].get("betweenness")),
                        _decimal(per[pk].get("closeness")),
                        _yes_no(per[pk].get("broker", False)),
                    ]
                    for pk in central
                ],
                empty=_("No organisation has a link yet."),
            ),
            Table(
                _("Brokers (the network splits without them)"),
                [_("Organisation"), _("Kind"), _("District")],
                [[o.name, kinds[o.kind], str(o.district)] for o in findings.brokers],
                empty=_("No single broker."),
            ),
            Table(
                _("Organisations without a link to an OSPOD"),
                [_("Organisation"), _("Kind")],
                [[o.name, kinds[o.kind]] for o in coverage.without_ospod],
                empty=_("Every organisation has a link to an OSPOD."),
            ),
        ],
        picture=True,
    )


def gaps_chapter(user, territory: Territory, coverage: Coverage) -> Chapter:
    """4. Gaps: the key services missing, the isolated organisations, and the open needs no service in the ORP
    answers (no active service of the kind they ask for is placed in or serves the ORP, or they name no kind)."""
    district = territory.district
    missing = [row for row in coverage.rows if row.cells[0].state == "missing"]
    provided = active_services(user, timezone.localdate()).filter(_services_for(district))
    unmet = list(
        by_priority(open_needs(user, territory).exclude(wanted_service_kind__in=provided.values("kind_id")))
        .select_related("wanted_service_kind")
        .only(*NEED_ROW_FIELDS)
    )
    kinds, priorities, statuses = _labels(OrganizationKind), _labels(NeedPriority), _labels(NeedStatus)
    return Chapter(
        4,
        _("Gaps"),
        _("4 Gaps"),
        [
            Table(
                _("Missing key services"),
                [_("Key service"), _("Open needs")],
                [[str(row.kind), row.cells[0].needs] for row in missing],
                empty=_("Every key service is present."),
            ),
            Table(
                _("Isolated organisations"),
                [_("Organisation"), _("Kind")],
                [[o.name, kinds[o.kind]] for o in coverage.isolates],
                empty=_("No isolated organisation."),
            ),
            Table(
                _("Unmet needs (no service of the kind wanted in the ORP)"),
                [_("Need"), _("Kind of service"), _("Priority"), _("Status")],
                [
                    [n.title, str(n.wanted_service_kind or "—"), priorities[n.priority], statuses[n.status]]
                    for n in unmet
                ],
                empty=_("No unmet need."),
            ),
        ],
    )


# What the report's tables of needs show of a need (its description and the rest are not read).
NEED_ROW_FIELDS = (
    "title",
    "category",
    "priority",
    "status",
    "wanted_service_kind__name",
    "wanted_service_kind__name_en",
    "wanted_service_kind__paragraph",
)


def by_priority(needs):
    """Needs with the most urgent first, then the newest."""
    rank = Case(
        *(
            When(priority=value, then=Value(order))
            for order, value in enumerate((NeedPriority.HIGH, NeedPriority.MEDIUM, NeedPriority.LOW))
        ),
        default=Value(3),
    )
    return needs.order_by(rank, "-created_at", "-pk")


def recommendations_chapter(recommendation: NetworkRecommendation | None) -> Chapter:
    """5. Recommendations: the text the networkers keep for the ORP."""
    if recommendation is None or not recommendation.text.strip():
        blocks = [Text(_("No recommendations have been written yet."))]
    else:
        who = (
            recommendation.updated_by.get_full_name() or recommendation.updated_by.get_username()
            if recommendation.updated_by
            else "—"
        )
        blocks = [
            Text(recommendation.text),
            Text(
                _("Last changed %(when)s by %(who)s.")
                % {"when": timezone.localtime(recommendation.updated_at).strftime("%d. %m. %Y %H:%M"), "who": who}
            ),
        ]
    return Chapter(5, _("Recommendations"), _("5 Recommendations"), blocks)
