"""Empty import files: the header row of an entity's columns in the active language, as CSV or XLSX."""

from core.exports import csv_bytes, xlsx_bytes
from imports.bulk.columns import COLUMNS


def template_bytes(entity: str, fmt: str, *, title: str) -> bytes:
    """A file with only the header row of the columns the import reads (the export's read-only ones left out)."""
    columns = [(column.label, None) for column in COLUMNS[entity] if not column.ignored]
    if fmt == "csv":
        return csv_bytes([], columns)
    if fmt == "xlsx":
        return xlsx_bytes([], columns, title=title)
    raise ValueError(f"unknown template format {fmt!r}")
