"""The rows of a report table (network.analysis.report.Table) as HTML, built in Python: a report of an ORP has
thousands of cells, and a template's tags evaluated per cell cost more than the rest of the page."""

from django import template
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

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
