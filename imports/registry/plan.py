"""A batch of registry items planned in memory and written in bulk (the path of the system and superusers)."""

import copy

from django.core.exceptions import ValidationError

from core.bulk_history import bulk_save_with_history, changed_fields, m2m_ends
from core.services import apply_changes, place
from imports import cells
from imports.registry.report import Rejected
from imports.registry.values import IMPORT_REASON, check_owner, clipped, item_label, rejection_of, service_outcome
from organizations.models import Organization, OrganizationKind, Service
from organizations.selectors import organization_by_ico
from organizations.services import ORGANIZATION_FIELDS, SERVICE_FIELDS, place_organization


class OneByOne(Exception):
    """An item a batch cannot take in bulk: it goes through the services on its own after the batch."""


# Foreign keys a planned row gets from rows already loaded: full_clean() would query the database for each.
ORGANIZATION_KEYS = ["region", "district", "municipality", "verified_by", "verified_in"]
SERVICE_KEYS = ["region", "district", "organization", "kind"]
RELATIONS = ("forms", "target_groups", "served_districts")


class Plan:
    """A batch of items planned in memory: what to create and change, validated, then written in bulk.

    `importer` is the run's Importer (imports.registry.importer): what it has seen, how it reads an item, its report.
    """

    def __init__(self, importer, items: list[dict]):
        self.importer = importer
        icos = {
            cells.ico(item["poskytovatel"].get("ico")) for item in items if isinstance(item.get("poskytovatel"), dict)
        }
        icos = (icos & importer.known_icos) - importer.organizations.keys()
        self.stored_organizations = {
            organization.ico: organization
            for organization in Organization.objects.select_for_update().filter(ico__in=icos)
        }
        for ico in icos - self.stored_organizations.keys():  # a merged record's IČO: its survivor
            survivor = organization_by_ico(ico)
            if survivor is not None:
                self.stored_organizations[ico] = Organization.objects.select_for_update().get(pk=survivor.pk)
        registry_ids = {clipped(item.get("identifikator"), 100) for item in items} & importer.known_services
        self.stored_services = {
            service.registry_id: service
            for service in Service.objects.select_for_update().filter(registry_id__in=registry_ids)
        }
        by_pk = {service.pk: service for service in self.stored_services.values()}
        self.stored_relations = {pk: {name: set() for name in RELATIONS} for pk in by_pk}
        for name in RELATIONS:
            through, source, target = m2m_ends(Service, name)
            for owner, value in through.objects.filter(**{f"{source}__in": by_pk}).values_list(source, target):
                self.stored_relations[owner][name].add(value)
        self.organizations: dict[str, Organization] = {}  # planned in this batch, by IČO
        self.new_organizations: list[Organization] = []
        self.changed_organizations: list[tuple[Organization, list[str]]] = []
        self.registry_ids: set[str] = set()
        self.new_services: list[Service] = []
        self.changed_services: list[tuple[Service, list[str]]] = []
        self.relations: list[tuple[Service, dict[str, list[int]]]] = []
        self.accepted: list[tuple] = []
        self.rejected: list[tuple] = []

    def add(self, item: dict, index: int) -> None:
        stage = "organization"
        try:
            organization, org_outcome, ico, org_fields = self.organization(item)
            stage = "service"
            registry_id, service, service_outcome, service_fields, relations = self.service(item, organization)
        except (Rejected, ValidationError, TypeError, ValueError, AttributeError, KeyError) as exc:
            self.rejected.append((item_label(item, index), *rejection_of(exc, stage), item))
            return
        if org_outcome is not None:
            self.organizations[ico] = organization
        if org_fields is not None:
            if organization.pk is None:
                self.new_organizations.append(organization)
            else:
                self.changed_organizations.append((organization, org_fields))
        self.registry_ids.add(registry_id)
        if service_fields is not None:
            if service.pk is None:
                self.new_services.append(service)
            else:
                self.changed_services.append((service, service_fields))
            self.relations.append((service, relations))
        self.accepted.append((ico, organization, org_outcome, registry_id, service_outcome))

    def organization(self, item: dict) -> tuple[Organization, str | None, str, list[str] | None]:
        """The item's organisation, its outcome (None: already counted) and the fields to write (None: nothing)."""
        importer = self.importer
        ico, desired, seat = importer.provider(item)
        known = importer.organizations.get(ico) or self.organizations.get(ico)
        if known is not None:
            return known, None, ico, None
        stored = self.stored_organizations.get(ico)
        if stored is None:
            organization = Organization(kind=OrganizationKind.SOCIAL_SERVICE_PROVIDER, **desired)
            place_organization(organization, importer.new_district(item, seat))
            organization.full_clean(exclude=ORGANIZATION_KEYS, validate_unique=False, validate_constraints=False)
            return organization, "created", ico, []
        changes = {key: value for key, value in desired.items() if getattr(stored, key) != value}
        if stored.ico and stored.ico != ico:
            changes.pop("ico", None)  # the survivor of a merged record keeps the IČO chosen in the merge
        if not changes:
            return stored, "unchanged", ico, None
        if "municipality" in changes and changes["municipality"].district_id != stored.district_id:
            raise OneByOne  # its services, contacts and links move with it: organization_update does that
        organization = copy.copy(stored)
        apply_changes(organization, changes, allowed=ORGANIZATION_FIELDS)
        organization.full_clean(exclude=ORGANIZATION_KEYS, validate_unique=False, validate_constraints=False)
        return organization, "updated", ico, changed_fields(stored, organization)

    def service(self, item: dict, organization: Organization):
        """The registry id, the service, its outcome, the fields to write (None: nothing) and the relations to set."""
        registry_id, desired, relations = self.importer.service_values(item, organization)
        if registry_id in self.registry_ids:
            raise OneByOne  # the same service twice in a batch: the second sees the first saved
        stored = self.stored_services.get(registry_id)
        if stored is None:
            service = Service(organization=organization, **desired)
            place(service, organization.district)
            service.full_clean(exclude=SERVICE_KEYS, validate_unique=False, validate_constraints=False)
            return registry_id, service, "created", [], {name: sorted(ids) for name, ids in relations.items()}
        check_owner(stored, organization, registry_id)
        changes = self.importer.service_changes(stored, desired, relations, self.stored_relations[stored.pk])
        if not changes:
            return registry_id, stored, "unchanged", None, {}
        service = copy.copy(stored)
        apply_changes(
            service, {key: value for key, value in changes.items() if key not in RELATIONS}, allowed=SERVICE_FIELDS
        )
        service.full_clean(exclude=SERVICE_KEYS, validate_unique=False, validate_constraints=False)
        return (
            registry_id,
            service,
            service_outcome(changes),
            changed_fields(stored, service),
            {name: changes[name] for name in RELATIONS if name in changes},
        )

    def write(self) -> None:
        actor = self.importer.actor
        bulk_save_with_history(
            Organization,
            created=self.new_organizations,
            updated=self.changed_organizations,
            actor=actor,
            reason=IMPORT_REASON,
        )
        bulk_save_with_history(
            Service,
            created=self.new_services,
            updated=self.changed_services,
            relations=self.relations,
            actor=actor,
            reason=IMPORT_REASON,
        )

    def commit(self) -> None:
        """Report the batch once it is written."""
        for rejection in self.rejected:
            self.importer.reject(*rejection)
        for accepted in self.accepted:
            self.importer.accept(*accepted)
