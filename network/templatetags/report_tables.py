"""The rows of a report table (network.analysis.report.Table) as HTML, built in Python: a report of an ORP has
thousands of cells, and a template's tags evaluated per cell cost more than the rest of the page."""

from django import template
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from network.analysis.report import Mark

register = template.Library()

BADGES = {True: "ok", False: "error", None: "unmapped"}


def _cell(value):
    """A Mark as its badge (present, missing, not mapped yet), any other value as the template would print it."""
    if isinstance(value, Mark) and (value.ok is not None or value.text):
        return format_html('<span class="badge {}">{}</span>', BADGES[value.ok], value)
    return conditional_escape(value if isinstance(value, str) else localize(value))


@register.simple_tag
def report_rows(rows):
    # Joined as plain strings of escaped cells: format_html_join's formatting per cell was most of the page's rendering.
    return mark_safe("\n".join("<tr>" + "".join([f"<td>{_cell(v)}</td>" for v in row]) + "</tr>" for row in rows))


# The coverage page's matrix, built the same way: a kraj's is hundreds of cells, each with its badges, and its choice of
# a district lists every district the user may see.
BADGE = '<span class="badge {}">{}</span>'


def _coverage_cell(cell, kind_code: str) -> str:
    if cell.present:
        parts = [format_html(BADGE, "ok", gettext("present (%(n)s)") % {"n": cell.services})]
    elif cell.state == "missing":
        parts = [format_html(BADGE, "error", gettext("missing"))]
    else:
        parts = [format_html(BADGE, "unmapped", gettext("not mapped yet"))]
    if cell.capacity is not None:
        parts.append(
            format_html(
                '<span class="cell-note">{}</span>', gettext("capacity %(capacity)s") % {"capacity": cell.capacity}
            )
        )
    if cell.needs:
        label = ngettext("%(n)s open need", "%(n)s open needs", cell.needs) % {"n": cell.needs}
        parts.append(format_html(BADGE, "warn", label))
    return format_html(
        '<td data-district="{}" data-kind="{}">{}</td>', cell.district.code, kind_code, mark_safe(" ".join(parts))
    )


@register.simple_tag
def coverage_cells(row):
    """The cells of a key kind's row of the coverage matrix (present with its count, missing or not mapped yet; the
    capacity; the open needs)."""
    return mark_safe("\n".join(_coverage_cell(cell, row.kind.code) for cell in row.cells))


@register.simple_tag
def count_cells(counts):
    """A row of counts, a zero left blank."""
    return mark_safe("".join(f"<td>{localize(n) if n else ''}</td>" for n in counts))


@register.simple_tag
def district_options(districts, selected=None):
    """The <option>s of a choice of district: "name (kraj)", the one given selected."""
    return mark_safe(
        "".join(
            format_html(
                '<option value="{}"{}>{} ({})</option>',
                district.code,
                mark_safe(" selected") if selected is not None and district.pk == selected.pk else "",
                district.name,
                district.region.abbreviation,
            )
            for district in districts
        )
    )
