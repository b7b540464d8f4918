"""Admin of the territory: read-only (loaded by migration from territory/data/), and the district pieces every
admin of a placed record uses (the ORP filter offered once a kraj is chosen, the district field)."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.admin_base import ReadOnlyAdmin
from territory.models import District, Municipality, Region

# ---------------------------------------------------------------------------------------------------- filters --


class DistrictListFilter(admin.SimpleListFilter):
    """The ORP of a record, offered once a region is chosen: 206 ORP in one list would be unusable."""

    title = _("district (ORP)")
    parameter_name = "district"
    region_parameter = "region__id__exact"
    district_field = "district_id"

    def lookups(self, request, model_admin):
        region = request.GET.get(self.region_parameter, "")
        if not region.isdigit():
            return []
        return list(District.objects.filter(region_id=region).order_by("name").values_list("pk", "name"))

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{self.district_field: self.value()})
        return queryset


def district_field(model, *, required: bool, help_text=None) -> forms.ModelChoiceField:
    """A form field for the district of a record: a model field the services set, so not in the model form."""
    return forms.ModelChoiceField(
        label=capfirst(_("district (ORP)")),
        queryset=District.objects.all(),
        required=required,
        help_text=help_text,
        widget=AutocompleteSelect(model._meta.get_field("district"), admin.site),
    )


class DistrictInitialMixin:
    """A change form starts with the record's district in the district field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("district", self.instance.district_id)


# -------------------------------------------------------------------------------------------------- territory --


@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin):
    list_display = ("name", "code", "abbreviation", "nuts3", "ruian_code", "ico")
    search_fields = ("name", "code", "nuts3", "abbreviation")


@admin.register(District)
class DistrictAdmin(ReadOnlyAdmin):
    list_display = ("name", "code", "region", "ruian_code", "seat_code", "legacy_code_mzcr")
    list_filter = ("region",)
    search_fields = ("name", "code")
    list_select_related = ("region",)


class MunicipalityDistrictFilter(DistrictListFilter):
    region_parameter = "district__region__id__exact"


@admin.register(Municipality)
class MunicipalityAdmin(ReadOnlyAdmin):
    list_display = ("name", "code", "kind", "district", "region")
    list_filter = ("district__region", MunicipalityDistrictFilter, "kind")
    search_fields = ("name", "code", "district__name")
    autocomplete_select_related = ("district",)

    def get_queryset(self, request):
        # The label of every row and autocomplete answer names the ORP.
        return super().get_queryset(request).select_related("district__region")

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if term:
            # The search matches word by word ("Nová Ves" finds "Hroznová Lhota, ORP Veselí"): the obce called so
            # come first in the autocomplete (a changelist applies its own ordering afterwards).
            closeness = models.Case(
                models.When(name__iexact=term, then=0), models.When(name__istartswith=term, then=1), default=2
            )
            queryset = queryset.annotate(closeness=closeness).order_by("closeness", "name", "code")
        return queryset, may_have_duplicates

    @admin.display(description=_("region"), ordering="district__region__name")
    def region(self, obj: Municipality):
        return obj.district.region

    @staticmethod
    def autocomplete_label(obj: Municipality) -> str:
        # 591 obce share a name with another one: the ORP tells them apart (never twice in one ORP).
        return f"{obj.name}, ORP {obj.district.name}"
