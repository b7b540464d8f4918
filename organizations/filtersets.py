"""Filters of organisations, shared by the UI and the API (django-filter)."""
import django_filters

from organizations.models import Organization, OrganizationKind, OrganizationStatus
from organizations.search import normalize


class OrganizationFilterSet(django_filters.FilterSet):
    """Organisations by region or district (ČSÚ code), kind, status and the kind of service they offer."""

    region = django_filters.CharFilter(field_name="region__code", label="region")
    district = django_filters.CharFilter(field_name="district__code", label="district")
    kind = django_filters.MultipleChoiceFilter(choices=OrganizationKind.choices)
    status = django_filters.ChoiceFilter(choices=OrganizationStatus.choices)
    service_kind = django_filters.CharFilter(field_name="services__kind__code", distinct=True, label="service kind")
    q = django_filters.CharFilter(method="search", label="search")

    def search(self, queryset, name, value):
        """Every word of the query, without diacritics and case, in the name ("ceska lipa" finds "Česká Lípa")."""
        for word in normalize(value).split():
            queryset = queryset.filter(search_name__contains=word)
        return queryset

    class Meta:
        model = Organization
        fields = ["q", "region", "district", "kind", "status", "service_kind"]
