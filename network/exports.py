"""Exports of UI lists: the rows of a (scoped, filtered) queryset as CSV or XLSX, columns given as (header, getter).

A list view says which columns it exports; this module turns them into a download, so every list exports the same
way. CSV is written with a byte-order mark: Excel, which most users open it in, reads it as UTF-8 only with one.
"""
import csv
import datetime
import io
from collections.abc import Callable, Iterable
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

# A text starting with one of these is a formula to Excel and LibreOffice, in an XLSX cell and in a CSV alike.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# A column of an export: its header and how to get the cell value from a row.
Column = tuple[str, Callable[[Any], Any]]

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def cell(value: Any) -> Any:
    """A value a spreadsheet understands: text, number or naive local date/time; an empty cell for None.

    Text is data, never a formula (a name "=HYPERLINK(…)" is shown, not run: an apostrophe goes before it), and
    control characters a worksheet cannot hold are dropped.
    """
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        # openpyxl refuses aware datetimes; the user reads local (Prague) time, to the second.
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return local.replace(tzinfo=None, microsecond=0)
    if isinstance(value, (int, float, datetime.date)) and not isinstance(value, bool):
        return value
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def table(rows: Iterable, columns: list[Column]) -> Iterable[list]:
    """The header row, then one row of cells per record."""
    yield [str(header) for header, _getter in columns]
    for row in rows:
        yield [cell(getter(row)) for _header, getter in columns]


def csv_bytes(rows: Iterable, columns: list[Column]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows(table(rows, columns))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(rows: Iterable, columns: list[Column], *, title: str) -> bytes:
    # write_only streams rows to the file instead of keeping every cell object in memory.
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])  # Excel's limit on a sheet name
    for values in table(rows, columns):
        sheet.append(values)
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
