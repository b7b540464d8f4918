"""Filters of meetings, follow-ups, needs and working groups (django-filter)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import BooleanFilter, ScopedFilterSet, VisibleChoiceFilter
from meetings.models import (
    FollowUp,
    Meeting,
    MeetingKind,
    Need,
    NeedCategory,
    NeedPriority,
    NeedStatus,
    WorkingGroup,
    WorkingGroupKind,
)
from organizations.models import Organization


class MeetingFilterSet(ScopedFilterSet):
    """Meetings by territory, kind, date range, a participating organisation and case."""

    kind = django_filters.MultipleChoiceFilter(choices=MeetingKind.choices)
    held_on = django_filters.DateFromToRangeFilter(label=_("held between"))
    organization = VisibleChoiceFilter(Organization, field_name="organizations", label=_("participating organisation"))
    # The model of the meeting's own case key (a case network, one layer up), not imported from it.
    case = VisibleChoiceFilter(Meeting._meta.get_field("case").related_model, label=_("case"))

    class Meta:
        model = Meeting
        fields = ["region", "district", "kind", "held_on", "organization", "case"]


class FollowUpFilterSet(ScopedFilterSet):
    """Follow-ups by territory, meeting, due date range, whether done, and whether they are the user's own."""

    meeting = VisibleChoiceFilter(Meeting, label=_("meeting"))
    due_on = django_filters.DateFromToRangeFilter(label=_("due between"))
    done = BooleanFilter(field_name="done_at", lookup_expr="isnull", exclude=True, label=_("done"))
    mine = BooleanFilter(method="assigned_to_me", label=_("assigned to me"))

    def assigned_to_me(self, queryset, name, value):
        user = getattr(self.request, "user", None)
        if value is None or user is None:
            return queryset
        return queryset.filter(assignee=user) if value else queryset.exclude(assignee=user)

    class Meta:
        model = FollowUp
        fields = ["region", "district", "meeting", "due_on", "done", "mine"]


class NeedFilterSet(ScopedFilterSet):
    """Needs by territory, category, status, priority, target group, wanted service, meeting and date recorded."""

    category = django_filters.MultipleChoiceFilter(choices=NeedCategory.choices)
    status = django_filters.MultipleChoiceFilter(choices=NeedStatus.choices)
    priority = django_filters.MultipleChoiceFilter(choices=NeedPriority.choices)
    target_group = django_filters.CharFilter(field_name="target_group__code", label=_("target group (code)"))
    wanted_service_kind = django_filters.CharFilter(
        field_name="wanted_service_kind__code", label=_("wanted kind of service (code)")
    )
    raised_in = VisibleChoiceFilter(Meeting, label=_("raised in meeting"))
    created = django_filters.DateFromToRangeFilter(field_name="created_at__date", label=_("recorded between"))

    class Meta:
        model = Need
        fields = [
            "region",
            "district",
            "category",
            "status",
            "priority",
            "target_group",
            "wanted_service_kind",
            "raised_in",
            "created",
        ]


class WorkingGroupFilterSet(ScopedFilterSet):
    """Working groups and platforms by territory, kind and a member organisation."""

    kind = django_filters.MultipleChoiceFilter(choices=WorkingGroupKind.choices)
    organization = VisibleChoiceFilter(Organization, field_name="organizations", label=_("member organisations"))

    class Meta:
        model = WorkingGroup
        fields = ["region", "district", "kind", "organization"]
