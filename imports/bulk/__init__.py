"""Bulk import of organisations, services and contact persons from a CSV or XLSX file: a dry run that reports every
row (created, updated with the changed fields, unchanged, or bad with the reasons per column), and the real run, all
or nothing per file. Pure logic: the screens are in imports.views, the kept uploads in imports.batches."""

from imports.bulk.columns import COLUMNS, Column
from imports.bulk.importer import bulk_import
from imports.bulk.reading import MAX_BYTES, MAX_ROWS, BulkFileError
from imports.bulk.report import BulkReport, RowResult
from imports.bulk.templates import template_bytes

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
