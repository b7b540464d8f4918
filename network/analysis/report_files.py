"""The ORP network analysis report as files: an A4 PDF (reportlab, DejaVu Sans for the Czech letters) and a workbook
(openpyxl, a sheet per chapter). Used by the report's download views and by the report task."""

import io
import math
import random
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

import networkx as nx
from django.utils import timezone
from django.utils.formats import localize
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from reportlab.graphics.shapes import Circle, Drawing, Line, String
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


# The picture of the network: how many organisations are named in it (the most connected), and its colours.
PICTURE_LABELS = 12
PICTURE_SEED = 16  # the same network is drawn the same way every time
OSPOD_COLOUR, OTHER_COLOUR = "#b3261e", "#1f5f8b"


def spring_layout(graph, iterations: int = 80) -> dict:
    """Fruchterman-Reingold positions in the unit square, in plain Python: networkx's own layouts need numpy, which
    the project does not install for one picture of at most a few hundred organisations. Starts from a circle and a
    fixed seed, so the same network is drawn the same way every time."""
    nodes = list(graph.nodes)
    count = len(nodes)
    if count == 1:
        return {nodes[0]: (0.5, 0.5)}
    jitter = random.Random(PICTURE_SEED)
    position = {
        node: [
            0.5 + 0.45 * math.cos(2 * math.pi * index / count) + jitter.uniform(-0.01, 0.01),
            0.5 + 0.45 * math.sin(2 * math.pi * index / count) + jitter.uniform(-0.01, 0.01),
        ]
        for index, node in enumerate(nodes)
    }
    ideal = math.sqrt(1.0 / count)
    temperature = 0.1
    for _round in range(iterations):
        shift = {node: [0.0, 0.0] for node in nodes}
        for i, a in enumerate(nodes):
            ax, ay = position[a]
            for b in nodes[i + 1 :]:
                dx, dy = ax - position[b][0], ay - position[b][1]
                distance = max(math.hypot(dx, dy), 0.01)
                push = ideal * ideal / distance
                shift[a][0] += dx / distance * push
                shift[a][1] += dy / distance * push
                shift[b][0] -= dx / distance * push
                shift[b][1] -= dy / distance * push
        for a, b in graph.edges:
            dx, dy = position[a][0] - position[b][0], position[a][1] - position[b][1]
            distance = max(math.hypot(dx, dy), 0.01)
            pull = distance * distance / ideal
            shift[a][0] -= dx / distance * pull
            shift[a][1] -= dy / distance * pull
            shift[b][0] += dx / distance * pull
            shift[b][1] += dy / distance * pull
        for node in nodes:
            dx, dy = shift[node]
            length = max(math.hypot(dx, dy), 1e-9)
            step = min(length, temperature)
            # Gravity towards the centre keeps unlinked organisations on the page.
            position[node][0] += dx / length * step + (0.5 - position[node][0]) * 0.02
            position[node][1] += dy / length * step + (0.5 - position[node][1]) * 0.02
        temperature *= 0.95
    return {node: (x, y) for node, (x, y) in position.items()}


def network_picture(report: Report, width: float, *, regular: str, caption) -> list:
    """The cooperation network of the ORP drawn server-side (networkx's spring layout, reportlab's shapes): a dot per
    organisation sized by its links (an OSPOD red), a line per pair with width by strength, the most
    connected organisations named; nothing when there is no organisation."""
    graph = report.findings.graph
    if graph is None or not graph.number_of_nodes():
        return []
    pairs: dict[tuple[int, int], int] = {}
    for source, target, data in graph.edges(data=True):
        if data.get("link") is None:  # joint cases are no cooperation link
            continue
        pair = (min(source, target), max(source, target))
        pairs[pair] = max(pairs.get(pair, 0), data.get("strength") or 1)
    simple = nx.Graph()
    simple.add_nodes_from(sorted(graph.nodes))
    simple.add_edges_from(sorted(pairs))
    # The linked organisations are laid out; the unlinked ones stand in a row at the bottom, so that they do not push
    # the network itself into a corner.
    linked = simple.subgraph([pk for pk in simple.nodes if simple.degree(pk)])
    unlinked = [pk for pk in simple.nodes if not simple.degree(pk)]
    positions = spring_layout(linked) if linked.number_of_nodes() else {}
    height = min(width * 0.75, 150 * mm)
    margin = 14 * mm
    strip = 10 * mm if unlinked else 0
    xs = [x for x, _y in positions.values()] or [0.5]
    ys = [y for _x, y in positions.values()] or [0.5]
    span_x, span_y = (max(xs) - min(xs)) or 1, (max(ys) - min(ys)) or 1

    def at(pk) -> tuple[float, float]:
        x, y = positions[pk]
        return (
            margin + (x - min(xs)) / span_x * (width - 2 * margin),
            margin + strip + (y - min(ys)) / span_y * (height - 2 * margin - strip),
        )

    row_step = (width - 2 * margin) / max(len(unlinked), 1)
    unlinked_at = {pk: (margin + row_step * (index + 0.5), margin / 2) for index, pk in enumerate(unlinked)}

    drawing = Drawing(width, height)
    for (a, b), strength in sorted(pairs.items()):
        (x1, y1), (x2, y2) = at(a), at(b)
        drawing.add(Line(x1, y1, x2, y2, strokeColor=colors.HexColor("#9aa4b1"), strokeWidth=0.4 + 0.4 * strength))
    degree = dict(simple.degree())
    named = sorted(simple.nodes, key=lambda pk: (-degree[pk], graph.nodes[pk].get("name", ""), pk))[:PICTURE_LABELS]
    for pk in sorted(simple.nodes):
        x, y = unlinked_at[pk] if pk in unlinked_at else at(pk)
        colour = colors.HexColor(OSPOD_COLOUR if graph.nodes[pk].get("kind") == "ospod" else OTHER_COLOUR)
        drawing.add(Circle(x, y, 2.5 + 1.2 * min(degree[pk], 8), fillColor=colour, strokeColor=colors.white))
    for pk in named:
        if not degree[pk]:
            continue
        x, y = at(pk)
        name = graph.nodes[pk].get("name", "")
        label = name if len(name) <= 32 else name[:31] + "…"
        drawing.add(
            String(
                x,
                y + 4 + 1.2 * min(degree[pk], 8),
                label,
                fontName=regular,
                fontSize=6.5,
                textAnchor="middle",
                fillColor=colors.HexColor("#1b1f24"),
            )
        )
    legend = _(
        "The cooperation network: a dot per organisation (red: OSPOD), larger with more links; a line per pair of "
        "cooperating organisations, thicker with stronger cooperation; the %(count)s most connected are named; organisations without a link in the "
        "row at the bottom."
    ) % {"count": PICTURE_LABELS}
    return [drawing, Paragraph(escape(legend), caption), Spacer(1, 4 * mm)]


# reportlab's cell padding, left and right, and the font sizes of the tables' headers and cells.
CELL_PADDING = 2 * 6
HEAD_SIZE = SMALL_SIZE = 8.5


def column_widths(headers, rows, width: float, *, regular: str, bold: str) -> list[float]:
    """Widths for a table's columns that keep every word of a header whole (a header wraps at its spaces, never inside
    a word such as "Zprostředkovatel"), and numbers unbroken; the room left goes to the columns with longer text."""

    def words_width(text, font) -> float:
        return max((pdfmetrics.stringWidth(word, font, HEAD_SIZE) for word in str(text).split()), default=0)

    least = [words_width(header, bold) + CELL_PADDING for header in headers]
    natural = list(least)
    for row in rows:
        for column, value in enumerate(row):
            text = str(localize(value))
            natural[column] = max(natural[column], pdfmetrics.stringWidth(text, regular, SMALL_SIZE) + CELL_PADDING)
            if not isinstance(value, str) or column:
                least[column] = max(least[column], min(words_width(text, regular) + CELL_PADDING, width / 3))
    natural = [max(n, low) for n, low in zip(natural, least, strict=True)]
    if sum(natural) <= width:
        # Everything fits on one line: the spare room goes to the first column (the names).
        return [natural[0] + width - sum(natural), *natural[1:]]
    if sum(least) >= width:
        return [width * low / sum(least) for low in least]
    spare = width - sum(least)
    wants = [n - low for n, low in zip(natural, least, strict=True)]
    return [low + spare * want / sum(wants) for low, want in zip(least, wants, strict=True)]


def report_pdf(report: Report) -> bytes:
    regular, bold = pdf_fonts()
    base = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=base["BodyText"], fontName=regular, fontSize=9.5, leading=12)
    small = ParagraphStyle("small", parent=body, fontSize=SMALL_SIZE, leading=10.5)
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
        if chapter.picture:
            story.extend(network_picture(report, width, regular=regular, caption=small))
        for block in chapter.blocks:
            if isinstance(block, Text):
                story.extend(Paragraph(escape(line) or "&nbsp;", body) for line in block.text.splitlines() or [""])
                continue
            story.append(Paragraph(escape(block.caption), h2))
            if not block.rows:
                story.append(Paragraph(escape(block.empty or "—"), body))
                continue
            widths = column_widths(block.headers, block.rows, width, regular=regular, bold=bold)
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
                        shade = {True: "#e3f4e7", False: "#fdecee", None: "#eef0f3"}[value.ok]
                        style.append(("BACKGROUND", (c, r), (c, r), colors.HexColor(shade)))
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
    """A workbook to work with: an overview sheet (the report, the ORP, and what each sheet holds), then one sheet per
    table, its header in row 1, frozen, with a filter; the texts of a chapter (the recommendations) on a sheet of
    their own."""
    workbook = Workbook()
    overview = workbook.active
    overview.title = sheet_title(_("Overview"))
    bold = Font(bold=True)
    district = report.district
    overview.append([_cell(overview, str(REPORT_TITLE))])
    overview.cell(row=1, column=1).font = Font(bold=True, size=14)
    overview.append(
        [_cell(overview, _("ORP %(name)s, %(region)s") % {"name": district.name, "region": district.region.name})]
    )
    overview.append(
        [
            _cell(
                overview,
                _("Generated %(when)s")
                % {"when": timezone.localtime(report.generated_at).strftime("%d. %m. %Y %H:%M")},
            )
        ]
    )
    overview.append([])
    overview.append([_cell(overview, _("Sheet")), _cell(overview, _("Content"))])
    for column in (1, 2):
        overview.cell(row=overview.max_row, column=column).font = bold
    taken = {overview.title}
    for chapter in report.chapters:
        texts = [block for block in chapter.blocks if isinstance(block, Text)]
        tables = [block for block in chapter.blocks if not isinstance(block, Text)]
        for index, table in enumerate(tables, start=1):
            name = unique_title(f"{chapter.number}.{index} {table.caption}", taken)
            sheet = workbook.create_sheet(name)
            headers = [str(h) for h in table.headers]
            sheet.append([_cell(sheet, h) for h in headers])
            for row in table.rows:
                sheet.append([_cell(sheet, str(v) if isinstance(v, Mark) else v) for v in row])
            for column in range(1, len(headers) + 1):
                sheet.cell(row=1, column=column).font = bold
            sheet.freeze_panes = "A2"
            sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(sheet.max_row, 2)}"
            fit_columns(sheet, [headers, *table.rows])
            overview.append(
                [_cell(overview, name), _cell(overview, f"{chapter.number}. {chapter.title}: {table.caption}")]
            )
        if texts:
            name = unique_title(f"{chapter.number} {chapter.title}", taken)
            sheet = workbook.create_sheet(name)
            sheet.append([_cell(sheet, f"{chapter.number}. {chapter.title}")])
            sheet.cell(row=1, column=1).font = bold
            sheet.freeze_panes = "A2"
            for block in texts:
                for line in block.text.splitlines() or [""]:
                    sheet.append([_cell(sheet, line)])
            sheet.column_dimensions["A"].width = 100
            overview.append([_cell(overview, name), _cell(overview, f"{chapter.number}. {chapter.title}")])
    overview.column_dimensions["A"].width = 34
    overview.column_dimensions["B"].width = 80
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def fit_columns(sheet, rows) -> None:
    """Columns as wide as their longest value (within reason), so that headers read whole."""
    widths: dict[int, int] = {}
    for row in rows:
        for column, value in enumerate(row, start=1):
            widths[column] = max(widths.get(column, 0), len(str(plain(value))))
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = min(max(width + 3, 10), 60)


def unique_title(text: str, taken: set[str]) -> str:
    """A worksheet name not used yet in the workbook (Excel compares them without case)."""
    base = sheet_title(text)
    name, number = base, 2
    while name.lower() in {t.lower() for t in taken}:
        suffix = f" ({number})"
        name, number = base[: 31 - len(suffix)] + suffix, number + 1
    taken.add(name)
    return name


def sheet_title(text: str) -> str:
    """A worksheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    return "".join(ch for ch in text if ch not in "[]:*?/\\")[:31]
