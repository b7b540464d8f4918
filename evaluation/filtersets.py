"""Filters of the OSPOD's forms and of the action plans' steps (django-filter), for the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import BooleanFilter, ScopedFilterSet, VisibleChoiceFilter
from evaluation.models import ActionItem, ActionStatus, CollectionRound, Indicator, Report, ReportStatus, Supplier, Unit
from organizations.models import Organization


class IndicatorFilterSet(django_filters.FilterSet):
    """Indicators by who supplies them, unit and whether they are in use."""

    supplier = django_filters.MultipleChoiceFilter(choices=Supplier.choices)
    unit = django_filters.MultipleChoiceFilter(choices=Unit.choices)
    active = BooleanFilter(label=_("in use"))

    class Meta:
        model = Indicator
        fields = ["supplier", "unit", "active"]


class ReportFilterSet(ScopedFilterSet):
    """Forms by territory, round, status and OSPOD."""

    round = VisibleChoiceFilter(CollectionRound, label=_("collection round"))
    status = django_filters.MultipleChoiceFilter(choices=ReportStatus.choices)
    ospod = VisibleChoiceFilter(Organization, label=_("OSPOD"))

    class Meta:
        model = Report
        fields = ["region", "district", "round", "status", "ospod"]


class ActionItemFilterSet(ScopedFilterSet):
    """Steps of the action plans by territory, status, due date range and whether they are the whole kraj's."""

    status = django_filters.MultipleChoiceFilter(choices=ActionStatus.choices)
    due_on = django_filters.DateFromToRangeFilter(label=_("due between"))
    kraj_wide = BooleanFilter(field_name="district", lookup_expr="isnull", label=_("a step of the whole kraj"))

    class Meta:
        model = ActionItem
        fields = ["region", "district", "status", "due_on", "kraj_wide"]
