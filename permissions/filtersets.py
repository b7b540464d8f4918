"""Filters of role assignments (django-filter)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from permissions.models import RoleAssignment
from permissions.roles import Role


class RoleAssignmentFilterSet(django_filters.FilterSet):
    """Assignments by role and user name."""

    role = django_filters.ChoiceFilter(choices=Role.choices)
    user = django_filters.CharFilter(field_name="user__username", label=_("user name"))

    class Meta:
        model = RoleAssignment
        fields = ["role", "user"]
