"""Writes of organisations and services: validated, atomic, recorded in the history with their actor."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.services import apply_changes, move_with_owner, place, save_validated
from organizations.models import Organization, Service
from organizations.signals import organization_moved
from organizations.validators import normalize_ico
from territory.models import District, Municipality

# What a visit updates of a service: how many it takes, how many places are free and how long one waits, as of a day.
AVAILABILITY_FIELDS = ("capacity", "capacity_unit", "free_places", "waiting_days", "availability_as_of")
ORGANIZATION_FIELDS = (
    "name",
    "kind",
    "ico",
    "street",
    "postcode",
    "municipality",
    "latitude",
    "longitude",
    "web",
    "email",
    "phone",
    "description",
    "status",
)
SERVICE_FIELDS = (
    "name",
    "kind",
    "age_from",
    "age_to",
    "capacity",
    "capacity_note",
    "capacity_unit",
    "free_places",
    "waiting_days",
    "availability_as_of",
    "registry_id",
    "description",
    "status",
    "active_from",
    "active_until",
    "phone",
    "email",
    "web",
    "published",
    "withdrawal_reason",
)


def place_organization(organization: Organization, district: District | None) -> None:
    """An organisation sits in the district of its municipality; without an address, in the district given."""
    municipality: Municipality | None = organization.municipality
    if municipality is not None:
        if district is not None and district.pk != municipality.district_id:
            raise ValidationError(
                {
                    "district": _("The municipality %(obec)s lies in ORP %(orp)s, not %(given)s.")
                    % {"obec": municipality.name, "orp": municipality.district.name, "given": district.name}
                }
            )
        district = municipality.district
    place(organization, district)


def _normalise(data: dict) -> dict:
    if "ico" in data:
        data["ico"] = normalize_ico(data["ico"])
    return data


@transaction.atomic
def organization_create(
    *,
    actor,
    name: str,
    kind: str,
    district: District | None = None,
    served_districts: Iterable[District] = (),
    reason: str = "",
    **fields,
) -> Organization:
    """Create an organisation, placed by its municipality (or the district given when the address is hidden)."""
    fields = _normalise(fields)
    organization = Organization(name=name, kind=kind)
    apply_changes(organization, fields, allowed=ORGANIZATION_FIELDS)
    place_organization(organization, district)
    save_validated(
        organization, actor=actor, reason=reason or "created", relations={"served_districts": served_districts}
    )
    return organization


@transaction.atomic
def organization_update(
    *, actor, organization: Organization, data: dict, reason: str = "", action: str = "change"
) -> Organization:
    """Change an organisation; moving its address moves it (and its services and contacts) to the new district.
    ``action`` is what the actor must be allowed on it (a merge: "merge", duplicates.merge)."""
    data = _normalise(dict(data))
    served = data.pop("served_districts", None)
    district = data.pop("district", None)
    changed = apply_changes(organization, data, allowed=ORGANIZATION_FIELDS)
    old_district_id = organization.district_id
    if "municipality" in changed or district is not None:
        # Without an address the organisation keeps its district unless a new one is given.
        place_organization(organization, district or (None if organization.municipality_id else organization.district))
    save_validated(organization, actor=actor, reason=reason, action=action, relations={"served_districts": served})
    if organization.district_id != old_district_id:
        organization_children_follow(organization, actor=actor)
    return organization


def organization_children_follow(organization: Organization, *, actor) -> None:
    """Its services follow an organisation to its district (they are scoped with it); so do the contact persons,
    cooperation links and cases the apps above keep (organization_moved, received in the same transaction). Rows in
    place already stay as they are (after a merge, only those that came from the merged record move)."""
    move_with_owner(
        Service.objects.filter(organization=organization),
        organization.district,
        actor=actor,
        reason="moved with the organisation",
    )
    organization_moved.send(sender=Organization, organization=organization, actor=actor)


@transaction.atomic
def organization_verify(*, actor, organization: Organization, meeting=None) -> Organization:
    """Record that the actor confirmed the organisation's data: on a visit (dated by it) when one is given, else now."""
    verified_at = timezone.now()
    if meeting is not None:
        if organization.pk not in meeting.participant_ids():
            raise ValidationError({"meeting": _("The organisation did not take part in this meeting.")})
        # A visit logged later from a tablet still verifies the record on the day of the visit.
        held = datetime.datetime.combine(meeting.held_on, meeting.ends_at or meeting.starts_at or datetime.time(12))
        verified_at = min(verified_at, timezone.make_aware(held))
    organization.verified_at = verified_at
    organization.verified_by = actor
    organization.verified_in = meeting
    return save_validated(organization, actor=actor, reason="verified", action="verify")


@transaction.atomic
def service_create(
    *,
    actor,
    organization: Organization,
    name: str,
    kind,
    forms: Iterable = (),
    target_groups: Iterable = (),
    served_districts: Iterable[District] = (),
    reason: str = "",
    **fields,
) -> Service:
    """Create a service of an organisation; it is scoped with the organisation."""
    service = Service(organization=organization, name=name, kind=kind)
    apply_changes(service, fields, allowed=SERVICE_FIELDS)
    service.registry_id = service.registry_id or None
    if "published" not in fields:  # a service from the MPSV registry is public unless withdrawn
        service.published = service.registry_id is not None
    place(service, organization.district)
    save_validated(
        service,
        actor=actor,
        reason=reason or "created",
        relations={"forms": forms, "target_groups": target_groups, "served_districts": served_districts},
    )
    return service


@transaction.atomic
def service_update(*, actor, service: Service, data: dict, reason: str = "") -> Service:
    """Change a service (its organisation stays)."""
    data = dict(data)
    relations = {name: data.pop(name, None) for name in ("forms", "target_groups", "served_districts")}
    was_published = service.published
    apply_changes(service, data, allowed=SERVICE_FIELDS)
    service.registry_id = service.registry_id or None
    service.withdrawal_reason = service.withdrawal_reason.strip()
    if was_published and not service.published and not service.withdrawal_reason:
        raise ValidationError(
            {"withdrawal_reason": _("Say why the service is withdrawn from the public catalogue.")}, code="required"
        )
    save_validated(service, actor=actor, reason=reason, relations=relations)
    return service


def service_publication(*, actor, service: Service, published: bool, reason: str = "") -> Service:
    """Show a service in the families' public catalogue, or withdraw it from there with a reason (kept with the
    service and as the reason of its history's entry), through service_update."""
    reason = reason.strip()
    return service_update(
        actor=actor,
        service=service,
        data={"published": published, "withdrawal_reason": "" if published else reason},
        reason="published in the catalogue" if published else reason,
    )


# "Not given": capacity and its unit stay as they are (None clears them, as service_update does).
UNCHANGED: Any = object()


def service_availability_update(
    *,
    actor,
    service: Service,
    free_places: int | None,
    waiting_days: int | None,
    as_of: datetime.date | None = None,
    capacity: int | None = UNCHANGED,
    capacity_unit: str = UNCHANGED,
    reason: str = "",
) -> Service:
    """Record the free places and waiting time of a service as the organisation said on a visit (``as_of``, today
    unless given), through service_update; capacity and its unit change only when given. The history keeps every
    earlier state."""
    data = {
        "free_places": free_places,
        "waiting_days": waiting_days,
        "availability_as_of": as_of or timezone.localdate(),
    }
    for name, value in (("capacity", capacity), ("capacity_unit", capacity_unit)):
        if value is not UNCHANGED:
            data[name] = value
    return service_update(actor=actor, service=service, data=data, reason=reason or "availability updated")
