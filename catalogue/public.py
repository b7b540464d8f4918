"""What the public catalogue and the HSDS output read: only rows of restrict(user, PUBLIC), the same for everybody.

A service serves the ORP it lists as served, or, listing none, the ORP it is placed in; an obec leads to its ORP.
"""

from dataclasses import dataclass

from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone

from catalogue.models import LifeSituation
from organizations.models import Organization, Service
from organizations.search import normalize
from permissions.scoping import PUBLIC
from territory.models import District


def public_services(user=None):
    """The services of the public catalogue (``user`` is whoever asks: it changes nothing)."""
    return Service.objects.restrict(user, PUBLIC)


def public_organizations(user=None):
    """Their providers."""
    return Organization.objects.restrict(user, PUBLIC)


def life_situations(user=None):
    return LifeSituation.objects.restrict(user, PUBLIC).prefetch_related("kinds", "target_groups")


def serving(services, district: District):
    """The services that serve the ORP."""
    served = Service.served_districts.through.objects.filter(service_id=OuterRef("pk"))
    return services.filter(
        Q(Exists(served.filter(district_id=district.pk))) | Q(~Exists(served), district_id=district.pk)
    )


def helping_with(services, situation: LifeSituation):
    """The services of the situation's kinds or for its target groups."""
    kinds = [kind.pk for kind in situation.kinds.all()]
    groups = [group.pk for group in situation.target_groups.all()]
    for_groups = Service.target_groups.through.objects.filter(service_id=OuterRef("pk"), targetgroup_id__in=groups)
    return services.filter(Q(kind_id__in=kinds) | Q(Exists(for_groups)))


def matching(services, text: str):
    """Every word of the text in the service's or its provider's name, ignoring diacritics and case."""
    for word in normalize(text).split():
        services = services.filter(Q(search_name__contains=word) | Q(organization__search_name__contains=word))
    return services


# Raised when what the catalogue's answers are made of changes in the code: every kept copy is then stale.
CATALOGUE_VERSION = 1


@dataclass(frozen=True)
class CatalogueState:
    """What every public answer depends on: the last change of any service, organisation or life situation, and the
    day (a service's dates decide whether it is provided today)."""

    day: str
    changes: tuple

    @property
    def etag(self) -> str:
        return "-".join([str(CATALOGUE_VERSION), self.day, *(str(part) for part in self.changes)])


def catalogue_state() -> CatalogueState:
    """Every change of these records is written through their services with a historical record (django-simple-history,
    a deletion and a change of a service's kinds, groups or areas included), so the newest historical record of each
    says whether anything changed: three reads of a primary key's index, whatever the size of the catalogue."""
    changes = tuple(
        model.history.model.objects.aggregate(last=Max("history_id"))["last"] or 0
        for model in (Service, Organization, LifeSituation)
    )
    return CatalogueState(day=f"{timezone.localdate():%Y%m%d}", changes=changes)
