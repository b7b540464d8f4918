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

import copy
import datetime
import json
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import ijson
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import DatabaseError, transaction
from django.utils.translation import gettext, gettext_lazy

from core.bulk_history import bulk_save_with_history, changed_fields, m2m_ends
from core.errors import OutOfScope, errors_by_field
from core.services import apply_changes, place
from organizations.models import (
    Organization,
    OrganizationKind,
    Service,
    ServiceForm,
    ServiceKind,
    ServiceStatus,
    TargetGroup,
)
from organizations.services import (
    ORGANIZATION_FIELDS,
    SERVICE_FIELDS,
    organization_create,
    organization_update,
    place_organization,
    service_create,
    service_update,
)
from organizations.validators import validate_phone
from permissions.scoping import get_scope
from territory.models import Municipality

DEFAULT_CODELISTS_DIR = Path(__file__).resolve().parent / "data" / "rpss"
KINDS_FILE = "druhy-socialni-sluzby.json"
TARGET_GROUPS_FILE = "cilove-skupiny-osoby.json"
FORMS_FILE = "formy-soc-sluzby.json"

IMPORT_REASON = "RPSS import"
PROGRESS_EVERY = 100
BATCH_SIZE = 500
OUTCOMES = ("created", "updated", "unchanged", "ended", "rejected")
ENTITY_LABELS = {"organization": gettext_lazy("organisation"), "service": gettext_lazy("service")}

# Units of capacity in the registry (TypKapacitySocialniSluzby/<code>), as the registry words them in Czech.
CAPACITY_UNITS = {
    "klient": "klientů",
    "kontakt": "kontaktů",
    "interv": "intervencí",
    "luzka": "lůžek",
    "hovor": "hovorů",
}


# ------------------------------------------------------------------------------------------------------- report --


@dataclass
class Rejection:
    """One item (or its provider) left out, with the reason."""

    item: str
    entity: str  # "organization" or "service"
    reason: str


@dataclass
class ImportReport:
    """What an import did: outcomes of organisations (counted once per IČO) and services, and the rejected items."""

    items: int = 0
    organizations: Counter = field(default_factory=Counter)
    services: Counter = field(default_factory=Counter)
    rejected: list[Rejection] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "items": self.items,
            "organizations": {outcome: self.organizations[outcome] for outcome in OUTCOMES},
            "services": {outcome: self.services[outcome] for outcome in OUTCOMES},
            "rejected": [vars(rejection) for rejection in self.rejected],
        }

    def as_text(self) -> str:
        lines = [gettext("Registry items read: %(count)d") % {"count": self.items}]
        for label, counts in ((gettext("Organisations"), self.organizations), (gettext("Services"), self.services)):
            lines.append(
                gettext(
                    "%(label)s: created %(created)d, updated %(updated)d, unchanged %(unchanged)d, "
                    "ended %(ended)d, rejected %(rejected)d"
                )
                % {"label": label, **{outcome: counts[outcome] for outcome in OUTCOMES}}
            )
        for rejection in self.rejected:
            lines.append(
                gettext("Rejected item %(item)s (%(entity)s): %(reason)s")
                % {**vars(rejection), "entity": ENTITY_LABELS.get(rejection.entity, rejection.entity)}
            )
        return "\n".join(lines)


class RegistryFileError(Exception):
    """The registry file could not be read to its end; the items before the break are imported (`report`)."""

    def __init__(self, error: Exception, report: ImportReport):
        self.report = report
        if isinstance(error, OSError):
            message = gettext("The registry file cannot be opened: %(error)s") % {"error": error.strerror or error}
        else:
            message = gettext("The registry file is not a valid JSON document: %(error)s") % {"error": error}
        if report.items:
            message += " " + gettext(
                "The %(count)d items before the error were imported; import the whole file again."
            ) % {"count": report.items}
        super().__init__(message)


class Rejected(Exception):
    def __init__(self, entity: str, reason: str):
        super().__init__(reason)
        self.entity = entity
        self.reason = reason


# ---------------------------------------------------------------------------------------------------- codelists --


def _normal(text: str) -> str:
    return " ".join(str(text or "").split()).casefold()


def _read_codelist(path: Path) -> dict[str, str]:
    """A registry codelist file: id → Czech name (small files, read whole)."""
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    return {str(entry["id"]): (entry.get("nazev") or {}).get("cs", "") for entry in data.get("polozky", [])}


def _code_of(ref: Any) -> str:
    """The id of a registry reference: {"id": "Obec/547492"} or "Obec/547492" → "Obec/547492"."""
    if isinstance(ref, dict):
        ref = ref.get("id") or ref.get("kod")
    return str(ref or "").strip()


def _suffix(code: str) -> str:
    return code.rsplit("/", 1)[-1]


class Codelists:
    """The registry's codelists mapped onto Síťař's by the Czech name given for each id in the codelist files."""

    def __init__(self, directory: Path | str | None = None):
        directory = Path(directory or DEFAULT_CODELISTS_DIR)
        kinds_by_name = {_normal(kind.name): kind for kind in ServiceKind.objects.all()}
        kinds_by_registry_code = {kind.registry_code: kind for kind in ServiceKind.objects.exclude(registry_code="")}
        self.kind_names = _read_codelist(directory / KINDS_FILE)
        self.kinds = {code: kinds_by_name.get(_normal(name)) for code, name in self.kind_names.items()}
        # The API's own ids (DruhSocialniSluzby/3836 …) are known to Síťař as ServiceKind.registry_code.
        for code, kind in kinds_by_registry_code.items():
            self.kinds.setdefault(f"DruhSocialniSluzby/{code}", kind)
        groups = {_normal(group.registry_name): group.pk for group in TargetGroup.objects.exclude(registry_name="")}
        self.target_groups = {
            code: groups[_normal(name)]
            for code, name in _read_codelist(directory / TARGET_GROUPS_FILE).items()
            if _normal(name) in groups
        }
        forms_by_name = {_normal(form.name): form.pk for form in ServiceForm.objects.all()}
        forms_by_code = {form.registry_code: form.pk for form in ServiceForm.objects.exclude(registry_code="")}
        self.forms = {}
        for code, name in _read_codelist(directory / FORMS_FILE).items():
            form = forms_by_name.get(_normal(name)) or forms_by_code.get(_suffix(code))
            if form:
                self.forms[code] = form

    def kind(self, ref: Any) -> ServiceKind:
        code = _code_of(ref)
        kind = self.kinds.get(code)
        if kind is None:
            if code in self.kind_names:
                reason = gettext("The kind of service %(code)s (%(name)s) has no counterpart in Síťař.") % {
                    "code": code,
                    "name": self.kind_names[code],
                }
            else:
                reason = gettext("The kind of service %(code)s is not in the codelist.") % {"code": code or "—"}
            raise Rejected("service", reason)
        return kind


# ---------------------------------------------------------------------------------------------------- streaming --


class _ChunkReader:
    """A binary file-like object over an iterable of str/bytes chunks (a generator, a network stream)."""

    def __init__(self, chunks: Iterable[str | bytes]):
        self._chunks = iter(chunks)
        self._buffer = b""

    def read(self, size: int = -1) -> bytes:
        while size < 0 or len(self._buffer) < size:
            chunk = next(self._chunks, None)
            if chunk is None:
                break
            self._buffer += chunk.encode("utf-8") if isinstance(chunk, str) else chunk
            if size >= 0:
                break  # hand over what arrived; the parser asks again
        if size < 0:
            data, self._buffer = self._buffer, b""
        else:
            data, self._buffer = self._buffer[:size], self._buffer[size:]
        return data


class _TextReader:
    """A text file opened without "b" read as UTF-8 bytes."""

    def __init__(self, handle: IO[str]):
        self._handle = handle

    def read(self, size: int = -1) -> bytes:
        return self._handle.read(size).encode("utf-8")


@contextmanager
def _binary_stream(source):
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as handle:
            yield handle
    elif hasattr(source, "read"):
        yield _TextReader(source) if isinstance(source.read(0), str) else source
    else:
        yield _ChunkReader(source)


class _Estimate:
    """How many items a file holds, estimated from how far into it the parser has read (None: a stream of unknown
    length)."""

    def __init__(self, stream):
        self.stream = stream
        try:
            self.size = os.fstat(stream.fileno()).st_size
        except (AttributeError, OSError, ValueError):
            self.size = None

    def total(self, done: int) -> int | None:
        if not self.size:
            return None
        try:
            position = self.stream.tell()
        except (AttributeError, OSError, ValueError):
            return None
        return max(done, round(done * self.size / position)) if position else None


# -------------------------------------------------------------------------------------------------------- values --


def _text(value: Any, limit: int) -> str:
    return " ".join(str(value or "").split())[:limit]


def _ico(value: Any) -> str:
    text = re.sub(r"\s", "", str(value or ""))
    return text.zfill(8) if text.isdigit() and len(text) < 8 else text


def _date(value: Any) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        raise Rejected("service", gettext("The date %(value)s is not valid.") % {"value": value}) from exc


def _first(entries: Any, key: str) -> str:
    for entry in entries or ():
        value = entry.get(key) if isinstance(entry, dict) else entry
        if value:
            return str(value).strip()
    return ""


def _valid(value: str, validator: Callable[[str], None]) -> str:
    """An optional contact value kept only when valid: a typo in the registry must not reject the whole item."""
    if not value:
        return ""
    try:
        validator(value)
    except ValidationError:
        return ""
    return value


def _web(value: str) -> str:
    if value and not re.match(r"^https?://", value, re.IGNORECASE):
        value = f"https://{value}"
    return _valid(value[:200], URLValidator())


def _postcode(value: Any) -> str:
    digits = re.sub(r"\D", "", str(value or ""))
    return f"{digits[:3]} {digits[3:]}" if len(digits) == 5 else ""


def _street(address: dict) -> str:
    street = _text((address.get("ulice") or {}).get("nazev"), 150) or _text(
        (address.get("castObce") or {}).get("nazev"), 150
    )
    number = str(address.get("cisloDomovni") or "").strip()
    if address.get("cisloOrientacni"):
        number = f"{number}/{address['cisloOrientacni']}" if number else str(address["cisloOrientacni"])
    return _text(f"{street} {number}", 200)


def _reason(exc: ValidationError, model) -> str:
    """A validation error as one line, each message after the label of its field."""
    parts = []
    for name, messages in errors_by_field(exc).items():
        try:
            label = str(model._meta.get_field(name).verbose_name)
        except Exception:  # "__all__", "district" of a ScopedModel's errors and the like
            label = "" if name == "__all__" else name
        parts.append(f"{label}: {' '.join(messages)}" if label else " ".join(messages))
    return "; ".join(parts)


def _check_owner(existing: Service, organization: Organization, registry_id: str) -> None:
    if existing.organization_id != organization.pk:
        raise Rejected(
            "service",
            gettext("The service %(id)s belongs to another organisation in Síťař; move it by hand first.")
            % {"id": registry_id},
        )


def _service_outcome(changes: dict) -> str:
    return "ended" if changes.get("status") == ServiceStatus.ENDED else "updated"


# ------------------------------------------------------------------------------------------------------ importer --


class _Importer:
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
        self.known_services = set(Service.objects.exclude(registry_id=None).values_list("registry_id", flat=True))

    def municipality(self, address: Any) -> Municipality | None:
        """The obec of a registry address; None for a hidden or missing address."""
        if not isinstance(address, dict):
            return None
        code = _suffix(_code_of(address.get("obec")))
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
                plan = _Plan(self, [item for _, item in items])
                for index, item in items:
                    try:
                        plan.add(item, index)
                    except _OneByOne:
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
            self.reject(_item_id(item, index), *_rejection(exc, stage), item)
        else:
            self.accept(ico, organization, org_outcome, _text(item.get("identifikator"), 100), service_outcome)

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
            key = _ico(provider.get("ico")) or _normal(provider.get("nazev")) or item_id
            if key not in self.rejected_organizations:
                self.rejected_organizations.add(key)
                self.report.organizations["rejected"] += 1
        else:
            # The provider may have been changed in memory inside the rolled-back transaction: read it again next time.
            self.organizations.pop(_ico((item.get("poskytovatel") or {}).get("ico")), None)

    # ------------------------------------------------------------------------------------------- organisation --
    def provider(self, item: dict) -> tuple[str, dict[str, Any], Municipality | None]:
        """The provider's IČO, the organisation's values as the registry gives them, and its seat (None: hidden)."""
        provider = item.get("poskytovatel")
        if not isinstance(provider, dict):
            raise Rejected("organization", gettext("The item has no provider."))
        ico = _ico(provider.get("ico"))
        if not ico:
            raise Rejected("organization", gettext("The provider has no IČO."))
        name = _text(provider.get("nazev"), 255)
        if not name:
            raise Rejected("organization", gettext("The provider has no name."))
        address = provider.get("adresa") if isinstance(provider.get("adresa"), dict) else {}
        seat = self.municipality(address)
        desired: dict[str, Any] = {"name": name, "ico": ico}
        if seat is not None:
            desired.update(municipality=seat, street=_street(address), postcode=_postcode(address.get("psc")))
        desired.update(
            web=_web(_first(provider.get("weby"), "web")),
            email=_valid(_first(provider.get("emaily"), "email")[:254], EmailValidator()),
            phone=_valid(_first(provider.get("telefony"), "telefon")[:30], validate_phone),
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
        existing = Organization.objects.filter(ico=ico).first() if ico in self.known_icos else None
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
            until = _date(value)
        except Rejected:
            return False
        return until is not None and until < self.today

    # ------------------------------------------------------------------------------------------------ service --
    def service_values(self, item: dict, organization: Organization) -> tuple[str, dict[str, Any], dict[str, set]]:
        """The registry id, the service's values and its relations (sets of ids) as the registry gives them."""
        registry_id = _text(item.get("identifikator"), 100)
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
            for code in (_code_of((entry or {}).get("cilovaSkupina")) for entry in item.get("ciloveSkupiny") or ())
            if code in self.codes.target_groups
        }
        active_from = _date(item.get("datumPoskytovaniOd"))
        active_until = _date(item.get("datumPoskytovaniDo"))
        ended = active_until is not None and active_until < self.today
        places = [entry for entry in item.get("zarizeni") or () if isinstance(entry, dict)]
        name = _text(item.get("nazev"), 255) or _text(places[0].get("nazev") if places else "", 255) or kind.name
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
        _check_owner(existing, organization, registry_id)
        stored = {name: set(getattr(existing, name).values_list("pk", flat=True)) for name in relations}
        changes = self.service_changes(existing, desired, relations, stored)
        if not changes:
            return "unchanged"
        service_update(actor=self.actor, service=existing, data=changes, reason=IMPORT_REASON)
        return _service_outcome(changes)

    def forms(self, entries: Any) -> tuple[list[int], int | None, str]:
        """Forms of the service, its capacity (a sum only when all counts are of one unit) and a note of the counts."""
        forms, counts, notes = [], [], []
        for entry in entries or ():
            if not isinstance(entry, dict):
                continue
            code = _code_of(entry.get("forma"))
            if code in self.codes.forms and self.codes.forms[code] not in forms:
                forms.append(self.codes.forms[code])
            for capacity in entry.get("kapacity") or ():
                count = capacity.get("pocet") if isinstance(capacity, dict) else None
                if isinstance(count, (int, float)) and count >= 0:
                    unit = _suffix(_code_of(capacity.get("typ")))
                    counts.append((int(count), unit))
                    notes.append(f"{_suffix(code)}: {int(count)} {CAPACITY_UNITS.get(unit, unit)}".strip())
        units = {unit for _, unit in counts}
        capacity = sum(count for count, _ in counts) if counts and len(units) == 1 else None
        return forms, capacity, _text("; ".join(notes), 200)


def _item_id(item: dict, index: int) -> str:
    return str(item.get("identifikator") or item.get("id") or f"#{index}")


def _rejection(exc: Exception, stage: str) -> tuple[str, str]:
    """The entity and the reason of an item left out because of `exc` (raised while at `stage`)."""
    if isinstance(exc, Rejected):
        return exc.entity, exc.reason
    if isinstance(exc, ValidationError):
        return stage, _reason(exc, Organization if stage == "organization" else Service)
    if isinstance(exc, OutOfScope):
        return stage, gettext("You may not change this record.")
    return stage, gettext("The item could not be read: %(error)s") % {"error": exc}


class _OneByOne(Exception):
    """An item a batch cannot take in bulk: it goes through the services on its own after the batch."""


# Foreign keys a planned row gets from rows already loaded: full_clean() would query the database for each.
ORGANIZATION_KEYS = ["region", "district", "municipality", "verified_by", "verified_in"]
SERVICE_KEYS = ["region", "district", "organization", "kind"]
RELATIONS = ("forms", "target_groups", "served_districts")


class _Plan:
    """A batch of items planned in memory: what to create and change, validated, then written in bulk."""

    def __init__(self, importer: _Importer, items: list[dict]):
        self.importer = importer
        icos = {_ico(item["poskytovatel"].get("ico")) for item in items if isinstance(item.get("poskytovatel"), dict)}
        icos = (icos & importer.known_icos) - importer.organizations.keys()
        self.stored_organizations = {
            organization.ico: organization
            for organization in Organization.objects.select_for_update().filter(ico__in=icos)
        }
        registry_ids = {_text(item.get("identifikator"), 100) for item in items} & importer.known_services
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
            self.rejected.append((_item_id(item, index), *_rejection(exc, stage), item))
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
        if not changes:
            return stored, "unchanged", ico, None
        if "municipality" in changes and changes["municipality"].district_id != stored.district_id:
            raise _OneByOne  # its services, contacts and links move with it: organization_update does that
        organization = copy.copy(stored)
        apply_changes(organization, changes, allowed=ORGANIZATION_FIELDS)
        organization.full_clean(exclude=ORGANIZATION_KEYS, validate_unique=False, validate_constraints=False)
        return organization, "updated", ico, changed_fields(stored, organization)

    def service(self, item: dict, organization: Organization):
        """The registry id, the service, its outcome, the fields to write (None: nothing) and the relations to set."""
        registry_id, desired, relations = self.importer.service_values(item, organization)
        if registry_id in self.registry_ids:
            raise _OneByOne  # the same service twice in a batch: the second sees the first saved
        stored = self.stored_services.get(registry_id)
        if stored is None:
            service = Service(organization=organization, **desired)
            place(service, organization.district)
            service.full_clean(exclude=SERVICE_KEYS, validate_unique=False, validate_constraints=False)
            return registry_id, service, "created", [], {name: sorted(ids) for name, ids in relations.items()}
        _check_owner(stored, organization, registry_id)
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
            _service_outcome(changes),
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
    importer = _Importer(
        actor=actor, codelists=Codelists(codelists_dir), today=today or datetime.date.today(), report=report
    )
    # Items are committed in batches: a commit per item would cost a disk flush per item. A bad item is left out
    # alone; an error that stops the stream keeps the batches already written.
    batch = []
    broken = None
    try:
        with _binary_stream(source) as stream:
            estimate = _Estimate(stream)
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
