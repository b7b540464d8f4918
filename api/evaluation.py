"""Collection and evaluation in the API (issue 19): the indicator catalogue, the collection rounds, the steps of the
action plans and the network compared. Reads go through restrict(), writes through evaluation's services. The OSPOD's
forms are in api/evaluation_reports.py."""

from dataclasses import asdict

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.http import quote_etag
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from api.base import RecordViewSet, RestrictedViewSet, ScopedViewSet, call_service, create_through
from api.serializers import (
    CodeRelatedField,
    DirectReadModelSerializer,
    ScopedSerializer,
    UserField,
    VisibleRelatedField,
)
from evaluation.collection import round_close, round_open
from evaluation.comparison import compare, home_region_code, visible_regions
from evaluation.computed import Period
from evaluation.filtersets import ActionItemFilterSet, IndicatorFilterSet
from evaluation.models import ActionItem, CollectionRound, Indicator, RoundIndicator, Unit
from evaluation.plans import action_item_create, action_item_update
from evaluation.services import indicator_update
from meetings.models import FollowUp, NeedCategory
from permissions.scoping import may
from territory.models import District, Region

HALF_YEAR = r"^(20\d\d)/([12])$"
OTHER_KRAJ = _("The ORP lies in another kraj.")


def changed_at(instance) -> str:
    """An ETag from the record's change time: for records without a version counter of their own edits."""
    return quote_etag(str(int(instance.updated_at.timestamp() * 1_000_000)))


# ------------------------------------------------------------------------------------------------ indicators --


class IndicatorSerializer(DirectReadModelSerializer):
    """An indicator of the national catalogue and the rules its values keep; ``version`` counts the changes of its
    meaning or rules (a round keeps the version it asked for)."""

    at_most = VisibleRelatedField(queryset=Indicator.objects.all(), required=False, allow_null=True)

    class Meta:
        model = Indicator
        fields = [
            "id",
            "code",
            "name",
            "name_en",
            "definition",
            "unit",
            "supplier",
            "period",
            "minimum",
            "maximum",
            "at_most",
            "change_factor",
            "threshold",
            "sort_order",
            "active",
            "version",
            "updated_at",
        ]
        read_only_fields = ["code", "supplier", "version", "updated_at"]


class IndicatorViewSet(RecordViewSet):
    """The national catalogue of indicators: every signed-in user reads it, who may change it (permissions.rules,
    "indicator") changes it through evaluation.services.indicator_update; nobody adds or deletes one here."""

    queryset = Indicator.objects.all()
    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilterSet
    ordering_fields = ["sort_order", "code", "updated_at"]
    update_service = indicator_update
    instance_kwarg = "indicator"

    def etag_of(self, instance) -> str:
        # The version counts changes of meaning only; the order or the English name change without it.
        return changed_at(instance)


# ----------------------------------------------------------------------------------------- collection rounds --


class RoundIndicatorSerializer(DirectReadModelSerializer):
    """An indicator as the round asked for it: its version and the rules of that version."""

    indicator = serializers.PrimaryKeyRelatedField(read_only=True)
    code = serializers.CharField(source="indicator.code", read_only=True)

    class Meta:
        model = RoundIndicator
        fields = [
            "indicator",
            "code",
            "version",
            "minimum",
            "maximum",
            "at_most",
            "change_factor",
            "threshold",
            "sort_order",
        ]
        read_only_fields = fields


class CollectionRoundSerializer(DirectReadModelSerializer):
    """A round of collection: its period, deadline and the indicators it asks (``indicators`` by id when it is opened,
    ``items`` as kept by the round)."""

    indicators = VisibleRelatedField(
        queryset=Indicator.objects.all(),
        many=True,
        write_only=True,
        help_text="Ids of the indicators in use that the OSPOD supply.",
    )
    items = RoundIndicatorSerializer(many=True, read_only=True)
    opened_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    is_open = serializers.BooleanField(read_only=True)

    class Meta:
        model = CollectionRound
        fields = [
            "id",
            "period",
            "deadline",
            "note",
            "indicators",
            "items",
            "opened_by",
            "closed_at",
            "is_open",
            "created_at",
        ]
        read_only_fields = ["closed_at", "created_at"]
        # round_open validates the round whole: the period's form and that no round of it exists yet.
        extra_kwargs = {"period": {"validators": []}}


class CollectionRoundViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RestrictedViewSet):
    """The rounds of collection, read by every signed-in user; the national methodologist opens one (every open OSPOD
    gets its form) and closes it. Opening without the rule is a 403, closing a 404 (as for other national tables)."""

    queryset = CollectionRound.objects.select_related("opened_by").prefetch_related(
        Prefetch("items", queryset=RoundIndicator.objects.select_related("indicator").order_by("sort_order", "id"))
    )
    serializer_class = CollectionRoundSerializer
    ordering_fields = ["period", "deadline"]

    def _shown(self, round_) -> dict:
        return self.get_serializer(type(self).queryset.restrict(self.request.user, "view").get(pk=round_.pk)).data

    def create(self, request, *args, **kwargs):
        if not may(request.user, "collectionround", "add"):
            raise PermissionDenied
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        round_ = create_through(round_open, request.user, serializer.validated_data)
        return Response(self._shown(round_), status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=CollectionRoundSerializer)
    @action(detail=True, methods=["post"], scope_action="change")
    def close(self, request, pk=None):
        """Close the round: forms not yet submitted stay as they are, no longer editable. A closed round stays
        closed as it was."""
        round_ = self.get_object()
        if round_.is_open:
            call_service(round_close, actor=request.user, round_=round_)
        return Response(self._shown(round_))


# ------------------------------------------------------------------------------------------ action plans --


class ActionItemSerializer(ScopedSerializer):
    """A step of the action plan of an ORP (``district``), or of the whole kraj (``region`` alone, no district): who
    does what by when and where it stands. Its place is given when it is created and stays."""

    fixed_fields = ("region", "district")

    region = CodeRelatedField(
        queryset=Region.objects.all(), required=False, help_text="The kraj of a step of the whole kraj's plan."
    )
    district = CodeRelatedField(
        queryset=District.objects.all(),
        required=False,
        allow_null=True,
        help_text="The ORP of the step; empty for a step of the whole kraj's plan.",
    )
    owner = UserField(required=False, allow_null=True)
    indicator = VisibleRelatedField(queryset=Indicator.objects.all(), required=False, allow_null=True)
    need_category = serializers.ChoiceField(choices=NeedCategory.choices, required=False, allow_blank=True)
    followup = VisibleRelatedField(queryset=FollowUp.objects.all(), required=False, allow_null=True)

    class Meta:
        model = ActionItem
        fields = [
            "id",
            "region",
            "district",
            "recommendation",
            "step",
            "owner",
            "due_on",
            "status",
            "indicator",
            "need_category",
            "followup",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def validate(self, attrs):
        region, district = attrs.get("region"), attrs.get("district")
        if self.instance is None and region is not None and district is not None and district.region_id != region.pk:
            raise serializers.ValidationError({"district": [OTHER_KRAJ]})
        return super().validate(attrs)


class ActionItemViewSet(ScopedViewSet):
    """The steps of the action plans of the ORP and kraje, scoped by the rules ("actionitem"); not deleted (the rules
    give nobody "delete")."""

    queryset = ActionItem.objects.select_related("owner")
    serializer_class = ActionItemSerializer
    filterset_class = ActionItemFilterSet
    ordering_fields = ["due_on", "status", "updated_at"]
    create_service = action_item_create
    update_service = action_item_update
    instance_kwarg = "item"


# ------------------------------------------------------------------------------------------ the comparison --


@extend_schema_field(
    {
        "oneOf": [{"type": "number"}, {"type": "string"}],
        "nullable": True,
        "description": 'A number, or a collected count hidden from the viewer: "< N" (under the threshold).',
    }
)
class NumberField(serializers.Field):
    """A computed value as a number: a count whole (12), a share or median with its decimal (12.5); a collected count
    hidden from the viewer stays the text it is shown as ("< 5")."""

    def to_representation(self, value):
        if isinstance(value, str):
            return value
        return int(value) if value == int(value) else float(value)


class ComparedIndicatorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField(help_text="In the language of the request.")
    unit = serializers.ChoiceField(choices=Unit.choices)


class ComparedRowSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="The ORP or the kraj; the last row is the summary.")
    code = serializers.CharField(allow_blank=True, help_text="ČSÚ code; empty for the country's summary row.")
    mapped = serializers.BooleanField(help_text="False: nothing of the ORP is in Síťař yet (its values are null).")
    summary = serializers.BooleanField(help_text="A median ORP of a kraj, or of all the kraje seen.")
    values = serializers.ListField(
        child=NumberField(allow_null=True), help_text="One per indicator, in their order; null: nothing to compute."
    )


class ComparisonSerializer(serializers.Serializer):
    period = serializers.CharField(help_text="The half-year, e.g. 2026/2.")
    start = serializers.DateField()
    end = serializers.DateField()
    kraj = serializers.CharField(allow_null=True, help_text="The kraj compared by its ORP; null: the kraje compared.")
    indicators = ComparedIndicatorSerializer(many=True)
    rows = ComparedRowSerializer(many=True)


class ComparisonQuerySerializer(serializers.Serializer):
    obdobi = serializers.RegexField(
        HALF_YEAR,
        required=False,
        allow_blank=True,
        error_messages={"invalid": _("Give a half-year as 2026/1 or 2026/2.")},
    )
    kraj = serializers.ChoiceField(choices=[], required=False, allow_blank=True)

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kraj"].choices = [region.code for region in regions]


class ComparisonViewSet(RestrictedViewSet):
    """The computed indicators of the ORP of a kraj against the kraj's median ORP, or of the kraje against each other,
    from the rows the user may see (evaluation.comparison.compare), as /evaluation/ shows them."""

    queryset = Indicator.objects.all()
    filter_backends = []
    pagination_class = None

    @extend_schema(
        operation_id="evaluation_comparison",
        parameters=[
            OpenApiParameter(
                "obdobi", OpenApiTypes.STR, pattern=HALF_YEAR, description="The half-year (2026/2); default: this one."
            ),
            OpenApiParameter(
                "kraj",
                OpenApiTypes.STR,
                description="ČSÚ code of a kraj the user sees, compared by its ORP; empty: the kraje compared. "
                "Not given: the user's kraj when they see one kraj only (not the country), else the kraje.",
            ),
        ],
        responses=ComparisonSerializer,
        tags=["evaluation"],
    )
    def show(self, request):
        user = request.user
        regions = visible_regions(user)
        query = ComparisonQuerySerializer(data=request.query_params, regions=regions)
        query.is_valid(raise_exception=True)
        chosen = query.validated_data.get("kraj")
        if "kraj" not in request.query_params:
            chosen = home_region_code(user, regions)
        region = next((region for region in regions if region.code == chosen), None)
        label = query.validated_data.get("obdobi")
        period = Period.of_label(label) if label else Period.containing(timezone.localdate())
        comparison = compare(user, period, region)
        return Response(
            ComparisonSerializer(
                {
                    "period": period.label,
                    "start": period.start,
                    "end": period.end,
                    "kraj": region.code if region else None,
                    "indicators": [
                        {"id": i.pk, "code": i.code, "name": str(i), "unit": i.unit} for i in comparison.indicators
                    ],
                    "rows": [asdict(row) for row in comparison.rows],
                }
            ).data
        )
