"""Filters of organisations and services, shared by the UI and the API (django-filter), and the directory's form of
them."""

import django_filters
from django import forms
from django.core.validators import EMPTY_VALUES
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.filters import (
    BooleanFilter,
    ScopedFilterSet,
    SearchFilter,
    StaleFilter,
    TerritoryCodeFilter,
    VisibleChoiceFilter,
)
from core.reference import id_of
from organizations.models import (
    Organization,
    OrganizationKind,
    OrganizationStatus,
    Service,
    ServiceKind,
    ServiceStatus,
    TargetGroup,
)
from organizations.search import normalize
from organizations.selectors import seated_in_or_serving
from territory.models import District, Region


class ServedDistrictFilter(TerritoryCodeFilter):
    """An ORP by its ČSÚ code: the organisations seated there or serving it (the districts the organisation serves, or
    those of one of its services; with a kind of service or a target group asked for, a service of that kind or group
    must be the one serving it), as the coverage of an ORP counts them.

    Each of the three is a set of organisation ids read on an index by the ORP alone (migration
    ``organizations/0008``), which PostgreSQL hashes once per query; the user's scope still applies to the rows.
    """

    def __init__(self, **kwargs):
        super().__init__(territory="territory.District", field_name="district", **kwargs)

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        pk = id_of(self.territory, value)
        if pk is None:
            return qs.none()
        # Services are scoped with their organisation: the organisations these ids name are restricted by ``qs``.
        services = Service.objects.all()
        wanted = self.parent.form.cleaned_data if self.parent is not None else {}
        if wanted.get("service_kind"):
            services = services.filter(kind__code=wanted["service_kind"])
        if wanted.get("target_group"):
            services = services.filter(target_groups__code=wanted["target_group"])
        return qs.filter(seated_in_or_serving([pk], services=services))


class ServedDistrictChoiceFilter(ServedDistrictFilter):
    """ServedDistrictFilter offering the ORP as a choice (the directory's select)."""

    field_class = django_filters.fields.ChoiceField


class OrganizationFilterSet(ScopedFilterSet):
    """Organisations by territory, kind, status, the services they offer, verification and a name search."""

    district = ServedDistrictFilter(
        label=_("district (ČSÚ code)"),
        help_text=_(
            "An ORP by its ČSÚ code: the organisations seated there and those serving it from elsewhere (the districts "
            "served by the organisation or by one of its services; with service_kind or target_group, by a service "
            "of that kind or group). The organisation's own district is its seat."
        ),
    )
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


class DirectoryFilterSet(OrganizationFilterSet):
    """OrganizationFilterSet with the codes (kraj, ORP, kind of service, target group) offered as choices.

    The territory lists only what the user can see, so nobody is offered a district with no organisation for them.
    The kind is one choice here, a select like the others (a list box is clumsy on a tablet); the API keeps several.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        visible = Organization.objects.restrict(self.request.user, "view")
        self.filters["region"] = django_filters.ChoiceFilter(
            field_name="region__code",
            label=capfirst(Region._meta.verbose_name),
            choices=lambda: Region.objects.filter(pk__in=visible.values("region_id")).values_list("code", "name"),
        )
        self.filters["district"] = ServedDistrictChoiceFilter(
            label=_("ORP"),
            choices=lambda: (
                District.objects.filter(pk__in=visible.values("district_id"))
                .order_by("name")
                .values_list("code", "name")
            ),
        )
        self.filters["kind"] = django_filters.ChoiceFilter(
            field_name="kind",
            choices=OrganizationKind.choices,
            label=capfirst(Organization._meta.get_field("kind").verbose_name),
        )
        self.filters["service_kind"] = django_filters.ChoiceFilter(
            field_name="services__kind__code",
            distinct=True,
            label=capfirst(ServiceKind._meta.verbose_name),
            choices=lambda: [(kind.code, str(kind)) for kind in ServiceKind.objects.all()],
        )
        self.filters["target_group"] = django_filters.ChoiceFilter(
            field_name="services__target_groups__code",
            distinct=True,
            label=capfirst(TargetGroup._meta.verbose_name),
            choices=lambda: [(group.code, str(group)) for group in TargetGroup.objects.all()],
        )
        labels = {
            "q": capfirst(_("search")),
            "status": capfirst(Organization._meta.get_field("status").verbose_name),
            "verified": _("Verified"),
            "stale": capfirst(_("not verified for a year")),
        }
        for name, label in labels.items():
            self.filters[name].label = label
        for filter_ in self.filters.values():
            filter_.model, filter_.parent = Organization, self
        self.filters["q"].extra["widget"] = forms.TextInput(
            attrs={"type": "search", "placeholder": _("Name, e.g. ceska lipa"), "autocomplete": "off"}
        )
