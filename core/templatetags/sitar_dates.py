"""Dates as people write them: "11. 5." for this year, "11. 5. 2025" for another (a bare day and month from last
year reads as a date to come)."""

import datetime

from django import template
from django.template.defaultfilters import date as format_date
from django.utils import timezone

register = template.Library()


@register.filter
def day_month(value):
    """``{{ followup.due_on|day_month }}``: the year only when it is not the current one."""
    if not isinstance(value, datetime.date):
        return value
    day = value.date() if isinstance(value, datetime.datetime) else value
    return format_date(value, "j. n." if day.year == timezone.localdate().year else "j. n. Y")
