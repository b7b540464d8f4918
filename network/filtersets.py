"""Filters of cooperation links and cases (django-filter)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import BooleanFilter, IntegerFilter, ScopedFilterSet, StaleFilter, VisibleChoiceFilter
from network.models import Case, CaseStatus, CooperationLink, LinkKind, LinkStatus
from organizations.models import Organization


class LinkFilterSet(ScopedFilterSet):
    """Links by territory, kind, status, either organisation, formalisation and whether reconfirmed within a year."""

    # Labels given lazily: one derived from the model is worked out once, in whatever language was active then (the
    # API schema's English), and the list would say "Kind:" and "Status:" to a Czech user.
    kind = django_filters.MultipleChoiceFilter(choices=LinkKind.choices, label=_("Kind of cooperation"))
    status = django_filters.ChoiceFilter(choices=LinkStatus.choices, label=_("Status"))
    organization = VisibleChoiceFilter(Organization, method="either_end", label=_("organisation (either end)"))
    source = VisibleChoiceFilter(Organization, label=_("organisation A"))
    target = VisibleChoiceFilter(Organization, label=_("organisation B"))
    formalized = BooleanFilter()
    strength_min = IntegerFilter(field_name="strength", lookup_expr="gte", label=_("strength at least"))
    stale = StaleFilter(field_name="confirmed_on", date_only=True, label=_("not reconfirmed for a year"))

    def either_end(self, queryset, name, value):
        return queryset.filter(Q(source=value) | Q(target=value)) if value else queryset

    class Meta:
        model = CooperationLink
        fields = [
            "region",
            "district",
            "kind",
            "status",
            "organization",
            "source",
            "target",
            "formalized",
            "strength_min",
            "stale",
        ]


class CaseFilterSet(ScopedFilterSet):
    """Cases by territory, status, OSPOD and opening date range."""

    status = django_filters.ChoiceFilter(choices=CaseStatus.choices)
    ospod = VisibleChoiceFilter(Organization, label=_("OSPOD"))
    opened_on = django_filters.DateFromToRangeFilter(label=_("opened between"))

    class Meta:
        model = Case
        fields = ["region", "district", "status", "ospod", "opened_on"]
