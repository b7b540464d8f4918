"""{% offline_strings "bar" %} / {% offline_strings "page" %}: the offline app's strings in the page's language, as a
JSON script element that offline/src/dom.js reads (not executed, so the CSP allows it)."""

from django import template
from django.utils.html import json_script

from offline.strings import BAR, PAGE

register = template.Library()

PARTS = {"bar": (BAR, "offline-strings"), "page": (PAGE, "offline-strings-page")}


@register.simple_tag
def offline_strings(part: str = "bar") -> str:
    strings, element_id = PARTS[part]
    return json_script({key: str(text) for key, text in strings.items()}, element_id)
