"""Filters of organisations, shared by the UI and the API (django-filter)."""
import django_filters

from organizations.models import Organization, OrganizationKind, OrganizationStatus


class OrganizationFilterSet(django_filters.FilterSet):
    """Organisations by region or district (ČSÚ code), kind, status and the kind of service they offer."""

    region = django_filters.CharFilter(field_name="region__code", label="region")
    district = django_filters.CharFilter(field_name="district__code", label="district")
    kind = django_filters.MultipleChoiceFilter(choices=OrganizationKind.choices)
    status = django_filters.ChoiceFilter(choices=OrganizationStatus.choices)
    service_kind = django_filters.CharFilter(field_name="services__kind__code", distinct=True, label="service kind")

    class Meta:
        model = Organization
        fields = ["region", "district", "kind", "status", "service_kind"]
