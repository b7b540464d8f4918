"""Bulk import of organisations, services and contact persons from a CSV or XLSX file: a dry run that reports every
row (created, updated with the changed fields, unchanged, or bad with the reasons per column), and the real run, all
or nothing per file. Pure logic: the screens are in organizations.import_views, the kept uploads in
organizations.batches."""

from organizations.bulk.columns import COLUMNS, Column
from organizations.bulk.importer import BulkReport, RowResult, bulk_import
from organizations.bulk.reading import MAX_BYTES, MAX_ROWS, BulkFileError
from organizations.bulk.templates import template_bytes

__all__ = [
    "COLUMNS",
    "MAX_BYTES",
    "MAX_ROWS",
    "BulkFileError",
    "BulkReport",
    "Column",
    "RowResult",
    "bulk_import",
    "template_bytes",
]
