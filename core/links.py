"""Links to many records of one kind at once."""

from django.urls import reverse

_PLACEHOLDER = 987654321


def record_url(name: str):
    """A function of a pk giving the URL of that record's page (``name`` takes the pk as its only argument): one
    reverse() for a list of hundreds (a map's points, a graph's nodes), where a reverse() each was a tenth of the page."""
    pattern = reverse(name, args=[_PLACEHOLDER]).replace(str(_PLACEHOLDER), "{}")
    return pattern.format
