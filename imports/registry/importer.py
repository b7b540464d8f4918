"""Import of the MPSV registry of social-service providers (RPSS open data) into organisations and services.

The registry publishes one JSON document (tens of MB) whose root key `polozky` holds one item per registered
service, with its provider repeated inside. The importer streams that array item by item (ijson), never loading the
whole document:

- providers become organisations, upserted by IČO (a provider without one is rejected: the registry has no
  other stable key of a provider); services are upserted by the registry identifier (`identifikator` →
  Service.registry_id);
- an address is placed through its RÚIAN obec code (`Obec/<code>` → Municipality → district). A service is scoped
  with its organisation (the provider's seat); the districts of its places become its served districts. A place with
  a hidden address falls back to the provider's seat; with neither, the item is rejected;
- registry codelist ids are mapped through the codelist files (id → Czech name → Síťař's codelist), never by
  position;
- names of people (statutory bodies, heads of facilities, contact notes) are never read;
- every item is one transaction: a bad item is rolled back whole, reported with its reason, and the import goes on;
- a re-run of the same data writes nothing: values are compared first and only the changed fields go to the services.
"""

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ijson
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import DatabaseError, transaction
from django.utils.translation import gettext

from core.errors import OutOfScope
from imports import cells
from imports.registry.codelists import Codelists, code_of, normal, suffix
from imports.registry.plan import OneByOne, Plan
from imports.registry.report import ImportReport, RegistryFileError, Rejected, Rejection
from imports.registry.stream import Estimate, binary_stream
from imports.registry.values import (
    IMPORT_REASON,
    check_owner,
    clipped,
    first,
    item_date,
    item_label,
    postcode,
    rejection_of,
    service_outcome,
    street,
    valid_or_empty,
    web_address,
)
from organizations.models import Organization, OrganizationKind, OrganizationMerge, Service, ServiceStatus
from organizations.selectors import organization_by_ico
from organizations.services import organization_create, organization_update, service_create, service_update
from organizations.validators import validate_phone
from permissions.scoping import get_scope
from territory.models import Municipality

PROGRESS_EVERY = 100
BATCH_SIZE = 500

# Units of capacity in the registry (TypKapacitySocialniSluzby/<code>), as the registry words them in Czech.
CAPACITY_UNITS = {
    "klient": "klientů",
    "kontakt": "kontaktů",
    "interv": "intervencí",
    "luzka": "lůžek",
    "hovor": "hovorů",
}


class Importer:
    def __init__(self, *, actor, codelists: Codelists, today: datetime.date, report: ImportReport):
        self.actor = actor
        self.codes = codelists
        self.today = today
        self.report = report
        self.municipalities = {m.code: m for m in Municipality.objects.select_related("district")}
        self.organizations: dict[str, Organization] = {}  # by IČO, once committed in this run
        self.rejected_organizations: set[str] = set()
        # What Síťař already has: a first import of thousands of services skips a look-up per item.
        self.known_icos = set(Organization.objects.exclude(ico=None).values_list("ico", flat=True))
        # A merged record's IČO leads to its survivor (organization_by_ico): not a new organisation.
        self.known_icos |= set(OrganizationMerge.objects.exclude(ico="").values_list("ico", flat=True))
        self.known_services = set(Service.objects.exclude(registry_id=None).values_list("registry_id", flat=True))

    def municipality(self, address: Any) -> Municipality | None:
        """The obec of a registry address; None for a hidden or missing address."""
        if not isinstance(address, dict):
            return None
        code = suffix(code_of(address.get("obec")))
        return self.municipalities.get(code) if code else None

    @property
    def in_bulk(self) -> bool:
        """Batches are written in bulk for the system and superusers; a scoped actor's items go one by one through
        the services, which check the scope of every write."""
        return self.actor is None or get_scope(self.actor).superuser

    def run_batch(self, batch: list[tuple[int, Any]]) -> None:
        """Import a batch of items in one transaction.

        In bulk, the batch is planned in memory against the rows loaded for it (locked), then written with a fixed
        number of statements. Items a batch cannot take (a provider moving to another district, a registry id twice
        in the batch), and all items of a batch whose bulk write failed (a concurrent writer), go one by one.
        """
        with transaction.atomic():
            later = [(index, item) for index, item in batch if not isinstance(item, dict)]
            items = [(index, item) for index, item in batch if isinstance(item, dict)]
            if self.in_bulk and items:
                plan = Plan(self, [item for _, item in items])
                for index, item in items:
                    try:
                        plan.add(item, index)
                    except OneByOne:
                        later.append((index, item))
                try:
                    with transaction.atomic():
                        plan.write()
                except DatabaseError:
                    later = batch
                else:
                    plan.commit()
            else:
                later = batch
            for index, item in sorted(later, key=lambda entry: entry[0]):
                if isinstance(item, dict):
                    self.run(item, index)
                else:
                    self.reject(f"#{index}", "service", gettext("The item is not an object."), {})

    # One item = one service with its provider, saved in one transaction through the services.
    def run(self, item: dict, index: int) -> None:
        stage = "organization"
        try:
            with transaction.atomic():
                organization, org_outcome, ico = self.organization(item)
                stage = "service"
                service_outcome = self.service(item, organization)
        except (
            Rejected,
            ValidationError,
            OutOfScope,
            DatabaseError,
            TypeError,
            ValueError,
            AttributeError,
            KeyError,
        ) as exc:
            self.reject(item_label(item, index), *rejection_of(exc, stage), item)
        else:
            self.accept(ico, organization, org_outcome, clipped(item.get("identifikator"), 100), service_outcome)

    def accept(
        self, ico: str, organization: Organization, org_outcome: str | None, registry_id: str, service_outcome: str
    ) -> None:
        self.known_icos.add(ico)
        self.known_services.add(registry_id)
        if org_outcome is not None:
            self.organizations[ico] = organization
            self.report.organizations[org_outcome] += 1
        self.report.services[service_outcome] += 1

    def reject(self, item_id: str, entity: str, reason: str, item: dict) -> None:
        self.report.rejected.append(Rejection(item=item_id, entity=entity, reason=str(reason)))
        self.report.services["rejected"] += 1
        if entity == "organization":
            provider = item.get("poskytovatel") or {}
            key = cells.ico(provider.get("ico")) or normal(provider.get("nazev")) or item_id
            if key not in self.rejected_organizations:
                self.rejected_organizations.add(key)
                self.report.organizations["rejected"] += 1
        else:
            # The provider may have been changed in memory inside the rolled-back transaction: read it again next time.
            self.organizations.pop(cells.ico((item.get("poskytovatel") or {}).get("ico")), None)

    # ------------------------------------------------------------------------------------------- organisation --
    def provider(self, item: dict) -> tuple[str, dict[str, Any], Municipality | None]:
        """The provider's IČO, the organisation's values as the registry gives them, and its seat (None: hidden)."""
        provider = item.get("poskytovatel")
        if not isinstance(provider, dict):
            raise Rejected("organization", gettext("The item has no provider."))
        ico = cells.ico(provider.get("ico"))
        if not ico:
            raise Rejected("organization", gettext("The provider has no IČO."))
        name = clipped(provider.get("nazev"), 255)
        if not name:
            raise Rejected("organization", gettext("The provider has no name."))
        address = provider.get("adresa") if isinstance(provider.get("adresa"), dict) else {}
        seat = self.municipality(address)
        desired: dict[str, Any] = {"name": name, "ico": ico}
        if seat is not None:
            desired.update(municipality=seat, street=street(address), postcode=postcode(address.get("psc")))
        desired.update(
            web=web_address(first(provider.get("weby"), "web")),
            email=valid_or_empty(first(provider.get("emaily"), "email")[:254], EmailValidator()),
            phone=valid_or_empty(first(provider.get("telefony"), "telefon")[:30], validate_phone),
        )
        # Empty values from the registry never blank what Síťař already has.
        optional = ("street", "postcode", "web", "email", "phone")
        return ico, {key: value for key, value in desired.items() if value or key not in optional}, seat

    def new_district(self, item: dict, seat: Municipality | None):
        """Where a new organisation goes: its seat, else the first place of its service with an address."""
        if seat is not None:
            return None
        district = next(iter(self.place_districts(item)), None)
        if district is None:
            raise Rejected(
                "organization", gettext("Neither the provider's seat nor any place of the service has an address.")
            )
        return district

    # One item at a time through the services (the path of scoped actors and of what a batch cannot take).
    def organization(self, item: dict) -> tuple[Organization, str | None, str]:
        ico, desired, seat = self.provider(item)
        if ico in self.organizations:
            return self.organizations[ico], None, ico
        existing = organization_by_ico(ico) if ico in self.known_icos else None
        if existing is None:
            fields = {key: value for key, value in desired.items() if key not in ("name", "ico")}
            organization = organization_create(
                actor=self.actor,
                name=desired["name"],
                kind=OrganizationKind.SOCIAL_SERVICE_PROVIDER,
                ico=ico,
                district=self.new_district(item, seat),
                reason=IMPORT_REASON,
                **fields,
            )
            return organization, "created", ico
        changes = {key: value for key, value in desired.items() if getattr(existing, key) != value}
        if existing.ico and existing.ico != ico:
            changes.pop("ico", None)  # the survivor of a merged record keeps the IČO chosen in the merge
        if not changes:
            return existing, "unchanged", ico
        organization_update(actor=self.actor, organization=existing, data=changes, reason=IMPORT_REASON)
        return existing, "updated", ico

    def place_districts(self, item: dict) -> list:
        """Districts of the service's places with an address, current places first (order kept, no repeats)."""
        places = [entry for entry in item.get("zarizeni") or () if isinstance(entry, dict)]
        current = [entry for entry in places if not self._ended(entry.get("poskytujeDo"))]
        districts = {}
        for entry in current or places:
            municipality = self.municipality(entry.get("adresa"))
            if municipality is not None:
                districts.setdefault(municipality.district_id, municipality.district)
        return list(districts.values())

    def _ended(self, value: Any) -> bool:
        try:
            until = item_date(value)
        except Rejected:
            return False
        return until is not None and until < self.today

    # ------------------------------------------------------------------------------------------------ service --
    def service_values(self, item: dict, organization: Organization) -> tuple[str, dict[str, Any], dict[str, set]]:
        """The registry id, the service's values and its relations (sets of ids) as the registry gives them."""
        registry_id = clipped(item.get("identifikator"), 100)
        if not registry_id:
            raise Rejected("service", gettext("The service has no registry identifier."))
        if len(registry_id) > Service._meta.get_field("registry_id").max_length:
            raise Rejected("service", gettext("The registry identifier %(id)s is too long.") % {"id": registry_id})
        kind = self.codes.kind(item.get("druhSocialniSluzby"))
        districts = [district.pk for district in self.place_districts(item)]
        if not districts:
            if organization.municipality_id is None:
                raise Rejected(
                    "service", gettext("Neither the places of the service nor the provider's seat have an address.")
                )
            districts = [organization.municipality.district_id]
        forms, capacity, capacity_note = self.forms(item.get("formy"))
        groups = {
            self.codes.target_groups[code]
            for code in (code_of((entry or {}).get("cilovaSkupina")) for entry in item.get("ciloveSkupiny") or ())
            if code in self.codes.target_groups
        }
        active_from = item_date(item.get("datumPoskytovaniOd"))
        active_until = item_date(item.get("datumPoskytovaniDo"))
        ended = active_until is not None and active_until < self.today
        places = [entry for entry in item.get("zarizeni") or () if isinstance(entry, dict)]
        name = clipped(item.get("nazev"), 255) or clipped(places[0].get("nazev") if places else "", 255) or kind.name
        desired = {
            "name": name,
            "kind": kind,
            "registry_id": registry_id,
            "active_from": active_from,
            "active_until": active_until,
            "status": ServiceStatus.ENDED if ended else ServiceStatus.ACTIVE,
            "capacity": capacity,
            "capacity_note": capacity_note,
        }
        return registry_id, desired, {"forms": set(forms), "target_groups": groups, "served_districts": set(districts)}

    @staticmethod
    def service_changes(existing: Service, desired: dict, relations: dict[str, set], stored: dict[str, set]) -> dict:
        """What differs between a stored service (its relations in `stored`) and the registry's values."""
        changes = {
            key: value
            for key, value in desired.items()
            if (existing.kind_id != value.pk if key == "kind" else getattr(existing, key) != value)
        }
        changes.update({name: sorted(wanted) for name, wanted in relations.items() if stored[name] != wanted})
        return changes

    def service(self, item: dict, organization: Organization) -> str:
        registry_id, desired, relations = self.service_values(item, organization)
        existing = None
        if registry_id in self.known_services:
            existing = Service.objects.filter(registry_id=registry_id).first()
        if existing is None:
            fields = {key: value for key, value in desired.items() if key not in ("name", "kind")}
            service_create(
                actor=self.actor,
                organization=organization,
                name=desired["name"],
                kind=desired["kind"],
                reason=IMPORT_REASON,
                **{name: sorted(ids) for name, ids in relations.items()},
                **fields,
            )
            return "created"
        check_owner(existing, organization, registry_id)
        stored = {name: set(getattr(existing, name).values_list("pk", flat=True)) for name in relations}
        changes = self.service_changes(existing, desired, relations, stored)
        if not changes:
            return "unchanged"
        service_update(actor=self.actor, service=existing, data=changes, reason=IMPORT_REASON)
        return service_outcome(changes)

    def forms(self, entries: Any) -> tuple[list[int], int | None, str]:
        """Forms of the service, its capacity (a sum only when all counts are of one unit) and a note of the counts."""
        forms, counts, notes = [], [], []
        for entry in entries or ():
            if not isinstance(entry, dict):
                continue
            code = code_of(entry.get("forma"))
            if code in self.codes.forms and self.codes.forms[code] not in forms:
                forms.append(self.codes.forms[code])
            for capacity in entry.get("kapacity") or ():
                count = capacity.get("pocet") if isinstance(capacity, dict) else None
                if isinstance(count, (int, float)) and count >= 0:
                    unit = suffix(code_of(capacity.get("typ")))
                    counts.append((int(count), unit))
                    notes.append(f"{suffix(code)}: {int(count)} {CAPACITY_UNITS.get(unit, unit)}".strip())
        units = {unit for _, unit in counts}
        capacity = sum(count for count, _ in counts) if counts and len(units) == 1 else None
        return forms, capacity, clipped("; ".join(notes), 200)


def rpss_import(
    *,
    actor,
    source,
    codelists_dir: Path | str | None = None,
    progress: Callable[[int, int | None], None] | None = None,
    progress_every: int = PROGRESS_EVERY,
    today: datetime.date | None = None,
) -> ImportReport:
    """Import the registry's JSON (a path, a file object or an iterable of chunks), streaming it item by item.

    `progress(done, total)` is called every `progress_every` items with the total estimated from the part of the file
    read (None for a stream of unknown length), and once at the end with total = done. `actor` is recorded in the history (None: the system itself).
    """
    report = ImportReport()
    importer = Importer(
        actor=actor, codelists=Codelists(codelists_dir), today=today or datetime.date.today(), report=report
    )
    # Items are committed in batches: a commit per item would cost a disk flush per item. A bad item is left out
    # alone; an error that stops the stream keeps the batches already written.
    batch = []
    broken = None
    try:
        with binary_stream(source) as stream:
            estimate = Estimate(stream)
            for index, item in enumerate(ijson.items(stream, "polozky.item", use_float=True), start=1):
                report.items = index
                batch.append((index, item))
                if len(batch) == BATCH_SIZE:
                    importer.run_batch(batch)
                    batch = []
                if progress is not None and index % progress_every == 0:
                    progress(index, estimate.total(index))
    except (OSError, ijson.JSONError) as exc:  # a missing file, a document broken or cut short
        broken = exc
    if batch:
        importer.run_batch(batch)  # the last batch, or the whole items read before a break
    if broken is not None:
        raise RegistryFileError(broken, report) from broken
    if progress is not None:
        progress(report.items, report.items)
    return report
