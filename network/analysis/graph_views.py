"""The network map: the cooperation graph of one ORP or kraj drawn as a graph and on the map, with its metrics and
how they changed over time (stored snapshots).

Everything it shows comes from ``network_graph(request.user, …)`` and ``snapshot_series(request.user, …)``, which
apply the user's scope; the territory chooser offers only the districts where the user may see cooperation links (and
their kraje), and a territory outside them answers 404, like any record out of reach.
"""

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse, QueryDict
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import quote_etag
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from core.forms import DATE_WIDGET
from core.views import PAGE_SIZE, ScopedViewMixin
from network.analysis.graph import network_graph, network_state, network_summary
from network.analysis.metrics import graph_metrics
from network.analysis.survey_layer import survey_layer
from network.models import CooperationLink, JointCasesBand, LinkKind
from network.selectors import snapshot_series
from organizations.models import OrganizationKind
from permissions.scoping import get_scope
from permissions.selectors import districts_where

# Node colours by organisation kind: distinct hues, dark enough for a white label halo, the legend shows them.
KIND_COLOURS = {
    OrganizationKind.OSPOD: "#d62728",
    OrganizationKind.NGO: "#1f77b4",
    OrganizationKind.SOCIAL_SERVICE_PROVIDER: "#2ca02c",
    OrganizationKind.SCHOOL: "#ff7f0e",
    OrganizationKind.SCHOOL_COUNSELLING: "#b59a00",
    OrganizationKind.HEALTH: "#17becf",
    OrganizationKind.POLICE: "#393b79",
    OrganizationKind.COURT: "#8c564b",
    OrganizationKind.MUNICIPALITY: "#9467bd",
    OrganizationKind.LABOUR_OFFICE: "#6b6b6b",
    OrganizationKind.FOSTER_CARE_AGENCY: "#e377c2",
    OrganizationKind.CHURCH_CHARITY: "#637939",
    OrganizationKind.EMPLOYER: "#843c39",
    OrganizationKind.OTHER: "#a0a0a0",
}
OTHER_COLOUR = "#a0a0a0"

# Edge dash patterns by link kind (dash, gap, … in px; empty = solid): the same pattern in the graph, on the map and
# in the legend. A formal agreement is the one solid line.
LINK_DASHES = {
    LinkKind.FORMAL_AGREEMENT: [],
    LinkKind.CASE_COOPERATION: [16, 4],
    LinkKind.REFERRAL: [8, 6],
    LinkKind.INFORMATION_SHARING: [2, 5],
    LinkKind.JOINT_ACTIVITY: [12, 4, 2, 4],
    LinkKind.METHODICAL_SUPPORT: [4, 4],
    LinkKind.FUNDING: [12, 4, 2, 4, 2, 4],
}

# The network-level metrics shown, in order: the key of network_metrics() and the label.
NETWORK_METRICS = [
    ("nodes", _("nodes")),
    ("edges", _("links")),
    ("density", _("density")),
    ("centralization", _("degree centralisation")),
    ("components", _("components")),
    ("isolates", _("isolated organisations")),
    ("reciprocity", _("reciprocity")),
    ("average_path_length", _("average path length")),
]
# The per-organisation metrics of the table and the side panel.
ORGANIZATION_METRICS = [
    ("degree", _("degree")),
    ("in_degree", _("incoming")),
    ("out_degree", _("outgoing")),
    ("betweenness", _("betweenness")),
    ("closeness", _("closeness")),
    ("eigenvector", _("eigenvector")),
]
# Columns the organisation table sorts by (numbers from the highest, the name alphabetically).
SORT_KEYS = ("name", "degree", "betweenness", "closeness", "eigenvector")
DEFAULT_SORT = "degree"
# The series of the snapshot charts: the key in a snapshot's metrics and the label.
SNAPSHOT_SERIES = [("density", _("density")), ("isolates", _("isolated organisations")), ("edges", _("links"))]
CHART_WIDTH, CHART_HEIGHT, CHART_PAD = 320, 90, 6
# Part of the drawing data's ETag: raise it when graph_data() changes shape, so no browser keeps the old shape.
GRAPH_DATA_VERSION = 1


class NetworkMapForm(forms.Form):
    """The territory and the filters of the map; the territory's choices are what the user may see."""

    region = forms.ChoiceField(label=_("Region"), required=False)
    district = forms.ChoiceField(label=_("District (ORP)"), required=False)
    min_strength = forms.TypedChoiceField(
        label=_("Minimum strength"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("any")), *((n, f"{n}/5") for n in range(1, 6))],
    )
    as_of = forms.DateField(label=_("As of"), required=False, widget=DATE_WIDGET)
    kinds = forms.MultipleChoiceField(
        label=_("Kinds of cooperation"),
        required=False,
        choices=LinkKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every kind."),
    )

    def __init__(self, *args, districts, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("— choose a kraj —")), *((r.code, r.name) for r in regions)]
        grouped: dict[str, list] = {}
        for district in districts:
            grouped.setdefault(district.region.name, []).append((district.code, district.name))
        self.fields["district"].choices = [("", _("— the whole kraj —")), *grouped.items()]


def territory_choices(user):
    """The districts where the user may see cooperation links, and their kraje (two lists, by name)."""
    districts = list(districts_where(user, "cooperationlink", "view").select_related("region"))
    regions = sorted({d.region_id: d.region for d in districts}.values(), key=lambda r: r.name)
    return districts, regions


def default_territory(user, districts, regions):
    """The user's own place: the district of their first district role, else the kraj of their first kraj role
    (if the user may see links there); None for a user with no place of their own (a superuser)."""
    by_id = {d.pk: d for d in districts}
    regions_by_id = {r.pk: r for r in regions}
    assignments = get_scope(user).assignments
    for assignment in assignments:
        if assignment.district_id in by_id:
            return by_id[assignment.district_id], None
    for assignment in assignments:
        if assignment.region_id in regions_by_id:
            return None, regions_by_id[assignment.region_id]
    return None, None


def chart(points: list[tuple], label) -> dict:
    """An SVG polyline of (date, value) points, scaled into the chart's box; the template draws it."""
    values = [float(value) for _date, value in points]
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    count = len(points)
    inner_w, inner_h = CHART_WIDTH - 2 * CHART_PAD, CHART_HEIGHT - 2 * CHART_PAD
    coords = []
    for index, (when, value) in enumerate(points):
        x = CHART_PAD + (inner_w * index / (count - 1) if count > 1 else inner_w / 2)
        y = CHART_PAD + inner_h - inner_h * (float(value) - low) / span
        coords.append({"x": round(x, 1), "y": round(y, 1), "date": when, "value": value})
    return {
        "label": label,
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "coords": coords,
        "points": " ".join(f"{c['x']},{c['y']}" for c in coords),
        "first": points[0],
        "last": points[-1],
        "low": low,
        "high": high,
    }


def _snapshot_parts(snapshot) -> tuple:
    """The date and the metrics of one stored snapshot (a dict or a model instance)."""
    if isinstance(snapshot, dict):
        return snapshot.get("date"), snapshot.get("metrics", snapshot)
    return getattr(snapshot, "date", None), getattr(snapshot, "metrics", None) or {}


def _count(value):
    """Isolates may come as a count or as the list of isolated organisations."""
    return len(value) if isinstance(value, (list, tuple, set, frozenset)) else value


class NetworkRequestMixin(ScopedViewMixin):
    """The territory and the filters of a network map request, read the same way by the page and by its graph data."""

    model = CooperationLink

    def network_request(self):
        """(form, district, region): the bound filter form and the territory chosen (or the user's own; both None for
        a user with no place of their own who chose none). A territory the user cannot see is 404."""
        user = self.request.user
        params = self.request.GET
        districts, regions = territory_choices(user)
        district, region = self.chosen_territory(params, districts, regions)
        if district is None and region is None:
            district, region = default_territory(user, districts, regions)
        # The form shows the territory resolved here: the default, or the kraj of the chosen ORP.
        data = params.copy()
        data["district"] = district.code if district else ""
        data["region"] = district.region.code if district else region.code if region else ""
        return NetworkMapForm(data, districts=districts, regions=regions), district, region

    @staticmethod
    def graph_arguments(district, region, filters) -> dict:
        return {
            "district": district,
            "region": None if district else region,
            "as_of": filters.get("as_of"),
            "kinds": filters.get("kinds") or None,
            "min_strength": filters.get("min_strength"),
        }

    @staticmethod
    def chosen_territory(params, districts, regions):
        """The district or kraj the query names; one the user cannot see (or that does not exist) is 404."""
        district_code, region_code = params.get("district", ""), params.get("region", "")
        if district_code:
            district = next((d for d in districts if d.code == district_code), None)
            if district is None:
                raise Http404
            return district, None
        if region_code:
            region = next((r for r in regions if r.code == region_code), None)
            if region is None:
                raise Http404
            return None, region
        return None, None


class NetworkMapView(NetworkRequestMixin, TemplateView):
    """The cooperation network of one ORP or kraj the user can see: graph, map, metrics and snapshots.

    The page carries no graph: its script fetches the drawing's data from NetworkGraphDataView (the same territory and
    filters), so the page weighs the same for ten organisations and for a kraj's two thousand, and the browser keeps
    the data until the network changes. The table of the organisations is paged."""

    template_name = "network/network_map.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        form, district, region = self.network_request()
        context.update(
            form=form, district=district, region=region, territory=district or region, link_legend=self.link_legend()
        )
        if not form.is_valid() or (district is None and region is None):
            return context
        filters = form.cleaned_data
        nodes, whole, per_organization = network_summary(user, **self.graph_arguments(district, region, filters))
        context.update(
            has_nodes=bool(nodes),
            kind_legend=self.kind_legend(nodes),
            map_tiles={"url": settings.MAP_TILES_URL, "attribution": settings.MAP_TILES_ATTRIBUTION},
            graph_url=f"{reverse('network-graph-data')}?{self.graph_query(district, region, filters)}",
            survey_url=f"{reverse('network-survey-data')}?{'district' if district else 'region'}={(district or region).code}",
        )
        context["network_metrics"] = self.network_numbers(whole)
        context["metrics_estimated"] = whole["estimated"]
        context["organizations"] = self.organization_rows(nodes, per_organization, self.request.GET.get("sort"))
        context["charts"] = self.snapshot_charts(
            snapshot_series(user, district=district, region=None if district else region)
        )
        context["export_query"] = self.export_query(district, region, filters)
        return context

    @staticmethod
    def graph_query(district, region, filters) -> str:
        """The query of the drawing's data: the page's territory (resolved) and filters, in the form's names."""
        query = QueryDict(mutable=True)
        query["district" if district else "region"] = (district or region).code
        if filters.get("as_of"):
            query["as_of"] = filters["as_of"].isoformat()
        if filters.get("min_strength"):
            query["min_strength"] = str(filters["min_strength"])
        query.setlist("kinds", sorted(filters.get("kinds") or ()))
        return query.urlencode()

    @staticmethod
    def export_query(district, region, filters) -> str:
        """The API's query for the same network, for the GraphML, GEXF and CSV downloads of what is drawn."""
        query = QueryDict(mutable=True)
        query["district" if district else "region"] = (district or region).code
        if filters.get("as_of"):
            query["as_of"] = filters["as_of"].isoformat()
        if filters.get("min_strength"):
            query["min_strength"] = str(filters["min_strength"])
        query.setlist("kind", list(filters.get("kinds") or ()))
        return query.urlencode()

    # The drawing ----------------------------------------------------------------------------------------------------

    @staticmethod
    def kind_legend(nodes) -> list[dict]:
        """The kinds of organisation drawn, in the order of the choices, with their colours."""
        present = {attrs.get("kind") or OrganizationKind.OTHER for _pk, attrs in nodes}
        return [
            {"kind": kind, "label": label, "colour": KIND_COLOURS.get(kind, OTHER_COLOUR)}
            for kind, label in OrganizationKind.choices
            if kind in present
        ]

    @staticmethod
    def link_legend() -> list[dict]:
        return [
            {"kind": kind, "label": label, "dasharray": " ".join(str(n) for n in LINK_DASHES.get(kind, []))}
            for kind, label in LinkKind.choices
        ]

    # The metrics ----------------------------------------------------------------------------------------------------

    @staticmethod
    def network_numbers(metrics: dict) -> list[dict]:
        return [{"key": key, "label": label, "value": _count(metrics.get(key))} for key, label in NETWORK_METRICS]

    def organization_rows(self, nodes, per_organization: dict, sort: str | None) -> dict:
        sort = sort if sort in SORT_KEYS else DEFAULT_SORT
        rows = [
            {
                "pk": pk,
                "name": attrs.get("name", ""),
                "kind": attrs.get("kind"),
                "url": attrs.get("url") or reverse("organization-detail", args=[pk]),
                **{key: per_organization.get(pk, {}).get(key) for key, _label in ORGANIZATION_METRICS},
                "broker": bool(per_organization.get(pk, {}).get("broker")),
            }
            for pk, attrs in nodes
        ]
        if sort == "name":
            rows.sort(key=lambda row: row["name"].casefold())
        else:
            rows.sort(key=lambda row: (-(row[sort] or 0), row["name"].casefold()))
        page = Paginator(rows, PAGE_SIZE).get_page(self.request.GET.get("page"))
        kind_labels = dict(OrganizationKind.choices)
        for row in page.object_list:
            row["kind_label"] = kind_labels.get(row["kind"], row["kind"])
        query = self.request.GET.copy()
        query.pop("page", None)
        query_without_page = query.urlencode()
        query.pop("sort", None)
        base = query.urlencode()
        columns = [
            {"key": key, "label": label, "href": f"?{base + '&' if base else ''}sort={key}", "current": key == sort}
            for key, label in [
                ("name", _("Organisation")),
                ("degree", _("degree")),
                ("betweenness", _("betweenness")),
                ("closeness", _("closeness")),
                ("eigenvector", _("eigenvector")),
            ]
        ]
        return {
            "rows": page.object_list,
            "count": len(rows),
            "page_obj": page,
            "query_without_page": query_without_page,
            "columns": columns,
            "sort": sort,
        }

    @staticmethod
    def snapshot_charts(snapshots) -> list[dict]:
        """One small line chart per series of the stored snapshots (oldest first); empty when there are none."""
        parts = sorted((_snapshot_parts(s) for s in snapshots), key=lambda part: part[0])
        charts = []
        for key, label in SNAPSHOT_SERIES:
            points = [
                (when, _count(metrics.get(key)))
                for when, metrics in parts
                if when is not None and metrics.get(key) is not None
            ]
            if points:
                charts.append(chart(points, label))
        return charts


class NetworkGraphDataView(NetworkRequestMixin, View):
    """The drawing's data of the network map page (its nodes with their metrics, its edges), as JSON, for the same
    query as the page.

    It answers with an ETag of the network's state (network_state: the links and organisations the graph reads, the
    filters, the user's scope, the language of the labels) and ``Cache-Control: private, no-cache``: the browser keeps
    the data and asks each time whether it changed, and an unchanged network costs a 304 from a few aggregate queries
    instead of building the graph. The check always reaches this view, so a signed-out or different user never gets a
    kept copy."""

    def get(self, request, *args, **kwargs):
        form, district, region = self.network_request()
        if district is None and region is None:
            raise Http404
        if not form.is_valid():
            return JsonResponse({"errors": form.errors}, status=400)
        arguments = self.graph_arguments(district, region, form.cleaned_data)
        state = network_state(request.user, **arguments)
        # Weak from the start: GZipMiddleware weakens the ETag of a compressed 200 but not of a 304 (no body), and a
        # browser sending back W/"x" must get W/"x" again, or it may take the 304 for a different version.
        etag = "W/" + quote_etag(f"{GRAPH_DATA_VERSION}-{translation.get_language()}-{state}")
        response = get_conditional_response(request, etag=etag)
        if response is None:
            graph = network_graph(request.user, **arguments)
            _whole, per_organization = graph_metrics(graph)
            response = JsonResponse(graph_data(graph, per_organization))
        response["ETag"] = etag
        patch_cache_control(response, private=True, no_cache=True)
        patch_vary_headers(response, ("Cookie",))
        response.revalidated = True  # config.middleware.NoStoreForSignedInMiddleware leaves its Cache-Control be
        return response


class NetworkSurveyDataView(NetworkRequestMixin, View):
    """The map's optional partner survey layer (network.analysis.survey_layer) for the same territory as the page; asked
    for only when the user switches the layer on."""

    def get(self, request, *args, **kwargs):
        _form, district, region = self.network_request()
        if district is None and region is None:
            raise Http404
        response = JsonResponse(survey_layer(request.user, district=district, region=region))
        patch_cache_control(response, private=True, no_store=True)
        return response


def graph_data(graph, per_organization: dict) -> dict:
    """The nodes and edges as vis-network and Leaflet draw them, with the labels of the side panel."""
    # The labels once, not per node: a lazy translation costs a lookup each time it is read.
    kind_labels = {kind: str(label) for kind, label in OrganizationKind.choices}
    link_labels = {kind: str(label) for kind, label in LinkKind.choices}
    band_labels = {band: str(label) for band, label in JointCasesBand.choices}
    nodes = []
    for pk, attrs in graph.nodes(data=True):
        kind = attrs.get("kind") or OrganizationKind.OTHER
        metrics = per_organization.get(pk, {})
        nodes.append(
            {
                "id": pk,
                "name": attrs.get("name", ""),
                "kind": kind,
                "kind_label": kind_labels.get(kind, kind),
                "colour": KIND_COLOURS.get(kind, OTHER_COLOUR),
                "url": attrs.get("url") or reverse("organization-detail", args=[pk]),
                "lat": _float(attrs.get("lat")),
                "lon": _float(attrs.get("lon")),
                "broker": bool(metrics.get("broker")),
                **{key: _round(metrics.get(key)) for key, _label in ORGANIZATION_METRICS},
            }
        )
    edges, seen, parallel = [], set(), {}
    for source, target, attrs in graph.edges(data=True):
        link = attrs.get("link")
        # An undirected link may be stored as two arcs; it is drawn once.
        key = link if link is not None else (source, target, attrs.get("kind"))
        if key in seen:
            continue
        seen.add(key)
        pair = frozenset((source, target))
        index = parallel[pair] = parallel.get(pair, -1) + 1
        kind = attrs.get("kind")
        edges.append(
            {
                "id": len(edges) + 1,
                "link": link,
                "from": source,
                "to": target,
                "kind": kind,
                "kind_label": link_labels.get(kind, kind or ""),
                "strength": attrs.get("strength") or 1,
                "directed": bool(attrs.get("directed")),
                "formalized": bool(attrs.get("formalized")),
                "dashes": LINK_DASHES.get(kind, []),
                "parallel": index,
                "joint_cases": band_labels.get(attrs["joint_cases"]) if attrs.get("joint_cases") else None,
            }
        )
    labels = {key: str(label) for key, label in ORGANIZATION_METRICS}
    labels.update(broker=str(_("broker")), open_card=str(_("Open card")))
    return {"nodes": nodes, "edges": edges, "labels": labels}


def _float(value) -> float | None:
    return None if value is None else float(value)


def _round(value):
    return round(value, 4) if isinstance(value, float) else value
