"""{% offline_strings "bar" %} / {% offline_strings "page" %}: the offline app's strings in the page's language, as JSON
for a ``data-strings`` attribute (escaped there by the template) that offline/src/dom.js reads: the bar's on every
signed-in page, the pages' on the shell."""

import json

from django import template

from offline.strings import BAR, PAGE

register = template.Library()

PARTS = {"bar": BAR, "page": PAGE}


@register.simple_tag
def offline_strings(part: str = "bar") -> str:
    return json.dumps({key: str(text) for key, text in PARTS[part].items()}, ensure_ascii=False)
