"""Filter pieces every FilterSet shares (django-filter), for the UI and the API alike."""
from datetime import timedelta

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A record not verified (an organisation) or not reconfirmed (a link) for this long is stale.
STALE_AFTER = timedelta(days=365)


def visible_to(model):
    """The queryset callable of a related-id filter: only ids the requesting user can see are accepted."""

    def queryset(request):
        if request is None:
            return model.objects.none()
        return model.objects.restrict(request.user, "view")

    return queryset


class VisibleChoiceFilter(django_filters.ModelChoiceFilter):
    """A filter by the id of a related scoped record; an id out of the user's sight is an invalid choice."""

    def __init__(self, model, **kwargs):
        super().__init__(queryset=visible_to(model), **kwargs)


class ScopedFilterSet(django_filters.FilterSet):
    """Every scoped collection filters by kraj and ORP, given by their ČSÚ codes ("3107", "6110")."""

    region = django_filters.CharFilter(field_name="region__code", label=_("region (ČSÚ code)"))
    district = django_filters.CharFilter(field_name="district__code", label=_("district (ČSÚ code)"))


def stale_since(field: str, *, date_only: bool = False) -> Q:
    """Rows whose ``field`` (last verified or confirmed) is missing or older than STALE_AFTER."""
    limit = timezone.now() - STALE_AFTER
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__lt": limit.date() if date_only else limit})


class StaleFilter(django_filters.BooleanFilter):
    """``stale=true``: not verified/confirmed in the last year; ``stale=false``: verified/confirmed within it."""

    def __init__(self, *, date_only: bool = False, **kwargs):
        self.date_only = date_only
        super().__init__(**kwargs)

    def filter(self, queryset, value):
        if value is None:
            return queryset
        condition = stale_since(self.field_name, date_only=self.date_only)
        return queryset.filter(condition) if value else queryset.exclude(condition)
