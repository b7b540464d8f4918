"""The report's files: PDF tables whose headers keep their words whole, a picture of the network in the PDF, and a
workbook with one table per sheet, each with a frozen header and a filter (item 12 of issue 16)."""

import io

import pytest
from openpyxl import load_workbook
from reportlab.graphics.shapes import Circle, Drawing, Line, String
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics

from network.analysis.coverage import territory_for
from network.analysis.report import Table, Text, report_of
from network.analysis.report_files import (
    CELL_PADDING,
    HEAD_SIZE,
    column_widths,
    network_picture,
    pdf_fonts,
    report_pdf,
    report_xlsx,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(make_role_user, vysocina, pelhrimov, make_organization, make_link):
    ospod = make_organization(name="OSPOD Pelhřimov", kind="ospod")
    spirala = make_organization(name="Spirála Pelhřimov")
    school = make_organization(name="ZŠ Komenského Pelhřimov", kind="school")
    make_organization(name="Klub bez vazeb")
    make_link(ospod, spirala, kind="case_cooperation", strength=5)
    make_link(spirala, school, kind="referral", strength=2)
    lead = make_role_user("vedouci.vysocina", "vedouci", region=vysocina)
    return report_of(lead, territory_for(lead, district=pelhrimov.code), with_graph=True)


def test_every_word_of_a_header_fits_its_column_in_the_pdf():
    regular, bold = pdf_fonts()
    headers = ["Organizace", "Stupeň", "Mezilehlost", "Blízkost", "Zprostředkovatel"]
    rows = [["Velmi dlouhý název organizace, která poskytuje sociálně aktivizační služby", 4, "0,25", "0,5", "ano"]]
    widths = column_widths(headers, rows, 480, regular=regular, bold=bold)
    assert sum(widths) == pytest.approx(480)
    for header, width in zip(headers, widths, strict=True):
        assert pdfmetrics.stringWidth(header, bold, HEAD_SIZE) + CELL_PADDING <= width + 0.01, header


def test_every_table_of_the_report_keeps_its_header_words_whole(report):
    regular, bold = pdf_fonts()
    tables = [block for chapter in report.chapters for block in chapter.blocks if isinstance(block, Table)]
    for table in tables:
        widths = column_widths(table.headers, table.rows, 481, regular=regular, bold=bold)
        for header, width in zip(table.headers, widths, strict=True):
            longest = max(pdfmetrics.stringWidth(word, bold, HEAD_SIZE) for word in str(header).split())
            assert longest + CELL_PADDING <= width + 0.01, (table.caption, header)


def test_the_pdf_draws_the_network_with_a_dot_per_organisation_and_a_line_per_pair(report):
    regular, _bold = pdf_fonts()
    drawing = network_picture(report, 480, regular=regular, caption=_style())[0]
    assert isinstance(drawing, Drawing)
    shapes = drawing.contents
    assert sum(isinstance(shape, Circle) for shape in shapes) == 4
    assert sum(isinstance(shape, Line) for shape in shapes) == 2
    named = {shape.text for shape in shapes if isinstance(shape, String)}
    assert named == {"OSPOD Pelhřimov", "Spirála Pelhřimov", "ZŠ Komenského Pelhřimov"}
    assert report_pdf(report).startswith(b"%PDF")


def _style():
    return ParagraphStyle("caption", fontName=pdf_fonts()[0], fontSize=8)


def test_the_workbook_has_one_table_per_sheet_with_a_frozen_header_and_a_filter(report):
    workbook = load_workbook(io.BytesIO(report_xlsx(report)))
    tables = [
        (chapter.number, block) for chapter in report.chapters for block in chapter.blocks if isinstance(block, Table)
    ]
    sheets = workbook.worksheets[1:]
    table_sheets = [sheet for sheet in sheets if sheet.auto_filter.ref]
    assert len(table_sheets) == len(tables)
    for sheet, (number, table) in zip(table_sheets, tables, strict=True):
        assert sheet.title.startswith(f"{number}.")
        assert [cell.value for cell in sheet[1]] == [str(h) for h in table.headers]
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref.startswith("A1:")
        assert sheet.max_row == max(len(table.rows) + 1, 1)
    texts = [chapter for chapter in report.chapters if any(isinstance(b, Text) for b in chapter.blocks)]
    assert len(sheets) == len(tables) + len(texts)
    assert len({sheet.title.lower() for sheet in workbook.worksheets}) == len(workbook.worksheets)
