"""Reading an uploaded import file into rows of cells: XLSX (openpyxl, read-only) or CSV (UTF-8 with or without a
byte-order mark, the delimiter taken from the header line). The kind of file is told by its content, not its name.

The work is bounded by what the file holds, not by what it claims: an XLSX whose parts unpack to more than
MAX_UNPACKED_BYTES is refused before it is read (a zip bomb, a huge table of shared strings), and every row read
counts towards MAX_ROWS, empty or not. openpyxl fills the gaps between the rows a sheet holds with empty ones, so a
4.8 KB file with one row numbered 10 000 000 would otherwise be walked row by row; such a file is refused once its
rows pass the limit. Rows wider than MAX_COLUMNS cells are refused too (empty cells past it are dropped).
"""

import csv
import io
import zipfile
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _
from openpyxl import load_workbook

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
MAX_COLUMNS = 200  # the widest template has about 30
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary Excel format (.xls)
DELIMITERS = (";", ",", "\t")


class BulkFileError(Exception):
    """The file as a whole cannot be imported; the message is for the user."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    """The header row and the non-empty data rows, each with its row number as a spreadsheet shows it."""

    header_row: int
    headers: list[Any]
    rows: list[tuple[int, list[Any]]]


def read_table(data: bytes) -> Table:
    """The file's first sheet as a table; a BulkFileError for anything that is not a readable CSV or XLSX."""
    if not data:
        raise BulkFileError(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise BulkFileError(
            _("The file is larger than %(size)s MB; split it into smaller files.")
            % {"size": MAX_BYTES // (1024 * 1024)}
        )
    if data.startswith(OLE_MAGIC):
        raise BulkFileError(
            _("This is the old Excel format (.xls): save the file as .xlsx or CSV and upload it again.")
        )
    rows = _xlsx_rows(data) if data.startswith(XLSX_MAGIC) else _csv_rows(data)
    return _table(rows)


def _xlsx_rows(data: bytes):
    _check_unpacked_size(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - a damaged or foreign zip fails in many ways inside openpyxl; all mean the same
        raise BulkFileError(
            _(
                "The file cannot be read as an XLSX workbook. Save it from your spreadsheet as .xlsx "
                "or CSV and upload it again."
            )
        ) from None
    try:
        sheet = workbook.worksheets[0]
        # The dimension the file declares may be far larger than its data (a formatted column); read what is there.
        sheet.reset_dimensions()
        yield from enumerate(sheet.iter_rows(values_only=True), start=1)
    except BulkFileError:
        raise
    except Exception:  # noqa: BLE001 - as above: a broken sheet inside a valid zip
        raise BulkFileError(
            _(
                "The file cannot be read as an XLSX workbook. Save it from your spreadsheet as .xlsx "
                "or CSV and upload it again."
            )
        ) from None
    finally:
        workbook.close()


def _check_unpacked_size(data: bytes) -> None:
    """Refuse an XLSX whose parts unpack to more than MAX_UNPACKED_BYTES. The sizes are the ones the zip declares;
    Python's zipfile never unpacks more than the declared size of a part (a part that lies fails its checksum)."""
    try:
        unpacked = sum(member.file_size for member in zipfile.ZipFile(io.BytesIO(data)).infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # openpyxl says it cannot read it, in the words the user gets for every broken file
    if unpacked > MAX_UNPACKED_BYTES:
        raise BulkFileError(
            _("The workbook unpacks to more than %(size)s MB; split it into smaller files.")
            % {"size": MAX_UNPACKED_BYTES // (1024 * 1024)}
        )


def _csv_rows(data: bytes):
    if b"\x00" in data[:4096]:
        raise BulkFileError(_("The file is neither a CSV nor an XLSX table."))
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BulkFileError(_("The CSV file is not in UTF-8: save it as “CSV UTF-8” and upload it again.")) from None
    first_line = content.split("\n", 1)[0]
    delimiter = max(DELIMITERS, key=first_line.count)
    try:
        yield from enumerate(csv.reader(io.StringIO(content, newline=""), delimiter=delimiter), start=1)
    except csv.Error:
        raise BulkFileError(_("The file is neither a CSV nor an XLSX table.")) from None


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _table(numbered_rows) -> Table:
    header_row, headers, rows = 0, [], []
    for number, row in numbered_rows:
        # Every row read counts, empty or not: the header and MAX_ROWS rows below it, wherever the data starts.
        if number > MAX_ROWS + 1:
            raise BulkFileError(
                _("The file has more than %(limit)s rows (empty rows count too); split it into smaller files.")
                % {"limit": MAX_ROWS}
            )
        cells = _within_columns(row)
        if all(_blank(value) for value in cells):
            continue
        if not header_row:
            header_row, headers = number, cells
            continue
        rows.append((number, cells))
    if not header_row:
        raise BulkFileError(_("The file is empty."))
    return Table(header_row=header_row, headers=headers, rows=rows)


def _within_columns(row) -> list[Any]:
    """The row's cells up to MAX_COLUMNS; a value further right is a BulkFileError (empty cells there are dropped:
    a spreadsheet may keep formatted empty cells far to the right)."""
    if len(row) > MAX_COLUMNS:
        extra = row[MAX_COLUMNS:]
        # count() runs in C: a row 16 384 cells wide costs microseconds, not a loop in Python.
        if extra.count(None) + extra.count("") != len(extra) and any(not _blank(value) for value in extra):
            raise BulkFileError(
                _("The file has more than %(limit)s columns; use the columns of the template.") % {"limit": MAX_COLUMNS}
            )
        row = row[:MAX_COLUMNS]
    return list(row)
