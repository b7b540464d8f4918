"""The rows of a report table (network.analysis.report.Table) as HTML, built in Python: a report of an ORP has
thousands of cells, and a template's tags evaluated per cell cost more than the rest of the page."""

from django import template
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join

from network.analysis.report import Mark

register = template.Library()

BADGES = {True: "ok", False: "error", None: "unmapped"}


def _cell(value):
    """A Mark as its badge (present, missing, not mapped yet), any other value as the template would print it."""
    if isinstance(value, Mark) and (value.ok is not None or value.text):
        return format_html('<span class="badge {}">{}</span>', BADGES[value.ok], value)
    return localize(value)


@register.simple_tag
def report_rows(rows):
    return format_html_join(
        "\n", "<tr>{}</tr>", ((format_html_join("", "<td>{}</td>", ((_cell(v),) for v in row)),) for row in rows)
    )
