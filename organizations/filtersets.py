"""Filters of organisations and services, shared by the UI and the API (django-filter)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import BooleanFilter, ScopedFilterSet, SearchFilter, StaleFilter, VisibleChoiceFilter
from organizations.models import Organization, OrganizationKind, OrganizationStatus, Service, ServiceStatus
from organizations.search import normalize


class OrganizationFilterSet(ScopedFilterSet):
    """Organisations by territory, kind, status, the services they offer, verification and a name search."""

    kind = django_filters.MultipleChoiceFilter(choices=OrganizationKind.choices)
    status = django_filters.ChoiceFilter(choices=OrganizationStatus.choices)
    service_kind = django_filters.CharFilter(
        field_name="services__kind__code", distinct=True, label=_("kind of service (code)")
    )
    target_group = django_filters.CharFilter(
        field_name="services__target_groups__code", distinct=True, label=_("target group (code)")
    )
    verified = BooleanFilter(field_name="verified_at", lookup_expr="isnull", exclude=True, label=_("verified"))
    stale = StaleFilter(field_name="verified_at", label=_("not verified for a year"))
    q = SearchFilter(method="search", label=_("search"))

    def search(self, queryset, name, value):
        """Every word of the query, without diacritics and case, in the name ("ceska lipa" finds "Česká Lípa"); a word
        given twice is one condition."""
        for word in dict.fromkeys(normalize(value).split()):
            queryset = queryset.filter(search_name__contains=word)
        return queryset

    class Meta:
        model = Organization
        fields = ["q", "region", "district", "kind", "status", "service_kind", "target_group", "verified", "stale"]


class ServiceFilterSet(ScopedFilterSet):
    """Services by territory, organisation, kind, target group and status."""

    organization = VisibleChoiceFilter(Organization, label=_("organisation"))
    kind = django_filters.CharFilter(field_name="kind__code", label=_("kind of service (code)"))
    target_group = django_filters.CharFilter(
        field_name="target_groups__code", distinct=True, label=_("target group (code)")
    )
    status = django_filters.ChoiceFilter(choices=ServiceStatus.choices)

    class Meta:
        model = Service
        fields = ["region", "district", "organization", "kind", "target_group", "status"]
