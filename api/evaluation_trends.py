"""The collected indicators over the rounds, the early warnings and a kraj's needs grouped across its ORP, as
/evaluation/trends/, /evaluation/warnings/ and /evaluation/needs/<kraj>/ show them. Trends and warnings: for whoever
may see some OSPOD's forms (anyone else: 404). A count hidden from the viewer (under its threshold, outside the
reporting OSPOD) is never a number here either: its ``value`` is null and ``shown`` the text the page shows ("< 5",
"×")."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from api.base import RestrictedViewSet
from evaluation.models import ActionItem, Report, Unit
from evaluation.plans import needs_across_orp, plan_regions
from evaluation.trend_views import report_places
from evaluation.trends import Collected, charts, warnings
from permissions.scoping import may


class ShownSerializer(serializers.Serializer):
    value = serializers.DecimalField(
        max_digits=14, decimal_places=2, allow_null=True, coerce_to_string=False, help_text="Null where hidden."
    )
    shown = serializers.CharField(help_text='As the page shows it: a number, "< 5" or "×" (hidden), "" (none).')
    hidden = serializers.BooleanField()


def shown(entry) -> dict:
    return {"value": entry.value, "shown": entry.text, "hidden": bool(entry.hidden)}


class LineSerializer(serializers.Serializer):
    key = serializers.ChoiceField(choices=["orp", "kraj", "country"])
    label = serializers.CharField()
    values = ShownSerializer(many=True, help_text="One per round, in the order of ``periods``.")


class TrendSerializer(serializers.Serializer):
    indicator = serializers.CharField(help_text="The indicator's code.")
    name = serializers.CharField()
    unit = serializers.ChoiceField(choices=Unit.choices)
    lines = LineSerializer(many=True)


class TrendsSerializer(serializers.Serializer):
    periods = serializers.ListField(child=serializers.CharField(), help_text="The rounds, oldest first.")
    orp = serializers.CharField(allow_null=True)
    kraj = serializers.CharField(allow_null=True)
    per_1000_children = serializers.BooleanField()
    demo_population = serializers.BooleanField(help_text="True: a rate divides by the demo's made-up population.")
    indicators = TrendSerializer(many=True)


class WarningSerializer(serializers.Serializer):
    kraj = serializers.CharField()
    orp = serializers.CharField()
    indicator = serializers.CharField()
    period = serializers.CharField()
    value = ShownSerializer()
    reference = ShownSerializer()
    against = serializers.ChoiceField(choices=["previous", "median"])
    above = serializers.BooleanField(help_text="True above the band, false below it.")
    per_1000_children = serializers.BooleanField()


class CollectedViewSet(RestrictedViewSet):
    queryset = Report.objects.all()
    filter_backends = []
    pagination_class = None

    def check_permissions(self, request):
        super().check_permissions(request)
        if not may(request.user, "report", "view"):
            raise Http404


class TrendsViewSet(CollectedViewSet):
    """Each collected indicator over the rounds: the ORP, its kraj's median ORP and the country's."""

    @extend_schema(
        operation_id="evaluation_trends",
        parameters=[
            OpenApiParameter("orp", OpenApiTypes.STR, description="Code of an ORP whose forms the user may see."),
            OpenApiParameter("kraj", OpenApiTypes.STR, description="Code of a kraj (the ORP's, when one is given)."),
            OpenApiParameter("na", OpenApiTypes.STR, enum=["1000"], description="1000: per 1 000 children 0–17."),
        ],
        responses=TrendsSerializer,
        tags=["evaluation"],
    )
    def show(self, request):
        districts, regions = report_places(request.user)
        by_code = {district.code: district for district in districts}
        regions_by_code = {region.code: region for region in regions}
        errors = {}
        district = by_code.get(request.query_params.get("orp", "")) if request.query_params.get("orp") else None
        if request.query_params.get("orp") and district is None:
            errors["orp"] = [_("Choose an ORP whose forms you may see.")]
        region = regions_by_code.get(request.query_params.get("kraj", "")) if request.query_params.get("kraj") else None
        if request.query_params.get("kraj") and region is None:
            errors["kraj"] = [_("Choose a kraj whose forms you may see.")]
        if request.query_params.get("na", "1000") != "1000":
            errors["na"] = [_("Leave it out for counts, or give 1000 for rates per 1 000 children.")]
        if errors:
            raise serializers.ValidationError(errors)
        if district is not None:
            region = district.region
        per_children = request.query_params.get("na") == "1000"
        collected = Collected.load(request.user, per_children=per_children)
        found = charts(collected, district=district, region=region)
        return Response(
            TrendsSerializer(
                {
                    "periods": collected.periods,
                    "orp": district.code if district else None,
                    "kraj": region.code if region else None,
                    "per_1000_children": per_children,
                    "demo_population": collected.demo_population,
                    "indicators": [
                        {
                            "indicator": chart.indicator.code,
                            "name": str(chart.indicator),
                            "unit": chart.indicator.unit,
                            "lines": [
                                {"key": line.key, "label": line.label, "values": [shown(e) for e in line.shown]}
                                for line in chart.lines
                            ],
                        }
                        for chart in found
                    ],
                }
            ).data
        )


class WarningsViewSet(CollectedViewSet):
    """The ORP the user follows whose latest approved value leaves its indicator's band."""

    @extend_schema(operation_id="evaluation_warnings", responses=WarningSerializer(many=True), tags=["evaluation"])
    def show(self, request):
        collected = Collected.load(request.user)
        rates = collected.rated()
        return Response(
            WarningSerializer(
                [
                    {
                        "kraj": warning.district.region.code,
                        "orp": warning.district.code,
                        "indicator": warning.indicator.code,
                        "period": warning.period,
                        "value": shown(warning.shown),
                        "reference": shown(warning.reference),
                        "against": warning.against,
                        "above": warning.above,
                        "per_1000_children": warning.per_children,
                    }
                    for warning in warnings(collected, rates=rates)
                ],
                many=True,
            ).data
        )


class NeedGroupSerializer(serializers.Serializer):
    category = serializers.CharField()
    title = serializers.CharField(help_text="The spelling most of the group's needs use.")
    orp = serializers.ListField(child=serializers.CharField(), help_text="The ORP the need was heard in, by code.")
    needs = serializers.IntegerField()
    oldest = serializers.DateField(allow_null=True)


class NeedsAcrossViewSet(RestrictedViewSet):
    """A kraj's open needs the user may see, grouped across its ORP (the same need in many ORP is one line), as
    /evaluation/needs/<kraj>/ shows them: counts, no people. A kraj whose plans the user may not read: 404."""

    queryset = ActionItem.objects.all()
    filter_backends = []
    pagination_class = None

    @extend_schema(
        operation_id="evaluation_needs_across", responses=NeedGroupSerializer(many=True), tags=["evaluation"]
    )
    def show(self, request, code: str):
        region = plan_regions(request.user).filter(code=code).first()
        if region is None:
            raise Http404
        across = needs_across_orp(user=request.user, region=region)
        return Response(
            NeedGroupSerializer(
                [
                    {
                        "category": group.category,
                        "title": group.title,
                        "orp": [district.code for district in group.districts],
                        "needs": group.count,
                        "oldest": group.oldest,
                    }
                    for group in across.groups
                ],
                many=True,
            ).data
        )
