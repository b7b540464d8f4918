"""The API's JSON parser: DRF's, but a document nested deeper than any record of the API is a 400 like any malformed
one (Python's decoder answers "[" × 200 000 with a RecursionError, which would be a 500)."""

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser as BaseJSONParser

# A meeting with its follow-ups and needs is 3 levels deep; nothing the API reads goes near this.
MAX_DEPTH = 32


class JSONParser(BaseJSONParser):
    """JSON bodies of at most MAX_DEPTH levels of arrays and objects."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(too_deep()) from None
        if _deeper_than(data, MAX_DEPTH):
            raise ParseError(too_deep())
        return data


def too_deep() -> str:
    return _("The JSON document is nested more than %(depth)s levels deep.") % {"depth": MAX_DEPTH}


def _deeper_than(data, limit: int) -> bool:
    """Whether arrays and objects nest deeper than `limit` (walked with a stack: no recursion to run out of)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return False
