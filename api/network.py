"""The cooperation network in the API: the graph, its metrics and its exports (GraphML, GEXF, CSV in a zip).

Each view builds its graph with ``network.analysis.graph.network_graph(request.user, …)``, whose links come from
``CooperationLink.objects.restrict(user, "view")`` and whose organisations from ``Organization.objects.restrict(user,
"view")``; the views derive from the scoped base (RestrictedViewSet on CooperationLink) like every other viewset.

Query parameters, the same for every view: ``district`` or ``region`` (a ČSÚ code; at most one; none: everything the
user sees), ``as_of`` (a date: the links in force that day), ``kind`` (repeatable, a kind of link) and
``min_strength`` (1–5). An empty single value means "not given".
"""

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from api.base import RestrictedViewSet
from api.serializers import CodeRelatedField
from network.analysis.graph import network_graph
from network.analysis.graph_exports import graph_csv_zip, graph_gexf, graph_graphml
from network.analysis.metrics import graph_metrics
from network.models import CooperationLink, JointCasesBand, LinkKind
from territory.models import District, Region

NOT_BOTH = _("Give a district or a region, not both.")


# ----------------------------------------------------------------------------------------- the parameters --


class NetworkParamsSerializer(serializers.Serializer):
    """The territory and filters of a graph, read from the query string."""

    district = CodeRelatedField(queryset=District.objects.all(), required=False)
    region = CodeRelatedField(queryset=Region.objects.all(), required=False)
    as_of = serializers.DateField(required=False)
    kind = serializers.MultipleChoiceField(choices=LinkKind.choices, required=False)
    min_strength = serializers.IntegerField(required=False, min_value=1, max_value=5)

    def validate(self, attrs):
        if attrs.get("district") is not None and attrs.get("region") is not None:
            raise serializers.ValidationError({"region": [NOT_BOTH]})
        return attrs


PARAMETERS = [
    OpenApiParameter("district", OpenApiTypes.STR, description="The ČSÚ code of a district (ORP); not with region."),
    OpenApiParameter("region", OpenApiTypes.STR, description="The ČSÚ code of a region (kraj); not with district."),
    OpenApiParameter(
        "as_of",
        OpenApiTypes.DATE,
        description="The links in force on this day (since ≤ as_of ≤ until); default: the active ones.",
    ),
    OpenApiParameter(
        "kind",
        OpenApiTypes.STR,
        many=True,
        explode=True,
        enum=LinkKind.values,
        description="Only links of these kinds (repeat the parameter).",
    ),
    OpenApiParameter("min_strength", OpenApiTypes.INT, description="Only links at least this strong (1–5)."),
]


# ----------------------------------------------------------------------------------------- the answers --


class NetworkNodeSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The organisation's id.")
    name = serializers.CharField()
    kind = serializers.CharField()
    district = serializers.CharField(help_text="The ČSÚ code of the organisation's district.")
    lat = serializers.FloatField(allow_null=True, help_text="The organisation's latitude, else its district's centre.")
    lon = serializers.FloatField(allow_null=True)
    url = serializers.CharField(help_text="The organisation's card in the UI.")


class NetworkEdgeSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The cooperation link's id.")
    source = serializers.IntegerField()
    target = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=LinkKind.choices)
    strength = serializers.IntegerField(min_value=1, max_value=5)
    directed = serializers.BooleanField()
    formalized = serializers.BooleanField()
    since = serializers.DateField(allow_null=True)
    until = serializers.DateField(allow_null=True)
    joint_cases = serializers.ChoiceField(
        choices=JointCasesBand.choices,
        required=False,
        help_text="How many cases both organisations were involved in on the day of the last network snapshot, as a "
        "band (3-5, 6-10, over-10); absent below 3 cases. Cases opened since show at the next snapshot.",
    )


class NetworkGraphSerializer(serializers.Serializer):
    nodes = NetworkNodeSerializer(many=True)
    edges = NetworkEdgeSerializer(many=True)


class NetworkSummarySerializer(serializers.Serializer):
    nodes = serializers.IntegerField()
    edges = serializers.IntegerField()
    density = serializers.FloatField(help_text="Ties present / ties possible, n(n−1)/2, on the undirected view.")
    centralization = serializers.FloatField(help_text="Freeman's degree centralisation (undirected view).")
    components = serializers.IntegerField(help_text="Weakly connected components, isolates included.")
    isolates = serializers.ListField(child=serializers.IntegerField(), help_text="Ids of unlinked organisations.")
    reciprocity = serializers.FloatField(allow_null=True, help_text="Share of directed links answered back.")
    average_path_length = serializers.FloatField(allow_null=True, help_text="In the largest component.")
    estimated = serializers.BooleanField(
        help_text="True for a network of more than 1 000 organisations: betweenness, closeness and the average path "
        "length are then estimated from 128 organisations chosen at random (with a fixed seed)."
    )


class OrganizationMetricsSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The organisation's id.")
    degree = serializers.IntegerField()
    in_degree = serializers.IntegerField(help_text="An undirected link counts both ways.")
    out_degree = serializers.IntegerField(help_text="An undirected link counts both ways.")
    betweenness = serializers.FloatField()
    closeness = serializers.FloatField()
    eigenvector = serializers.FloatField()
    broker = serializers.BooleanField(help_text="A cut vertex, or the single organisation of highest betweenness.")


class NetworkMetricsSerializer(serializers.Serializer):
    network = NetworkSummarySerializer()
    organizations = OrganizationMetricsSerializer(many=True)


def graph_as_json(graph) -> dict:
    """The graph as the API answers it: lists of nodes and edges (dates as ISO strings)."""
    nodes = [{"id": node, **data} for node, data in graph.nodes(data=True)]
    edges = []
    for u, v, data in graph.edges(data=True):
        edge = {"id": data["link"], "source": u, "target": v}
        edge.update({key: value for key, value in data.items() if key != "link"})
        for key in ("since", "until"):
            edge[key] = edge[key].isoformat() if edge.get(key) else None
        edges.append(edge)
    return {"nodes": nodes, "edges": edges}


# ------------------------------------------------------------------------------------------- the views --


class NetworkViewSet(RestrictedViewSet):
    """The base of the network views: the scoped base on CooperationLink, the query string read into a graph."""

    queryset = CooperationLink.objects.all()
    filter_backends = []
    pagination_class = None

    def get_graph(self):
        params = NetworkParamsSerializer(data=self._query())
        params.is_valid(raise_exception=True)
        data = params.validated_data
        return network_graph(
            self.request.user,
            district=data.get("district"),
            region=data.get("region"),
            as_of=data.get("as_of"),
            kinds=sorted(data["kind"]) if data.get("kind") else None,
            min_strength=data.get("min_strength"),
        )

    def _query(self) -> dict:
        query = self.request.query_params
        data = {name: query[name] for name in ("district", "region", "as_of", "min_strength") if query.get(name)}
        if "kind" in query:
            data["kind"] = query.getlist("kind")
        return data

    def perform_content_negotiation(self, request, force=False):
        # The files are not rendered by DRF, and an Accept the JSON renderer does not offer gets the JSON anyway.
        return super().perform_content_negotiation(request, force=True)


class NetworkGraphViewSet(NetworkViewSet):
    @extend_schema(
        operation_id="network_graph",
        parameters=PARAMETERS,
        responses=NetworkGraphSerializer,
        summary="The cooperation graph: organisations (nodes) and their links (edges).",
    )
    def show(self, request):
        return Response(graph_as_json(self.get_graph()))


class NetworkMetricsViewSet(NetworkViewSet):
    @extend_schema(
        operation_id="network_metrics",
        parameters=PARAMETERS,
        responses=NetworkMetricsSerializer,
        summary="The metrics of the network and of each organisation in it.",
    )
    def show(self, request):
        whole, per_organization = graph_metrics(self.get_graph())
        return Response(
            {"network": whole, "organizations": [{"id": node, **values} for node, values in per_organization.items()]}
        )


class NetworkExportViewSet(NetworkViewSet):
    """A file of the graph; ``format_name`` picks the writer."""

    formats = {
        "graphml": (graph_graphml, "application/graphml+xml", "graphml"),
        "gexf": (graph_gexf, "application/gexf+xml", "gexf"),
        "csv": (graph_csv_zip, "application/zip", "zip"),
    }
    format_name = "graphml"

    def show(self, request):
        write, content_type, extension = self.formats[self.format_name]
        response = HttpResponse(write(self.get_graph()), content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="sitar-network.{extension}"'
        return response


def _export_schema(content_type: str, summary: str):
    return extend_schema(
        parameters=PARAMETERS,
        summary=summary,
        responses={(200, content_type): OpenApiResponse(OpenApiTypes.BINARY, description=summary)},
    )


class NetworkGraphMLViewSet(NetworkExportViewSet):
    format_name = "graphml"

    @_export_schema("application/graphml+xml", "The cooperation graph as GraphML.")
    def show(self, request):
        return super().show(request)


class NetworkGEXFViewSet(NetworkExportViewSet):
    format_name = "gexf"

    @_export_schema("application/gexf+xml", "The cooperation graph as dynamic GEXF (the links' lifetimes as spells).")
    def show(self, request):
        return super().show(request)


class NetworkCSVViewSet(NetworkExportViewSet):
    format_name = "csv"

    @_export_schema("application/zip", "The cooperation graph as a zip of nodes.csv and edges.csv.")
    def show(self, request):
        return super().show(request)
