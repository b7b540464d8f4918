"""Exports of UI lists: the rows of a (scoped, filtered) queryset as CSV or XLSX, columns given as (header, getter).

A list view says which columns it exports; this module turns them into a download, so every list exports the same
way, and every CSV of the project (the graph's too) is written by ``csv_bytes``.

CSV is written as Czech Excel reads it when the file is opened with a double tap: UTF-8 with a byte-order mark (without
one Excel reads it as cp1250), ``;`` between fields (the list separator of the Czech locale) and every field in
quotes. Text is never a formula: a field that starts with a formula character gets an apostrophe before it, and so
does every piece of a field that would start a cell if a program split the field on a separator anyway (a name
"x;=cmd|' /C calc'!A0;y" is exported as "x;'=cmd|' /C calc'!A0;y"). In an XLSX file text is written as a text cell
(never a formula) with Excel's own "quote prefix" where it starts with a formula character, so the value is exact.
The bulk import drops the apostrophes again (``unguard``).
"""

import csv
import datetime
import io
import re
from collections.abc import Callable, Iterable
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

# A text starting with one of these is a formula to Excel and LibreOffice, in an XLSX cell and in a CSV alike.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_DELIMITER = ";"
# A piece of a field that a program splitting on ";", "," (English Excel), a tab or a line break would make a cell of
# its own, starting (after any quotes) with a formula character: it gets the apostrophe as a whole field would.
_SPLIT_FORMULA = re.compile(r"""([;,\t\r\n]"*)(?=[=+\-@\t\r])""")
_SPLIT_GUARD = re.compile(r"""([;,\t\r\n]"*)'(?=[=+\-@\t\r])""")

# A column of an export: its header and how to get the cell value from a row.
Column = tuple[str, Callable[[Any], Any]]

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def cell(value: Any) -> Any:
    """A value a spreadsheet understands: text, number or naive local date/time; an empty cell for None.

    Control characters a worksheet cannot hold are dropped from text; keeping text from being read as a formula is
    the writer's part (``guard`` for CSV, ``xlsx_cell`` for XLSX).
    """
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        # openpyxl refuses aware datetimes; the user reads local (Prague) time, to the second.
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return local.replace(tzinfo=None, microsecond=0)
    if isinstance(value, (int, float, datetime.date)) and not isinstance(value, bool):
        return value
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def guard(text: str) -> str:
    """A CSV field that no spreadsheet runs: an apostrophe before a formula character that starts the field or a
    piece of it after a separator."""
    text = _SPLIT_FORMULA.sub(r"\1'", text)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def unguard(text: str) -> str:
    """The text ``guard`` was given (what the bulk import reads back from an exported file)."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        text = text[1:]
    return _SPLIT_GUARD.sub(r"\1", text)


def xlsx_cell(sheet, value: Any) -> Any:
    """A value for ``sheet.append``: text as a text cell, never a formula (openpyxl writes a formula for any string
    starting with "="), with Excel's quote prefix where it starts with a formula character; other values as they are."""
    if not isinstance(value, str):
        return value
    text = WriteOnlyCell(sheet, value=value)
    text.data_type = "s"
    if value.startswith(FORMULA_STARTS):
        text.quotePrefix = True
    return text


def table(rows: Iterable, columns: list[Column]) -> Iterable[list]:
    """The header row, then one row of cells per record."""
    yield [str(header) for header, _getter in columns]
    for row in rows:
        yield [cell(getter(row)) for _header, getter in columns]


def csv_bytes(rows: Iterable, columns: list[Column]) -> bytes:
    """The rows as a CSV file Czech Excel opens in columns: BOM, ";", every field quoted, no formulas."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    for values in table(rows, columns):
        writer.writerow([guard(value) if isinstance(value, str) else value for value in values])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(rows: Iterable, columns: list[Column], *, title: str) -> bytes:
    """The rows as an XLSX workbook of one sheet; text is never a formula."""
    # write_only streams rows to the file instead of keeping every cell object in memory.
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])  # Excel's limit on a sheet name
    for values in table(rows, columns):
        sheet.append([xlsx_cell(sheet, value) for value in values])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_response(rows: Iterable, columns: list[Column], *, fmt: str, filename: str, title: str) -> HttpResponse:
    """A download of the rows in the format asked for ("csv" or "xlsx"); ``filename`` is without the extension."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    content = csv_bytes(rows, columns) if fmt == "csv" else xlsx_bytes(rows, columns, title=title)
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
