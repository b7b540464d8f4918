"""Where a family is: an obec (or an ORP) found by its name typed without diacritics, leading to the ORP whose
services serve it. The 6 258 obcí and 206 ORP are reference data loaded by migration: read once per process."""

from dataclasses import dataclass
from functools import cache

from organizations.search import normalize
from territory.models import District, Municipality


@dataclass(frozen=True)
class Place:
    """An obec, or an ORP as a whole (``obec`` empty), and the ORP it belongs to."""

    obec_code: str
    obec: str
    orp_code: str
    orp: str
    key: str  # the name without diacritics and case

    @property
    def param(self) -> tuple[str, str]:
        """How the search's address names it: ("obec", its code), or ("orp", its code)."""
        return ("obec", self.obec_code) if self.obec_code else ("orp", self.orp_code)

    @property
    def label(self) -> str:
        return f"{self.obec} (ORP {self.orp})" if self.obec_code else f"ORP {self.orp}"


@cache
def places() -> tuple[Place, ...]:
    """Every obec and ORP, obce first, in the order of their names."""
    rows = Municipality.objects.select_related("district").order_by("name", "code")
    obce = [
        Place(row.code, row.name, row.district.code, row.district.name, normalize(row.name))
        for row in rows.only("code", "name", "district__code", "district__name")
    ]
    orp = [
        Place("", "", row.code, row.name, normalize(row.name))
        for row in District.objects.order_by("name", "code").only("code", "name")
    ]
    return tuple(obce + orp)


def find(text: str, limit: int = 12) -> list[Place]:
    """The places whose name is the text (all of them, first), then up to the limit those whose name starts with it,
    then those whose name contains it."""
    wanted = normalize(text)
    if not wanted:
        return []
    exact = [place for place in places() if place.key == wanted]
    starting = [place for place in places() if place.key.startswith(wanted) and place.key != wanted]
    containing = [place for place in places() if wanted in place.key and not place.key.startswith(wanted)]
    return exact + (starting + containing)[: max(0, limit - len(exact))]


def by_obec(code: str) -> Place | None:
    return next((place for place in places() if place.obec_code == code), None)


def by_orp(code: str) -> Place | None:
    return next((place for place in places() if not place.obec_code and place.orp_code == code), None)
