"""Filters of contact persons (django-filter)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from contacts.models import Contact, LegalBasis
from core.filters import SEARCH_MAX_LENGTH, ScopedFilterSet, VisibleChoiceFilter
from organizations.models import Organization


class ContactFilterSet(ScopedFilterSet):
    """Contact persons by territory, organisation, legal basis and a part of the name."""

    organization = VisibleChoiceFilter(Organization, label=_("organisation"))
    legal_basis = django_filters.ChoiceFilter(choices=LegalBasis.choices)
    name = django_filters.CharFilter(lookup_expr="icontains", label=_("name contains"), max_length=SEARCH_MAX_LENGTH)

    class Meta:
        model = Contact
        fields = ["region", "district", "organization", "legal_basis", "name"]
