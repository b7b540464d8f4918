"""Files for the bulk import tests: workbooks and CSV built from rows, valid IČO, and a file of fifty organisations
(used by the import's own tests, its screens and the browser and worker tests)."""

import csv
import io

from openpyxl import Workbook

from organizations.validators import ico_is_valid

ORG_HEADERS = ["Název", "Druh", "IČO", "Obec", "Správní obvod ORP", "E-mail"]


def make_ico(number: int) -> str:
    """A valid IČO built from a number (its check digit computed)."""
    base = f"{number:07d}"
    total = sum(int(digit) * weight for digit, weight in zip(base, range(8, 1, -1)))
    ico = base + str((11 - total % 11) % 10)
    assert ico_is_valid(ico)
    return ico


def bad_check_digit(ico: str) -> str:
    return ico[:7] + str((int(ico[7]) + 1) % 10)


def xlsx(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_file(rows: list[list], *, delimiter: str = ";", bom: bool = True) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


def fifty_organisations(*, broken: bool) -> list[list]:
    rows = [ORG_HEADERS]
    for number in range(1, 51):
        ico = make_ico(7100000 + number)
        row = [f"Organizace {number}", "ngo", ico, "547492", "", f"info{number}@example.cz"]
        if number % 2:
            row[3:5] = ["Kamenice nad Lipou", "Pelhřimov"]  # an obec by its name, with its ORP
        if broken and number == 10:
            row[2] = bad_check_digit(ico)
        if broken and number == 20:
            row[3:5] = ["Horní Dolní Nezmar", ""]
        if broken and number == 30:
            row[0] = ""
        rows.append(row)
    return rows
