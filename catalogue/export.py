"""The public catalogue as files: HSDS 3.0's tabular form (one CSV per table, the columns of the official schemas) and a
Frictionless ``datapackage.json`` describing them, for the national open-data catalogue.

The records are those of the API (catalogue.hsds), split into their tables; every nested record is written once. The
files are written into a new folder beside the target, which then replaces it: a reader never sees half an export.
"""

import csv
import datetime
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils import timezone, translation

from catalogue import hsds
from catalogue.schemas import FOLDER
from core.opendata import replaced_folder

# The tables written, in the order of the package; each is described by its official schema file.
TABLES = (
    "organization",
    "organization_identifier",
    "location",
    "address",
    "service",
    "service_area",
    "service_at_location",
    "phone",
    "language",
    "attribute",
    "taxonomy",
    "taxonomy_term",
)
# Where a table's column names another table's id (the package's foreign keys).
REFERENCES = {
    "organization_identifier": {"organization_id": "organization"},
    "location": {"organization_id": "organization"},
    "address": {"location_id": "location"},
    "service": {"organization_id": "organization"},
    "service_area": {"service_id": "service"},
    "service_at_location": {"service_id": "service", "location_id": "location"},
    "phone": {"service_id": "service", "organization_id": "organization"},
    "language": {"service_id": "service"},
    "attribute": {"taxonomy_term_id": "taxonomy_term"},
    "taxonomy_term": {"taxonomy_id": "taxonomy"},
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    format: str
    required: bool

    def field(self) -> dict:
        """The column as a Frictionless Table Schema field."""
        field = {"name": self.name, "type": self.type}
        if self.format:
            field["format"] = self.format
        if self.required:
            field["constraints"] = {"required": True}
        return field


@dataclass(frozen=True)
class Table:
    name: str
    path: str
    description: str
    columns: tuple[Column, ...]


@cache
def table(name: str) -> Table:
    """The table of an official schema: its file name and its one-to-one columns (arrays and objects are tables of
    their own)."""
    schema = json.loads((FOLDER / f"{name}.json").read_text(encoding="utf-8"))
    required = set(schema.get("required", []))
    columns = []
    for column, spec in schema["properties"].items():
        if spec.get("type") in ("array", "object") or "$ref" in spec:
            continue
        kind = spec.get("datapackage_type") or spec.get("type", "string")
        fmt = spec.get("format", "") if kind == "string" and spec.get("format") in ("uuid", "email", "uri") else ""
        columns.append(Column(column, kind, fmt, column in required))
    return Table(name, schema["path"], schema.get("description", ""), tuple(columns))


def records() -> Iterator[tuple[str, dict]]:
    """Every public record as (table, record), each once."""
    catalogue = hsds.Catalogue()
    for organization in hsds.organizations_query(with_services=True).iterator(chunk_size=500):
        record = hsds.organization_full(organization, organization.public_services, catalogue)
        yield "organization", record
        yield from (("organization_identifier", row) for row in record.get("organization_identifiers", []))
        yield from (("phone", row) for row in record.get("phones", []))
        for location in record.get("locations", []):
            yield "location", location
            yield from (("address", row) for row in location.get("addresses", []))
        for service in record["services"]:
            yield "service", {**service, "organization_id": record["id"]}
            for name, key in (
                ("service_area", "service_areas"),
                ("phone", "phones"),
                ("language", "languages"),
                ("attribute", "attributes"),
                ("service_at_location", "service_at_locations"),
            ):
                yield from ((name, row) for row in service.get(key, []))
    for taxonomy in hsds.TAXONOMIES:
        yield "taxonomy", hsds.taxonomy_record(taxonomy)
    yield from (("taxonomy_term", term) for term in hsds.terms())


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def package(tables: list[Table], created: datetime.datetime) -> dict:
    """The Frictionless data package describing the CSV files."""
    resources = []
    for each in tables:
        schema = {"fields": [column.field() for column in each.columns], "primaryKey": ["id"]}
        keys = [
            {"fields": column, "reference": {"resource": target, "fields": "id"}}
            for column, target in REFERENCES.get(each.name, {}).items()
        ]
        if keys:
            schema["foreignKeys"] = keys
        resources.append(
            {
                "name": each.name,
                "path": each.path,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "description": each.description,
                "schema": schema,
            }
        )
    described = {
        "profile": "tabular-data-package",
        "name": "sitar-hsds",
        "title": "Síťař: služby pro rodiny s dětmi (Open Referral HSDS 3.0)",
        "description": (
            "Veřejné služby pro ohrožené děti a jejich rodiny, zmapované a ověřené místními síťaři, ve struktuře "
            "Open Referral Human Services Data Specification 3.0."
        ),
        "version": hsds.VERSION,
        "created": created.isoformat(timespec="seconds"),
        "sources": [
            {"title": "Open Referral HSDS 3.0 (CC BY-SA 4.0)", "path": "https://docs.openreferral.org/en/v3.0/"}
        ],
        "resources": resources,
    }
    if settings.HSDS_EXPORT_LICENSE:
        described["licenses"] = [{"name": settings.HSDS_EXPORT_LICENSE}]
    return described


def export_hsds(target: Path) -> dict[str, int]:
    """Write the export into the folder ``target`` (replaced as a whole); the number of rows of each table."""
    tables = [table(name) for name in TABLES]
    counts = dict.fromkeys(TABLES, 0)
    seen: set[str] = set()
    with replaced_folder(target) as work:
        with translation.override(settings.LANGUAGE_CODE):
            files = {each.name: (work / each.path).open("w", encoding="utf-8", newline="") for each in tables}
            try:
                writers = {}
                for each in tables:
                    writers[each.name] = csv.writer(files[each.name])
                    writers[each.name].writerow([column.name for column in each.columns])
                columns = {each.name: [column.name for column in each.columns] for each in tables}
                for name, record in records():
                    if record["id"] in seen:  # a place of many services, a phone of an organisation, …
                        continue
                    seen.add(record["id"])
                    writers[name].writerow([cell(record.get(column)) for column in columns[name]])
                    counts[name] += 1
            finally:
                for handle in files.values():
                    handle.close()
        described = package(tables, timezone.now())
        (work / "datapackage.json").write_text(json.dumps(described, ensure_ascii=False, indent=2), encoding="utf-8")
    return counts
