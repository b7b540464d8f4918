"""The bulk import itself: rows matched to existing records (in the actor's reach only) and written through the
services, all in one transaction that is rolled back for a dry run and whenever any row is bad."""

from collections.abc import Callable
from typing import IO, Any

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import transaction
from django.db.models import Field
from django.utils.translation import gettext_lazy as _

from contacts.models import Contact
from contacts.services import contact_create, contact_update
from core.errors import OutOfScope, errors_by_field, out_of_scope_message
from core.views import label_of
from imports.bulk.columns import COLUMNS, DISTRICT_LABEL, REQUIRED_ANY, Column, Lookups, header_key
from imports.bulk.reading import BulkFileError, Table, read_table
from imports.bulk.report import BulkReport, RowResult
from imports.cells import CellError
from organizations.models import Organization, Service
from organizations.selectors import current_id, organization_by_ico
from organizations.services import organization_create, organization_update, service_create, service_update

IMPORT_REASON = "bulk import"
# Django's own words for an empty required field (translated in its catalogue), as the model's validation says them.
REQUIRED_MESSAGE = Field.default_error_messages["blank"]
PROGRESS_EVERY = 25


def bulk_import(
    *, actor, entity: str, file: bytes | IO[bytes], dry_run: bool, progress: Callable[[int, int], None] | None = None
) -> BulkReport:
    """Import a CSV/XLSX file of one entity ("organization", "service", "contact") as the actor.

    Every row goes through the services with the actor, so their validation and scope checks apply; existing records
    are looked up only among those the actor may change. All rows run in one transaction: a dry run rolls it back
    (and so reports exactly what the import would do), and so does a real run with any bad row: nothing is saved.
    """
    if entity not in COLUMNS:
        raise ValueError(f"unknown entity {entity!r}")
    report = BulkReport(entity=entity, dry_run=dry_run)
    data = file if isinstance(file, bytes) else file.read()
    try:
        table = read_table(data)
        columns = match_columns(entity, table)
    except BulkFileError as exc:
        report.file_errors.append(str(exc.message))
        return report
    report.ignored_columns = [str(column.label) for column in columns if column is not None and column.ignored]
    writer = WRITERS[entity](actor=actor, lookups=Lookups(), columns=COLUMNS[entity])
    total = len(table.rows)
    with transaction.atomic():
        for done, (number, cells) in enumerate(table.rows, start=1):
            values = {
                column.name: cells[index] if index < len(cells) else None
                for index, column in enumerate(columns)
                if column is not None and not column.ignored
            }
            report.rows.append(writer.run(number, values))
            if progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
                progress(done, total)
        if dry_run or not report.ok:
            transaction.set_rollback(True)
    return report


def match_columns(entity: str, table: Table) -> list[Column | None]:
    """The column of each header (None for an empty header); a BulkFileError names unknown, repeated or missing ones."""
    known = {key: column for column in COLUMNS[entity] for key in column.headers()}
    matched: list[Column | None] = []
    unknown, repeated = [], []
    for header in table.headers:
        key = header_key(header)
        if not key:
            matched.append(None)
            continue
        column = known.get(key)
        if column is None:
            unknown.append(str(header).strip())
        elif column in matched:
            repeated.append(str(header).strip())
        matched.append(column)
    messages = []
    if unknown:
        messages.append(
            _("Unknown columns: %(columns)s. Use the headers of the template.")
            % {"columns": ", ".join(f"“{name}”" for name in unknown)}
        )
    if repeated:
        messages.append(_("Columns given twice: %(columns)s.") % {"columns": ", ".join(f"“{n}”" for n in repeated)})
    present = {column.name for column in matched if column is not None}
    missing = [str(column.label) for column in COLUMNS[entity] if column.required and column.name not in present]
    if missing:
        messages.append(
            _("Required columns are missing: %(columns)s.") % {"columns": ", ".join(f"“{name}”" for name in missing)}
        )
    group = REQUIRED_ANY[entity]
    if group and not present.intersection(group):
        labels = [str(column.label) for column in COLUMNS[entity] if column.name in group]
        messages.append(
            _("Give the organisation of each row in a column %(columns)s.")
            % {"columns": " / ".join(f"“{name}”" for name in labels)}
        )
    if messages:
        raise BulkFileError(" ".join(str(message) for message in messages))
    return matched


def changes_of(record, values: dict[str, Any], m2m: tuple[str, ...] = ()) -> dict[str, Any]:
    """The values that differ from the record's (many-to-many relations compared as sets of ids)."""
    changes = {}
    for name, value in values.items():
        if name in m2m:
            if {item.pk for item in value} != set(getattr(record, name).values_list("pk", flat=True)):
                changes[name] = value
        elif getattr(record, name) != value:
            changes[name] = value
    return changes


class RowWriter:
    """Writes the rows of one entity; ``write`` returns (outcome, record, changed field names) or raises."""

    model = None
    m2m: tuple[str, ...] = ()  # many-to-many fields, compared as sets
    # Columns whose empty cell means "as it is" (a new record: the model's default), not "clear it".
    keep_when_empty = ("status",)

    def __init__(self, *, actor, lookups: Lookups, columns: list[Column]):
        self.actor = actor
        self.lookups = lookups
        self.columns = {column.name: column for column in columns}

    def run(self, number: int, cells: dict[str, Any]) -> RowResult:
        values, errors = {}, []
        for name, raw in cells.items():
            try:
                values[name] = self.columns[name].parse(raw, self.lookups)
            except CellError as exc:
                errors.append((self.label(name), str(exc.message)))
                continue
            if self.columns[name].required and values[name] in (None, ""):
                errors.append((self.label(name), str(REQUIRED_MESSAGE)))
        if errors:
            return RowResult(row=number, outcome="invalid", label=self.row_label(cells), errors=errors)
        for name in self.keep_when_empty:
            if values.get(name) == "":
                del values[name]
        try:
            # A savepoint per row: a row that fails leaves the others' writes (in the same transaction) intact.
            with transaction.atomic():
                outcome, record, changed = self.write(values)
        except ValidationError as exc:
            errors = [
                (self.label(name), str(message))
                for name, messages in errors_by_field(exc).items()
                for message in messages
            ]
        except OutOfScope as exc:
            errors = [("", str(out_of_scope_message(exc)))]
        if errors:
            return RowResult(row=number, outcome="invalid", label=self.row_label(cells), errors=errors)
        return RowResult(
            row=number,
            outcome=outcome,
            label=str(record),
            record_id=record.pk,
            organization_id=record.pk if isinstance(record, Organization) else record.organization_id,
            changed=[self.label(name) for name in changed],
        )

    def label(self, name: str) -> str:
        """What the user reads for a field: the column's header, the model's label, or nothing for the whole row."""
        if name == NON_FIELD_ERRORS:
            return ""
        if name in self.columns:
            return str(self.columns[name].label)
        if name == "district":
            return str(DISTRICT_LABEL)
        try:
            return str(label_of(self.model, name))
        except FieldDoesNotExist:
            return name

    @staticmethod
    def row_label(cells: dict[str, Any]) -> str:
        name = cells.get("name")
        return str(name).strip() if name is not None else ""

    def write(self, values: dict[str, Any]):
        raise NotImplementedError

    def save_owned(self, existing, organization, values: dict[str, Any], *, moved, create, update):
        """Create a record of an organisation, or change the matched one (which stays with its organisation)."""
        if existing is None:
            if organization is None:
                raise ValidationError({"organization": _("Give the organisation's Síťař id or IČO.")})
            return "created", create(values), []
        if organization is not None and organization.pk != existing.organization_id:
            raise ValidationError({"organization": moved})
        changes = changes_of(existing, values, self.m2m)
        if not changes:
            return "unchanged", existing, []
        return "updated", update(changes), list(changes)

    def not_found(self, name: str, message) -> ValidationError:
        return ValidationError({name: message})

    def organization_of(self, values: dict[str, Any]) -> Organization | None:
        """The organisation a service or contact row names (Síťař id or IČO), among those the actor may change."""
        organizations = Organization.objects.restrict(self.actor, "change")
        org_id, ico = values.pop("organization_id", None), values.pop("organization_ico", None)
        if org_id is not None:
            org_id = current_id(org_id)
        found = None
        if org_id is not None:
            found = organizations.filter(pk=org_id).first()
            if found is None:
                raise self.not_found("organization_id", _("No organisation you may change has this id."))
        if ico:
            survivor = organization_by_ico(ico)  # a merged record's IČO names its survivor
            by_ico = organizations.filter(pk=survivor.pk).first() if survivor is not None else None
            if by_ico is None:
                raise self.not_found("organization_ico", _("No organisation you may change has this IČO."))
            if found is not None and found.pk != by_ico.pk:
                raise self.not_found("organization_ico", _("The IČO belongs to another organisation than the id."))
            found = by_ico
        return found


class OrganizationWriter(RowWriter):
    """Organisations: matched by Síťař id, else by IČO, else created."""

    model = Organization
    m2m = ("served_districts",)

    def write(self, values):
        record_id, district = values.pop("id", None), values.pop("district", None)
        if record_id is not None:
            record_id = current_id(record_id)
        # A row of an organisation the user may see but not change (an export of the whole kraj) passes unchanged.
        key = {"pk": record_id} if record_id is not None else ({"ico": values["ico"]} if values.get("ico") else None)
        if record_id is None and key is not None:
            # The IČO of a merged record names its survivor, which keeps the IČO chosen in the merge.
            survivor = organization_by_ico(values["ico"])
            if survivor is not None:
                key = {"pk": survivor.pk}
                if survivor.ico and survivor.ico != values["ico"]:
                    values.pop("ico")
        existing, read_only = None, False
        if key is not None:
            existing = Organization.objects.restrict(self.actor, "change").filter(**key).first()
            if existing is None:
                existing = Organization.objects.restrict(self.actor, "view").filter(**key).first()
                read_only = existing is not None
            if existing is None and record_id is not None:
                raise self.not_found("id", _("No organisation you may change has this id."))
        if "municipality" in values:
            try:
                values["municipality"] = self.lookups.municipality(values["municipality"], district)
            except CellError as exc:
                raise ValidationError({"municipality": exc.message}) from None
        municipality = values["municipality"] if "municipality" in values else getattr(existing, "municipality", None)
        if municipality is not None and district is not None and municipality.district_id != district.pk:
            # The service says the same of a new address; an unchanged one would pass it by unchecked.
            raise ValidationError(
                {
                    "district": _("The municipality %(obec)s lies in ORP %(orp)s, not %(given)s.")
                    % {"obec": municipality.name, "orp": municipality.district.name, "given": district.name}
                }
            )
        if existing is None:
            name, kind = values.pop("name"), values.pop("kind")
            record = organization_create(
                actor=self.actor, name=name, kind=kind, district=district, reason=IMPORT_REASON, **values
            )
            return "created", record, []
        changes = changes_of(existing, values, self.m2m)
        changed = list(changes)
        if district is not None and municipality is None and district.pk != existing.district_id:
            changes["district"] = district
        new_district_id = (
            municipality.district_id
            if municipality is not None
            else (district.pk if district is not None else existing.district_id)
        )
        if new_district_id != existing.district_id:
            changed.append("district")
        if not changed:
            return "unchanged", existing, []
        if read_only:
            raise ValidationError(
                _(
                    "You may see this organisation but not change it: leave its row as exported or "
                    "remove it from the file."
                )
            )
        record = organization_update(actor=self.actor, organization=existing, data=changes, reason=IMPORT_REASON)
        return "updated", record, changed


class ServiceWriter(RowWriter):
    """Services: matched by Síťař id, else by registry identifier, else by organisation and name."""

    model = Service
    m2m = ("forms", "target_groups", "served_districts")

    def write(self, values):
        record_id = values.pop("id", None)
        organization = self.organization_of(values)
        services = Service.objects.restrict(self.actor, "change")
        existing = None
        if record_id is not None:
            existing = services.filter(pk=record_id).first()
            if existing is None:
                raise self.not_found("id", _("No service you may change has this id."))
        elif values.get("registry_id"):
            existing = services.filter(registry_id=values["registry_id"]).first()
        elif organization is not None and values.get("name"):
            matches = list(services.filter(organization=organization, name=values["name"])[:2])
            if len(matches) > 1:
                raise ValidationError(
                    {"name": _("The organisation has several services of this name: give the service's Síťař id.")}
                )
            existing = matches[0] if matches else None
        return self.save_owned(
            existing,
            organization,
            values,
            moved=_("A service cannot move to another organisation."),
            create=lambda values: service_create(
                actor=self.actor, organization=organization, reason=IMPORT_REASON, **values
            ),
            update=lambda changes: service_update(
                actor=self.actor, service=existing, data=changes, reason=IMPORT_REASON
            ),
        )


class ContactWriter(RowWriter):
    """Contact persons: matched by Síťař id, else by organisation and e-mail, else created."""

    model = Contact

    def write(self, values):
        record_id = values.pop("id", None)
        organization = self.organization_of(values)
        contacts = Contact.objects.restrict(self.actor, "change").filter(erased_at__isnull=True)
        existing = None
        if record_id is not None:
            existing = contacts.filter(pk=record_id).first()
            if existing is None:
                raise self.not_found("id", _("No contact person you may change has this id."))
        elif organization is not None and values.get("email"):
            existing = contacts.filter(organization=organization, email__iexact=values["email"]).first()
        return self.save_owned(
            existing,
            organization,
            values,
            moved=_("A contact person cannot move to another organisation."),
            create=lambda values: contact_create(
                actor=self.actor, organization=organization, reason=IMPORT_REASON, **values
            ),
            update=lambda changes: contact_update(
                actor=self.actor, contact=existing, data=changes, reason=IMPORT_REASON
            ),
        )


WRITERS: dict[str, type[RowWriter]] = {
    "organization": OrganizationWriter,
    "service": ServiceWriter,
    "contact": ContactWriter,
}
