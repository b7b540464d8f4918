"""Filter pieces every FilterSet shares (django-filter), for the UI and the API alike."""

from datetime import timedelta

import django_filters
from django import forms
from django.core.validators import EMPTY_VALUES
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from core.reference import id_of

# A record not verified (an organisation) or not reconfirmed (a link) for this long is stale.
STALE_AFTER = timedelta(days=365)
# A search is one condition (a LIKE) per word: its words and its length are bounded (README, "The REST API").
SEARCH_MAX_WORDS = 10
SEARCH_MAX_LENGTH = 100


def visible_to(model):
    """The queryset callable of a related-id filter: only ids the requesting user can see are accepted."""

    def queryset(request):
        if request is None:
            return model.objects.none()
        return model.objects.restrict(request.user, "view")

    return queryset


@extend_schema_field(OpenApiTypes.INT)
class VisibleChoiceFilter(django_filters.ModelChoiceFilter):
    """A filter by the id of a related scoped record; an id out of the user's sight is an invalid choice."""

    def __init__(self, model, **kwargs):
        super().__init__(queryset=visible_to(model), **kwargs)


class TerritoryCodeFilter(django_filters.CharFilter):
    """A kraj or ORP by its ČSÚ code, filtered on the row's own key as a literal id, not a join on the code: the
    lists' indexes on (district, date) and (region, date) then serve both the filter and the order."""

    def __init__(self, *, territory: str, **kwargs):
        super().__init__(**kwargs)
        self.territory = territory

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        pk = id_of(self.territory, value)
        return qs.filter(**{f"{self.field_name}_id": pk}) if pk is not None else qs.none()


class SearchField(forms.CharField):
    """A search of at most SEARCH_MAX_LENGTH characters and SEARCH_MAX_WORDS words; more is a field error."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", SEARCH_MAX_LENGTH)
        super().__init__(**kwargs)
        self.validators.append(_at_most_words)


def _at_most_words(value: str) -> None:
    if len(value.split()) > SEARCH_MAX_WORDS:
        raise forms.ValidationError(
            _("Search for at most %(limit)s words."), code="too_many_words", params={"limit": SEARCH_MAX_WORDS}
        )


@extend_schema_field({"type": "string", "maxLength": SEARCH_MAX_LENGTH})
class SearchFilter(django_filters.CharFilter):
    """A word search (the filter set's ``method`` does the matching) bounded as SearchField says."""

    field_class = SearchField


class ScopedFilterSet(django_filters.FilterSet):
    """Every scoped collection filters by kraj and ORP, given by their ČSÚ codes ("3107", "6110")."""

    region = TerritoryCodeFilter(territory="territory.Region", field_name="region", label=_("region (ČSÚ code)"))
    district = TerritoryCodeFilter(
        territory="territory.District", field_name="district", label=_("district (ČSÚ code)")
    )


def stale_since(field: str, *, date_only: bool = False) -> Q:
    """Rows whose ``field`` (last verified or confirmed) is missing or older than STALE_AFTER."""
    limit = timezone.now() - STALE_AFTER
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__lt": limit.date() if date_only else limit})


class StrictBooleanField(forms.NullBooleanField):
    """Yes, no or not given: true/false, 1/0 or empty. Anything else is an error, never silently "not given"."""

    VALUES = {"": None, "true": True, "1": True, "false": False, "0": False}
    default_error_messages = {"invalid": _("Give true or false.")}

    def __init__(self, **kwargs):
        # A select passes the raw value on (Django's NullBooleanSelect would turn an unknown one into "not given").
        kwargs.setdefault("widget", forms.Select(choices=[("", "—"), ("true", _("yes")), ("false", _("no"))]))
        super().__init__(**kwargs)

    def to_python(self, value):
        if value is None or isinstance(value, bool):
            return value
        try:
            return self.VALUES[str(value).strip().lower()]
        except KeyError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None

    def validate(self, value):
        pass


class BooleanFilter(django_filters.BooleanFilter):
    """A yes/no filter (``verified=true``) that refuses a value it does not understand."""

    field_class = StrictBooleanField


class IntegerFilter(django_filters.NumberFilter):
    """A filter by a whole number (``strength_min=3``); "2.5" is an error, not a rounded value."""

    field_class = forms.IntegerField


class StaleFilter(BooleanFilter):
    """``stale=true``: not verified/confirmed in the last year; ``stale=false``: verified/confirmed within it."""

    def __init__(self, *, date_only: bool = False, **kwargs):
        self.date_only = date_only
        super().__init__(**kwargs)

    def filter(self, queryset, value):
        if value is None:
            return queryset
        condition = stale_since(self.field_name, date_only=self.date_only)
        return queryset.filter(condition) if value else queryset.exclude(condition)
