"""The ORP network analysis report as files: an A4 PDF (reportlab, DejaVu Sans for the Czech letters) and a workbook
(openpyxl, a sheet per chapter). Used by the report's download views and by the report task."""

import io
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.formats import localize
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus import Table as PdfTable

from core.exports import FORMATS, xlsx_cell
from core.exports import cell as plain
from network.analysis.report import REPORT_TITLE, Mark, Report, Text

CONTENT_TYPES = {"pdf": "application/pdf", "xlsx": FORMATS["xlsx"]}


def report_filename(report: Report, extension: str) -> str:
    stamp = timezone.localdate().isoformat()
    return f"analyza-site-{report.district.code}-{slugify(report.district.name)}-{stamp}.{extension}"


def report_file(report: Report, fmt: str) -> bytes:
    """The report in the format asked for ("pdf" or "xlsx")."""
    return {"pdf": report_pdf, "xlsx": report_xlsx}[fmt](report)


# ----------------------------------------------------------------------------------------------- the PDF --

# A font with the whole Czech alphabet (reportlab's own Helvetica has no ř, ě, ů…): DejaVu from the Debian package
# fonts-dejavu-core, which the set-up installs.
FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))


@cache
def pdf_fonts() -> tuple[str, str]:
    """(regular, bold) font names, registered with reportlab once per process."""
    for directory in FONT_DIRS:
        regular, bold = directory / "DejaVuSans.ttf", directory / "DejaVuSans-Bold.ttf"
        if regular.exists() and bold.exists():
            pdfmetrics.registerFont(TTFont("DejaVuSans", str(regular)))
            pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(bold)))
            return "DejaVuSans", "DejaVuSans-Bold"
    return "Helvetica", "Helvetica-Bold"


def pdf_cell(value, style) -> Paragraph:
    return Paragraph(escape(str(localize(value))), style)


def report_pdf(report: Report) -> bytes:
    regular, bold = pdf_fonts()
    base = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=base["BodyText"], fontName=regular, fontSize=9.5, leading=12)
    small = ParagraphStyle("small", parent=body, fontSize=8.5, leading=10.5)
    head = ParagraphStyle("head", parent=small, fontName=bold)
    title = ParagraphStyle("title", parent=base["Title"], fontName=bold, fontSize=17, leading=21)
    h1 = ParagraphStyle("h1", parent=base["Heading1"], fontName=bold, fontSize=14, leading=18)
    h2 = ParagraphStyle("h2", parent=base["Heading2"], fontName=bold, fontSize=11, leading=14)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=str(REPORT_TITLE),
        author="Síťař",
    )
    width = document.width
    district = report.district
    story = [
        Paragraph(escape(str(REPORT_TITLE)), title),
        Paragraph(escape(_("ORP %(name)s, %(region)s") % {"name": district.name, "region": district.region.name}), h2),
        Paragraph(
            escape(
                _("Generated %(when)s") % {"when": timezone.localtime(report.generated_at).strftime("%d. %m. %Y %H:%M")}
            ),
            small,
        ),
        Spacer(1, 6 * mm),
    ]
    for index, chapter in enumerate(report.chapters):
        if index:
            story.append(PageBreak())
        story.append(Paragraph(escape(f"{chapter.number}. {chapter.title}"), h1))
        for block in chapter.blocks:
            if isinstance(block, Text):
                story.extend(Paragraph(escape(line) or "&nbsp;", body) for line in block.text.splitlines() or [""])
                continue
            story.append(Paragraph(escape(block.caption), h2))
            if not block.rows:
                story.append(Paragraph(escape(block.empty or "—"), body))
                continue
            count = len(block.headers)
            first = width * (0.4 if count > 2 else 0.6)
            widths = [first] + [(width - first) / (count - 1)] * (count - 1)
            data = [[pdf_cell(h, head) for h in block.headers]] + [
                [pdf_cell(v, small) for v in row] for row in block.rows
            ]
            table = PdfTable(data, colWidths=widths, repeatRows=1)
            style = [
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e7f1f8")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
            for r, row in enumerate(block.rows, start=1):
                for c, value in enumerate(row):
                    if isinstance(value, Mark):
                        style.append(
                            ("BACKGROUND", (c, r), (c, r), colors.HexColor("#e3f4e7" if value.ok else "#fdecee"))
                        )
            table.setStyle(TableStyle(style))
            story.extend([table, Spacer(1, 4 * mm)])

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont(regular, 8)
        canvas.drawString(18 * mm, 10 * mm, f"{REPORT_TITLE} – {district.name}")
        canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, str(doc.page))
        canvas.restoreState()

    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------- the XLSX --


def _cell(sheet, value):
    """A value of the report's workbook: text as text, never a formula (a recommendation may start with "=")."""
    return xlsx_cell(sheet, plain(value))


def report_xlsx(report: Report) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for chapter in report.chapters:
        sheet = workbook.create_sheet(sheet_title(chapter.short))
        sheet.append([_cell(sheet, f"{chapter.number}. {chapter.title}")])
        sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
        sheet.append(
            [
                _cell(
                    sheet,
                    _("ORP %(name)s, %(region)s")
                    % {"name": report.district.name, "region": report.district.region.name},
                )
            ]
        )
        for block in chapter.blocks:
            sheet.append([])
            if isinstance(block, Text):
                for line in block.text.splitlines() or [""]:
                    sheet.append([_cell(sheet, line)])
                continue
            sheet.append([_cell(sheet, block.caption)])
            sheet.cell(row=sheet.max_row, column=1).font = bold
            sheet.append([_cell(sheet, h) for h in block.headers])
            for column in range(1, len(block.headers) + 1):
                sheet.cell(row=sheet.max_row, column=column).font = bold
            if not block.rows:
                sheet.append([_cell(sheet, block.empty or "—")])
            for row in block.rows:
                sheet.append([_cell(sheet, str(v) if isinstance(v, Mark) else v) for v in row])
        sheet.column_dimensions["A"].width = 50
        for letter in "BCDE":
            sheet.column_dimensions[letter].width = 20
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def sheet_title(text: str) -> str:
    """A worksheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    return "".join(ch for ch in text if ch not in "[]:*?/\\")[:31]
