"""The OSPOD's forms of the collection rounds in the API: read as restrict(user, "view") gives them, filled and submitted
by the OSPOD (evaluation.collection.report_save), returned or approved by the kraj's lead or advisor (report_review).

A form's values are keyed by indicator code, read and written alike: ``{"values": {"new_cases": {"value": "3",
"comment": ""}}}``. A count under its indicator's threshold is shown only to the reporting OSPOD's own workers (and
superusers): anyone else reads ``"value": null, "shown": "< 5", "suppressed": true``, never the number. The services'
field errors (``value-<code>``, ``comment-<code>``) are answered nested the same way: ``{"values": {"new_cases":
{"value": ["The value cannot be negative."]}}}``; a form that cannot be changed any more, in ``non_field_errors``.
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.http import quote_etag
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError

from api.attached import attached
from api.base import RecordViewSet, call_service
from api.serializers import ScopedSerializer
from core.errors import OutOfScope, errors_by_field
from evaluation.collection import report_review, report_save
from evaluation.filtersets import ReportFilterSet
from evaluation.models import Report, ReportValue, RoundIndicator, Unit
from evaluation.suppression import single
from permissions.scoping import get_scope

NOT_ASKED = _("The round does not ask for this indicator.")
# The longest comment of a value, as the form on the page takes it.
COMMENT_MAX_LENGTH = 2000


class ReportValueSerializer(serializers.Serializer):
    """One value of a form and the OSPOD's comment on it."""

    value = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        required=False,
        allow_null=True,
        help_text="The value; null when not filled in, or when it is a small count the viewer may not see.",
    )
    comment = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=COMMENT_MAX_LENGTH,
        help_text="Needed where the value is far from the OSPOD's value of the previous round.",
    )
    shown = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text='The value as the viewer may see it: "12", "12.5", or "< 5" for a count under the indicator\'s '
        "threshold outside the reporting OSPOD; null when not filled in.",
    )
    suppressed = serializers.BooleanField(read_only=True, help_text="True: a small count hidden from the viewer.")
    indicator = serializers.IntegerField(read_only=True, help_text="The indicator's id.")
    unit = serializers.ChoiceField(choices=Unit.choices, read_only=True)
    version = serializers.IntegerField(read_only=True, help_text="The indicator's version the round asked for.")


class ReportValuesField(serializers.DictField):
    """The values of a form by indicator code, in the round's order; a write changes the codes it names."""

    child = ReportValueSerializer()

    def get_attribute(self, instance):
        return instance

    def to_representation(self, report):
        # Unless the context says so (ReportViewSet), no form is the viewer's own: a small count stays hidden.
        own = self.context.get("sees_every_number", False) or report.ospod_id in self.context.get("own_ospods", ())
        number = self.child.fields["value"]
        stored = {row.indicator_id: row for row in _values_of(report)}
        shown = {}
        for item in _items_of(report):
            row = stored.get(item.indicator_id)
            value = row.value if row else None
            seen = single(value, threshold=item.threshold, count=item.indicator.unit == Unit.COUNT, own=own)
            shown[item.indicator.code] = {
                "indicator": item.indicator_id,
                "unit": item.indicator.unit,
                "version": item.version,
                "value": None if value is None or seen.hidden else number.to_representation(value),
                "shown": None if value is None else seen.text,
                "suppressed": bool(seen.hidden),
                "comment": row.comment if row else "",
            }
        return shown


def _items_of(report) -> list[RoundIndicator]:
    items = report.__dict__.get("_round_items")
    if items is None:
        items = list(report.round.items.select_related("indicator").order_by("sort_order", "indicator__code"))
    return items


def _values_of(report) -> list[ReportValue]:
    rows = attached(report, "values")
    return list(report.values.all()) if rows is None else rows


class ReportSerializer(ScopedSerializer):
    """An OSPOD's form of a round, with its values by indicator code; only ``values`` is written (PATCH, by the
    OSPOD while the form is being filled or returned): the codes sent change, the others stay. A count under its
    indicator's threshold reads ``"value": null, "shown": "< 5", "suppressed": true`` to everyone but the reporting
    OSPOD. Field errors come nested the same way: ``{"values": {"new_cases": {"value": ["…"], "comment": ["…"]}}}``;
    a form that cannot be changed (submitted, decided, its round closed) in ``non_field_errors``."""

    round = serializers.PrimaryKeyRelatedField(read_only=True)
    period = serializers.CharField(source="round.period", read_only=True)
    ospod = serializers.PrimaryKeyRelatedField(read_only=True)
    submitted_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    decided_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    editable = serializers.BooleanField(read_only=True, help_text="Being filled in or returned, in an open round.")
    late = serializers.SerializerMethodField(help_text="Not submitted after the round's deadline.")
    values = ReportValuesField(required=False)

    class Meta:
        model = Report
        fields = [
            "id",
            "round",
            "period",
            "ospod",
            "status",
            "submitted_at",
            "submitted_by",
            "decided_at",
            "decided_by",
            "review_note",
            "editable",
            "late",
            "values",
            "district",
            "region",
            "updated_at",
        ]
        read_only_fields = [name for name in fields if name != "values"]

    def get_late(self, report) -> bool:
        return report.is_late(timezone.localdate())


class ReportValuesSerializer(serializers.Serializer):
    values = ReportValuesField(required=False)


class ReturnSerializer(serializers.Serializer):
    review_note = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=COMMENT_MAX_LENGTH,
        help_text="What the OSPOD should correct (needed).",
    )


class ReportViewSet(RecordViewSet):
    """The OSPOD's forms the user may see: its own OSPOD's, its kraj's (leads and advisors), approved ones (the
    national methodologist). Nobody adds or deletes a form: opening a round gives every OSPOD its form."""

    queryset = Report.objects.select_related("round", "submitted_by", "decided_by")
    row_sets = {"values": ReportValue.objects.order_by("id")}
    serializer_class = ReportSerializer
    filterset_class = ReportFilterSet
    ordering_fields = ["status", "submitted_at", "updated_at"]

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.request is not None and self.request.user.is_authenticated:
            scope = get_scope(self.request.user)
            # The OSPOD the viewer works for see their own numbers; a superuser every number, as on the page.
            context["own_ospods"] = set(scope.own_ospods)
            context["sees_every_number"] = scope.superuser
        return context

    def _attach(self, instances) -> None:
        super()._attach(instances)
        rounds = {instance.round_id for instance in instances}
        items: dict[int, list] = {pk: [] for pk in rounds}
        rows = RoundIndicator.objects.filter(round_id__in=rounds).select_related("indicator")
        for item in rows.order_by("sort_order", "indicator__code"):
            items[item.round_id].append(item)
        for instance in instances:
            instance.__dict__["_round_items"] = items[instance.round_id]

    def etag_of(self, instance) -> str:
        # The form's values change apart from its row: the version is the latest change of either.
        stamps = [row.updated_at for row in _values_of(instance)]
        latest = max([instance.updated_at, *stamps])
        return quote_etag(str(int(latest.timestamp() * 1_000_000)))

    def perform_update(self, serializer):
        self._save(serializer.instance, serializer.validated_data.get("values", {}), submit=False)

    def _save(self, report: Report, sent: dict, *, submit: bool) -> None:
        """Save the values and comments sent (by code) over those stored, through report_save."""
        items = {item.indicator.code: item for item in _items_of(report)}
        unknown = sorted(set(sent) - set(items))
        if unknown:
            raise ValidationError({"values": {code: [NOT_ASKED] for code in unknown}})
        stored = {row.indicator_id: row for row in report.values.all()}
        values = {pk: row.value for pk, row in stored.items()}
        comments = {pk: row.comment for pk, row in stored.items()}
        for code, entry in sent.items():
            pk = items[code].indicator_id
            if "value" in entry:
                values[pk] = entry["value"]
            if "comment" in entry:
                comments[pk] = entry["comment"]
        try:
            report_save(actor=self.request.user, report=report, values=values, comments=comments, submit=submit)
        except DjangoValidationError as exc:
            raise value_errors(exc) from exc
        except OutOfScope as exc:
            raise Http404 from exc

    @extend_schema(request=ReportValuesSerializer, responses=ReportSerializer)
    @action(detail=True, methods=["post"], scope_action="change")
    def submit(self, request, pk=None):
        """Submit the form to the kraj, with the values sent (if any) saved first; every value must be filled in."""
        with transaction.atomic():
            report = self.get_object()
            params = ReportValuesSerializer(data=request.data, context=self.get_serializer_context())
            params.is_valid(raise_exception=True)
            self._save(report, params.validated_data.get("values", {}), submit=True)
        return self.record_response(self._fresh(report))

    @extend_schema(request=None, responses=ReportSerializer)
    @action(detail=True, methods=["post"], scope_action="review")
    def approve(self, request, pk=None):
        """Approve a submitted form (the kraj's lead or advisor)."""
        report = self.get_object()
        call_service(report_review, actor=request.user, report=report, approve=True)
        return self.record_response(self._fresh(report))

    @extend_schema(request=ReturnSerializer, responses=ReportSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return", scope_action="review")
    def return_(self, request, pk=None):
        """Return a submitted form to the OSPOD with what to correct (the kraj's lead or advisor)."""
        report = self.get_object()
        params = ReturnSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        call_service(
            report_review,
            actor=request.user,
            report=report,
            approve=False,
            note=params.validated_data.get("review_note", ""),
        )
        return self.record_response(self._fresh(report))


def value_errors(exc: DjangoValidationError) -> ValidationError:
    """report_save's errors, nested as the values are written: ``value-<code>`` → {"values": {code: {"value": …}}}."""
    detail: dict = {}
    for field, messages in errors_by_field(exc).items():
        kind, _dash, code = field.partition("-")
        if kind in ("value", "comment") and code:
            detail.setdefault("values", {}).setdefault(code, {})[kind] = messages
        else:
            detail["non_field_errors" if field == NON_FIELD_ERRORS else field] = messages
    return ValidationError(detail)
