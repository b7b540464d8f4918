"""Screens of coverage and gaps and of the ORP network analysis report (page, PDF, XLSX), and the two renderers that
turn the report's chapters into a PDF (reportlab) and a workbook (openpyxl)."""
import io
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import localize
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from openpyxl import Workbook
from openpyxl.styles import Font
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer
from reportlab.platypus import Table as PdfTable
from reportlab.platypus import TableStyle

from network.common import OutOfScope
from network.coverage import coverage_of, territory_for, visible_districts
from network.exports import FORMATS, cell
from network.report import (
    REPORT_TITLE, Mark, RecommendationForm, Report, Text, may_edit_recommendation, recommendation_update,
    recommendation_version, report_of,
)
from network.ui import add_service_errors, history_of
from organizations.models import Organization
from permissions.views import ScopedViewMixin

HISTORY_ROWS = 10


class TerritoryViewMixin(ScopedViewMixin):
    """A page about a territory: every row it shows comes from restrict(user, "view") (network.coverage and
    network.graph), and a territory the user may not see is 404."""

    model = Organization


# ---------------------------------------------------------------------------------------------- coverage --

class CoverageView(TerritoryViewMixin, TemplateView):
    """Key services × districts of an ORP or a kraj against the open needs, and the organisations that stand apart."""

    template_name = "network/coverage.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        territory = territory_for(user, district=self.request.GET.get("district") or None,
                                  region=self.request.GET.get("region") or None)
        districts = list(visible_districts(user).order_by("region__name", "name"))
        regions = {d.region.code: d.region for d in districts}
        return {
            **super().get_context_data(**kwargs),
            "coverage": coverage_of(user, territory),
            "territory": territory,
            "districts": districts,
            "regions": sorted(regions.values(), key=lambda r: r.name),
        }


# ------------------------------------------------------------------------------------------------ report --

class ReportMixin(TerritoryViewMixin):
    def get_report(self) -> Report:
        territory = territory_for(self.request.user, district=self.kwargs["code"])
        return report_of(self.request.user, territory)

    def filename(self, report: Report, extension: str) -> str:
        stamp = timezone.localdate().isoformat()
        return f"analyza-site-{report.district.code}-{slugify(report.district.name)}-{stamp}.{extension}"


class ReportView(ReportMixin, TemplateView):
    """The printable report of an ORP; a networker of the ORP writes its recommendations here."""

    template_name = "network/report.html"

    def get(self, request, *args, **kwargs):
        report = self.get_report()
        form = None
        if may_edit_recommendation(request.user, report.district):
            form = RecommendationForm(initial={
                "text": report.recommendation.text if report.recommendation else "",
                "based_on": recommendation_version(report.recommendation)})
        return self.render_to_response(self.get_context_data(report=report, form=form))

    def post(self, request, *args, **kwargs):
        territory = territory_for(request.user, district=self.kwargs["code"])
        if not may_edit_recommendation(request.user, territory.district):
            raise Http404
        form = RecommendationForm(request.POST)
        if form.is_valid():
            try:
                recommendation_update(actor=request.user, district=territory.district, text=form.cleaned_data["text"],
                                      based_on=form.cleaned_data["based_on"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            except OutOfScope as exc:
                raise Http404 from exc
            else:
                messages.success(request, _("The recommendations have been saved."))
                return HttpResponseRedirect(reverse("network-report", args=[territory.district.code]) + "#chapter-5")
        report = report_of(request.user, territory)
        return self.render_to_response(self.get_context_data(report=report, form=form), status=400)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = context["report"]
        context["title"] = REPORT_TITLE
        if report.recommendation is not None:
            context["history"] = history_of(report.recommendation, size=HISTORY_ROWS)
        return context


class ReportPdfView(ReportMixin, View):
    """The report as an A4 PDF, a chapter per page or more."""

    def get(self, request, *args, **kwargs):
        report = self.get_report()
        response = HttpResponse(report_pdf(report), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{self.filename(report, "pdf")}"'
        return response


class ReportXlsxView(ReportMixin, View):
    """The report as a workbook, a sheet per chapter."""

    def get(self, request, *args, **kwargs):
        report = self.get_report()
        response = HttpResponse(report_xlsx(report), content_type=FORMATS["xlsx"])
        response["Content-Disposition"] = f'attachment; filename="{self.filename(report, "xlsx")}"'
        return response


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
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=18 * mm,
                                 bottomMargin=18 * mm, title=str(REPORT_TITLE), author="Síťař")
    width = document.width
    district = report.district
    story = [
        Paragraph(escape(str(REPORT_TITLE)), title),
        Paragraph(escape(_("ORP %(name)s, %(region)s") % {"name": district.name, "region": district.region.name}), h2),
        Paragraph(escape(_("Generated %(when)s") % {
            "when": timezone.localtime(report.generated_at).strftime("%d. %m. %Y %H:%M")}), small),
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
            data = [[pdf_cell(h, head) for h in block.headers]] + [[pdf_cell(v, small) for v in row]
                                                                   for row in block.rows]
            table = PdfTable(data, colWidths=widths, repeatRows=1)
            style = [
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e7f1f8")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
            for r, row in enumerate(block.rows, start=1):
                for c, value in enumerate(row):
                    if isinstance(value, Mark):
                        style.append(("BACKGROUND", (c, r), (c, r),
                                      colors.HexColor("#e3f4e7" if value.ok else "#fdecee")))
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

def report_xlsx(report: Report) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for chapter in report.chapters:
        sheet = workbook.create_sheet(sheet_title(chapter.short))
        sheet.append([cell(f"{chapter.number}. {chapter.title}")])
        sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
        sheet.append([cell(_("ORP %(name)s, %(region)s") % {"name": report.district.name,
                                                           "region": report.district.region.name})])
        for block in chapter.blocks:
            sheet.append([])
            if isinstance(block, Text):
                for line in block.text.splitlines() or [""]:
                    sheet.append([cell(line)])
                continue
            sheet.append([cell(block.caption)])
            sheet.cell(row=sheet.max_row, column=1).font = bold
            sheet.append([cell(h) for h in block.headers])
            for column in range(1, len(block.headers) + 1):
                sheet.cell(row=sheet.max_row, column=column).font = bold
            if not block.rows:
                sheet.append([cell(block.empty or "—")])
            for row in block.rows:
                sheet.append([cell(str(v) if isinstance(v, Mark) else v) for v in row])
        sheet.column_dimensions["A"].width = 50
        for letter in "BCDE":
            sheet.column_dimensions[letter].width = 20
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def sheet_title(text: str) -> str:
    """A worksheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    return "".join(ch for ch in text if ch not in "[]:*?/\\")[:31]

