"""The filters of a list screen: the API's FilterSet in the words of the screen.

The API filters by codes ("district=6110", "target_group=ohrozene-deti") under labels that say so. On a screen the same
filters are pickers: the kraj and ORP the user may see by name (the ORP grouped by kraj), the codelists by name, the
tablet's own date picker, several choices as boxes to tick, labels in the user's language. The values stay the
API's, so a screen's URL and the API's query string read the same.

A screen opens on the user's own place (the ORP of a networker or an OSPOD worker, the kraj of a regional role) when
its URL names no filter; "everything I can see" is the same list with the territory left empty (``?district=``).
"""

from dataclasses import dataclass
from urllib.parse import urlencode

import django_filters
from django import forms
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_filters.widgets import DateRangeWidget

from core.filters import TerritoryCodeFilter
from core.forms import DATE_WIDGET
from core.reference import is_coded
from permissions.roles import Role
from permissions.scoping import get_scope
from permissions.selectors import districts_where
from territory.models import District, Region

# The roles whose own place is an ORP: their lists open on it rather than on everything they may see.
DISTRICT_ROLES = (Role.SITAR, Role.OSPOD, Role.VEDOUCI_OSPOD)


@dataclass(frozen=True)
class OwnPlace:
    """The user's own ORP or kraj (at most one of them), what a screen opens on."""

    district: District | None = None
    region: Region | None = None

    @property
    def params(self) -> dict[str, str]:
        if self.district:
            return {"district": self.district.code}
        return {"region": self.region.code} if self.region else {}


def own_place(user, districts) -> OwnPlace:
    """The ORP of the user's first ORP-level role, else the kraj of the first kraj role, among ``districts`` (those
    the user may see on this screen); nothing for a user with no place of their own (nationwide, superuser)."""
    by_id = {district.pk: district for district in districts}
    assignments = get_scope(user).assignments
    for assignment in assignments:
        if assignment.role in DISTRICT_ROLES and assignment.district_id in by_id:
            return OwnPlace(district=by_id[assignment.district_id])
    regions = {district.region_id: district.region for district in districts}
    for assignment in assignments:
        if assignment.region_id in regions:
            return OwnPlace(region=regions[assignment.region_id])
    return OwnPlace()


class DateRangeInputs(DateRangeWidget):
    """From and to, each with the tablet's date picker (ISO values, as the API takes them) and a name of its own for a
    screen reader (the range's label names the pair)."""

    def __init__(self, attrs=None):
        ends = (
            forms.DateInput(format=DATE_WIDGET.format, attrs={"type": DATE_WIDGET.input_type, "aria-label": label})
            for label in (_("From"), _("To"))
        )
        forms.MultiWidget.__init__(self, tuple(ends), attrs)


def territory_choices(districts) -> tuple[list, list]:
    """The kraje and the ORP (grouped by kraj when there are several) of ``districts``, by name, valued by code."""
    regions = sorted({district.region_id: district.region for district in districts}.values(), key=lambda r: r.name)
    grouped: dict[str, list] = {}
    for district in sorted(districts, key=lambda d: (d.region.name, d.name)):
        grouped.setdefault(district.region.name, []).append((district.code, district.name))
    district_choices = next(iter(grouped.values())) if len(grouped) == 1 else list(grouped.items())
    return [("", _("— every kraj —")), *((r.code, r.name) for r in regions)], [
        ("", _("— every ORP —")),
        *district_choices,
    ]


def coded_model(model, field_name: str):
    """The coded reference model a ``…__code`` filter follows (ServiceKind, TargetGroup…), else None."""
    path = field_name.split("__")
    if len(path) < 2 or path[-1] != "code":
        return None
    for name in path[:-1]:
        field = model._meta.get_field(name)
        model = field.related_model
        if model is None:
            return None
    return model if is_coded(model) else None


def screen_districts(user, model) -> list[District]:
    """The ORP (with their kraj) whose ``model`` rows the user may see: a screen's territory pickers and own place."""
    return list(districts_where(user, model._meta.model_name, "view").select_related("region"))


def for_screen(filterset, user, districts: list[District] | None = None) -> None:
    """Turn the fields of ``filterset``'s (bound, not yet validated) form into the screen's pickers; ``districts`` are
    the user's ``screen_districts`` when the caller has them already."""
    model = filterset._meta.model
    form = filterset.form
    if districts is None:
        districts = screen_districts(user, model)
    region_choices, district_choices = territory_choices(districts)
    for name, field in form.fields.items():
        flt = filterset.filters[name]
        if isinstance(flt, TerritoryCodeFilter):
            territory = District if flt.territory == "territory.District" else Region
            choices = district_choices if territory is District else region_choices
            label = _("District (ORP)") if territory is District else capfirst(Region._meta.verbose_name)
            form.fields[name] = forms.ChoiceField(choices=choices, required=False, label=label)
        elif isinstance(flt, django_filters.CharFilter) and (coded := coded_model(model, flt.field_name)):
            rows = [(row.code, str(row)) for row in coded.objects.all()]
            form.fields[name] = forms.ChoiceField(
                choices=[("", "—"), *rows], required=False, label=capfirst(coded._meta.verbose_name)
            )
        elif isinstance(flt, django_filters.DateFromToRangeFilter):
            field.widget = DateRangeInputs()
        elif isinstance(flt, django_filters.MultipleChoiceFilter):
            field.widget = forms.CheckboxSelectMultiple(choices=field.choices)
        own_field = flt.field_name in {f.name for f in model._meta.fields}
        if own_field and not isinstance(flt._label, Promise) and name in form.fields and name == flt.field_name:
            # A filter declared without a label gets the model's own (lazy, translated) name of the field:
            # django-filter makes one once, in whatever language is active then, and a screen would keep it.
            form.fields[name].label = capfirst(model._meta.get_field(flt.field_name).verbose_name)
        elif name in form.fields and form.fields[name].label:
            # The API's labels are lower case ("due between"); a screen's start with a capital, as its others do.
            form.fields[name].label = capfirst(form.fields[name].label)


class ScreenPickersMixin:
    """For a FilteredListMixin screen: the filters as pickers (``for_screen``)."""

    def screen_districts(self, filterset_class) -> list[District]:
        """The territory of the screen's pickers (and own place), read once per request."""
        if not hasattr(self, "_screen_districts"):
            self._screen_districts = screen_districts(self.request.user, filterset_class._meta.model)
        return self._screen_districts

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        for_screen(filterset, self.request.user, self.screen_districts(filterset_class))
        return filterset


class ScreenFiltersMixin(ScreenPickersMixin):
    """The filters as pickers, and the screen opens on the user's own place when its URL names no filter (with a
    switch between that place and everything the user can see)."""

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        self.own_place = own_place(self.request.user, self.screen_districts(filterset_class))
        if not self.request.GET and self.own_place.params:
            kwargs["data"] = self.own_place.params
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["place_switch"] = self.place_switch()
        return context

    def place_switch(self) -> list[dict]:
        """The two views a user with a place of their own switches between: that place, everything they can see
        (core/_place_switch.html)."""
        own = self.own_place
        if not own.params:
            return []
        data = self.filterset.data
        chosen = {key: data.get(key) or "" for key in ("region", "district")}
        empty = dict.fromkeys(own.params, "")
        place = own.district or own.region
        label = _("ORP %(name)s") % {"name": place.name} if own.district else place.name
        return [
            {"label": label, "url": f"?{urlencode(own.params)}", "current": chosen == {**chosen, **own.params}},
            {"label": _("Everything I can see"), "url": f"?{urlencode(empty)}", "current": not any(chosen.values())},
        ]
