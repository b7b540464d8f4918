"""Item 13: a CSV export opens in Czech Excel (";" between fields) with every field one cell and no cell a formula,
also a name that carries its own separators; an XLSX export writes text as text, never as a formula; the bulk import
reads an exported CSV back unchanged."""

import csv
import io
import re
import zipfile

import pytest
from openpyxl import load_workbook

from core.exports import FORMULA_STARTS, csv_bytes, guard, unguard
from imports.bulk import bulk_import
from network.analysis.graph import network_graph
from network.analysis.graph_exports import graph_csv_zip

pytestmark = pytest.mark.django_db

EXPORT = "/organizations/export/"
DANGEROUS = "x;=cmd|' /C calc'!A0;y"
# A quoted field, then any number of ";"-separated quoted fields: every field of the file is in quotes.
QUOTED_LINE = re.compile(r'"(?:[^"]|"")*"(?:;"(?:[^"]|"")*")*')


def pieces(text: str) -> list[str]:
    """What a program that split the cell on any separator would make cells of."""
    return [piece.lstrip('"') for piece in re.split(r"[;,\t\r\n]", text)]


def test_a_name_with_semicolons_and_a_formula_is_one_guarded_cell_of_the_csv(as_user, sitar, make_organization):
    dangerous = make_organization(name=DANGEROUS, phone="+420 565 111 222")
    make_organization(name="Spirála,-10 % (Pelhřimov)")

    response = as_user(sitar).get(EXPORT, {"format": "csv"})

    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")  # Excel reads UTF-8 only with a byte-order mark
    lines = content.removeprefix("\ufeff").split("\r\n")
    assert lines[-1] == "" and all(QUOTED_LINE.fullmatch(line) for line in lines[:-1])
    rows = list(csv.reader(io.StringIO(content.removeprefix("\ufeff")), delimiter=";"))
    header = rows[0]
    by_name = {row[header.index("Název")]: dict(zip(header, row)) for row in rows[1:]}
    assert len(rows) == 3 and all(len(row) == len(header) for row in rows)
    guarded = "x;'=cmd|' /C calc'!A0;y"
    assert by_name[guarded]["Telefon"] == "'+420 565 111 222"
    assert "Spirála,'-10 % (Pelhřimov)" in by_name
    for row in rows:
        for value in row:
            assert not any(piece.startswith(FORMULA_STARTS) for piece in pieces(value)), value
    # The record is the one with the dangerous name (compared by id, not by its name).
    assert by_name[guarded]["ID v Síťaři"] == str(dangerous.pk)


def test_the_xlsx_export_writes_the_name_as_a_text_cell_not_a_formula(as_user, sitar, make_organization):
    make_organization(name="=1+2")
    make_organization(name=DANGEROUS)

    response = as_user(sitar).get(EXPORT, {"format": "xlsx"})

    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert sorted(cell.value for cell in cells) == ["=1+2", DANGEROUS]
    assert {cell.data_type for cell in cells} == {"s"}
    formula = next(cell for cell in cells if cell.value == "=1+2")
    assert formula.quotePrefix  # Excel shows it as text and keeps it text when the cell is edited
    raw = zipfile.ZipFile(io.BytesIO(response.content)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in raw


def test_an_exported_csv_with_guarded_cells_imports_back_unchanged(as_user, sitar, make_organization):
    make_organization(name=DANGEROUS, phone="+420 565 111 222", ico="00551023")
    make_organization(name="@Klub, -10 %", email="klub@example.cz")
    exported = as_user(sitar).get(EXPORT, {"format": "csv"}).content

    report = bulk_import(actor=sitar, entity="organization", file=exported, dry_run=False)

    assert report.ok, report.rows
    assert report.counts == {"created": 0, "updated": 0, "unchanged": 2, "invalid": 0}


def test_the_graph_csv_uses_the_same_writer(sitar, make_organization, make_link, pelhrimov):
    dangerous = make_organization(name=DANGEROUS)
    make_link(dangerous, make_organization(name="Spirála"))

    archive = zipfile.ZipFile(io.BytesIO(graph_csv_zip(network_graph(sitar, district=pelhrimov))))

    nodes = archive.read("nodes.csv").decode("utf-8")
    assert nodes.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(nodes.removeprefix("\ufeff")), delimiter=";"))
    assert {row["id"]: row["name"] for row in rows}[str(dangerous.pk)] == "x;'=cmd|' /C calc'!A0;y"


@pytest.mark.parametrize(
    "text", [DANGEROUS, "=1+2", "+420 777", "-5", "@SUM(A1)", "\tx", "\rx", 'a,"=b', "a\n=b", "plain; text, here", ""]
)
def test_the_guard_is_undone_by_the_import(text):
    assert unguard(guard(text)) == text
    assert not any(piece.startswith(FORMULA_STARTS) for piece in pieces(guard(text)))


def test_every_field_of_a_csv_is_quoted_numbers_too():
    content = csv_bytes([{"n": 12, "t": "a"}], [("N", lambda row: row["n"]), ("T", lambda row: row["t"])])
    assert content.decode("utf-8") == '\ufeff"N";"T"\r\n"12";"a"\r\n'
