"""What the public catalogue and the HSDS output read: only rows of restrict(user, PUBLIC), the same for everybody.

A service serves the ORP it is seated in and those it lists as served; an obec leads to its ORP.
"""

from dataclasses import dataclass

from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone

from catalogue import caching
from catalogue.models import LifeSituation
from organizations.models import Organization, Service, ServiceKind
from organizations.search import normalize
from organizations.selectors import serving_service_ids
from permissions.scoping import PUBLIC, AmongIds
from territory.models import District


def public_services(user=None):
    """The services of the public catalogue (``user`` is whoever asks: it changes nothing)."""
    return Service.objects.restrict(user, PUBLIC)


def public_organizations(user=None):
    """Their providers."""
    return Organization.objects.restrict(user, PUBLIC)


def life_situations(user=None):
    return LifeSituation.objects.restrict(user, PUBLIC).prefetch_related("kinds", "target_groups")


def serving_q(district: District) -> Q:
    """The services that serve the ORP: seated there, or listing it among the districts they serve (as coverage and
    the ORP report count them), looked up in the services' key (AmongIds)."""
    return Q(district_id=district.pk) | AmongIds("pk", serving_service_ids([district.pk]))


def serving(services, district: District):
    return services.filter(serving_q(district))


def helping_q(situations, *, among_few: bool = False) -> Q:
    """The services of the situations' kinds or for their target groups. The services of a target group are looked up
    in the services' key (AmongIds) when the whole country is searched; ``among_few`` (the services of one ORP) asks
    each of those few rows instead, where the ids of a large group (pupils: thousands) would cost more to collect."""
    kinds = {kind.pk for situation in situations for kind in situation.kinds.all()}
    groups = {group.pk for situation in situations for group in situation.target_groups.all()}
    helping = Q(kind_id__in=sorted(kinds)) if kinds else Q(pk__in=[])
    if groups:
        for_groups = Service.target_groups.through.objects.filter(targetgroup_id__in=sorted(groups)).order_by()
        if among_few:
            helping |= Exists(for_groups.filter(service_id=OuterRef("pk")))
        else:
            helping |= AmongIds("pk", for_groups.values("service_id"))
    return helping


def helping_with(services, situation: LifeSituation, *, among_few: bool = False):
    """The services of the situation's kinds or for its target groups."""
    return services.filter(helping_q([situation], among_few=among_few))


def matching(services, text: str):
    """Every word of the text in the service's or its provider's name, ignoring diacritics and case."""
    for word in normalize(text).split():
        services = services.filter(Q(search_name__contains=word) | Q(organization__search_name__contains=word))
    return services


def search(*, district: District | None, situation: LifeSituation | None, kind: ServiceKind | None, text: str):
    """The public services a family's search finds: serving the ORP, helping with the situation, of the kind, with
    the words in their or their provider's name (each optional), in the order of their names. The page's providers
    are read for its rows alone: joined, the whole country's would be hashed."""
    services = public_services()
    if district is not None:
        services = serving(services, district)
    if situation is not None:
        services = helping_with(services, situation, among_few=district is not None)
    if kind is not None:
        services = services.filter(kind=kind)
    if text:
        services = matching(services, text)
    return (
        services.select_related("kind").prefetch_related("forms", "organization__municipality").order_by("name", "pk")
    )


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


@dataclass(frozen=True)
class Tables:
    """The small tables every public page reads (the life situations with their kinds and groups, the kinds of
    service), read once per catalogue state in each process rather than on every request."""

    situations: list
    kinds: list

    def kind_id(self, code: str) -> int | None:
        return next((kind.pk for kind in self.kinds if kind.code == code), None)


def tables(state: CatalogueState) -> Tables:
    """The tables as they are in this state (a change of a situation is a new state, so a new read)."""
    return caching.for_state(
        f"tables:{state.etag}",
        lambda: Tables(
            situations=list(life_situations()), kinds=list(ServiceKind.objects.order_by("sort_order", "name"))
        ),
    )
