"""ČSÚ's published tables of the population by age, read into children aged 0–17 per ORP and year.

ČSÚ's open data (Veřejná databáze and the 2021 census) come as one CSV row per figure: the count in ``hodnota``, the
territory as a codelist and a code (``vuzemi_cis``/``vuzemi_kod``, in the census ``uzemi_cis``/``uzemi_kod``; the ORP
are codelist 65, whose 4-digit codes are territory.District.code), the reference date (``casref_do`` or ``rok``; in
the census ``sldb_datum`` or ``sldb_rok``), the sex (``pohlavi_kod``, empty for both sexes) and the age as a band of
codelist 7700 (``vek_txt``: "15 až 20 (více nebo rovno 15 a méně než 20)", "Od 95 (více nebo rovno 95)"; empty for
all ages). The columns are found by name, in any order, UTF-8 with or without a BOM, comma or semicolon.

Children are ages 0 to 17. Where the file gives single years they are summed as they are; ČSÚ's five-year groups are
0–4, 5–9, 10–14 and 15–19, and of the group 15–19 three fifths (15, 16 and 17) are counted: an estimate that assumes
the five years of the group are equally large (off by a few per cent of the group at most).

Praha is not an ORP of codelist 65; it is read from its kraj (codelist 100, 3018) or its obec (codelist 43, 554782)
when the file has no ORP row for it. Rows of other territories (the country, kraje, okresy, obce) are skipped.
"""

import csv
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction

CHILD_AGE_LIMIT = 18  # children: under 18
ORP_CODELIST = "65"
PRAHA_CODE = "1000"  # territory.District.code of Praha
# Praha's rows in other codelists (kraj Hlavní město Praha, obec Praha), used when the file has no ORP row for it.
PRAHA_ALIASES = {("100", "3018"), ("43", "554782")}

# The columns read, each by the names it has in ČSÚ's files (the first found is used).
COLUMNS = {
    "value": ("hodnota",),
    "codelist": ("vuzemi_cis", "uzemi_cis"),
    "code": ("vuzemi_kod", "uzemi_kod", "orp_kod", "kod_orp"),
    "name": ("vuzemi_txt", "uzemi_txt", "orp_txt", "nazev"),
    "year": ("rok", "sldb_rok", "casref_do", "sldb_datum"),
    "sex": ("pohlavi_kod",),
    "age": ("vek_txt",),
}
REQUIRED = ("value", "code", "year", "age")


class TableError(ValueError):
    """A file that cannot be read, with the line at fault (0: the file as a whole)."""

    def __init__(self, line: int, message: str):
        super().__init__(f"line {line}: {message}" if line else message)
        self.line = line
        self.message = message


@dataclass(frozen=True)
class AgeBand:
    """Ages from ``start`` up to, not including, ``end`` (None: and older)."""

    start: int
    end: int | None

    def children_share(self) -> Fraction:
        """The part of the band's people taken as children (0–17), the band's years counted as equally large."""
        if self.start >= CHILD_AGE_LIMIT:
            return Fraction(0)
        if self.end is None:
            raise ValueError("an open band starting under 18")
        return Fraction(min(self.end, CHILD_AGE_LIMIT) - self.start, self.end - self.start)


def age_band(text: str) -> AgeBand | None:
    """The band a ``vek_txt`` names; None for all ages (empty, "celkem"). ValueError when it cannot be read."""
    text = " ".join(text.split()).lower()
    if not text or text in ("celkem", "úhrn", "total"):
        return None
    below = re.search(r"méně než (\d+)", text)
    if below:
        start = re.search(r"rovno (\d+)", text) or re.search(r"(\d+)", text)
        band = AgeBand(int(start.group(1)), int(below.group(1)))
    elif match := re.fullmatch(r"(\d+) ?[-–] ?(\d+)( let)?", text):  # "15–19" as a printed table writes it
        band = AgeBand(int(match.group(1)), int(match.group(2)) + 1)
    elif match := re.match(r"od (\d+)\b", text) or re.fullmatch(r"(\d+) ?(\+|a více|a starší)( let)?", text):
        band = AgeBand(int(match.group(1)), None)
    elif match := re.fullmatch(r"(\d+)( let| roků| rok| roky)?", text):  # a single year of age
        band = AgeBand(int(match.group(1)), int(match.group(1)) + 1)
    else:
        raise ValueError(f"unreadable age {text!r}")
    if band.end is not None and band.end <= band.start:
        raise ValueError(f"unreadable age {text!r}")
    if band.end is None and band.start < CHILD_AGE_LIMIT:
        raise ValueError(f"an open age band from {band.start} cannot be split at 18")
    return band


@dataclass
class Table:
    """Children per territory code and year as read; the ORP's rows and Praha's rows from other codelists."""

    orp: dict[tuple[str, int], Fraction] = field(default_factory=lambda: defaultdict(Fraction))
    praha: dict[tuple[int, str], Fraction] = field(default_factory=lambda: defaultdict(Fraction))  # (year, codelist)
    names: dict[str, str] = field(default_factory=dict)
    rows: int = 0
    skipped: int = 0  # rows of other territories, or of all ages

    def children(self) -> dict[tuple[str, int], int]:
        """Whole children per (ORP code, year), rounded half up; Praha from its other rows where it has no ORP row."""
        counted = dict(self.orp)
        # The kraj's rows before the obec's, should a file have both (the same people).
        for (year, _codelist), value in sorted(self.praha.items()):
            counted.setdefault((PRAHA_CODE, year), value)
        return {key: int(value + Fraction(1, 2)) for key, value in counted.items()}


def _header(fieldnames: list[str]) -> dict[str, str]:
    names = {name.strip().strip('"').lower(): name for name in fieldnames if name}
    found = {}
    for column, candidates in COLUMNS.items():
        for candidate in candidates:
            if candidate in names:
                found[column] = names[candidate]
                break
    missing = [COLUMNS[column][0] for column in REQUIRED if column not in found]
    if missing:
        raise TableError(1, f"the header has no column {', '.join(missing)} (ČSÚ's layout is expected)")
    return found


def _year(text: str, line: int) -> int:
    match = re.match(r"\s*(\d{4})\b", text)
    if not match:
        raise TableError(line, f"no year in {text!r}")
    return int(match.group(1))


def read_table(handle: io.TextIOBase) -> Table:
    """Read a ČSÚ table of the population by age from a text file (opened as UTF-8 with the BOM stripped)."""
    sample = handle.readline()
    if not sample.strip():
        raise TableError(1, "the file is empty")
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(sample + handle.read()), delimiter=delimiter)
    columns = _header(reader.fieldnames or [])
    table = Table()
    # Per territory, year and age band: the row of both sexes together, and the rows of each sex (summed only where
    # the file has no row of both sexes, so that a file with both never counts a child twice).
    both: dict[tuple[str, str, int, AgeBand], Fraction] = defaultdict(Fraction)
    by_sex: dict[tuple[str, str, int, AgeBand], Fraction] = defaultdict(Fraction)
    for row in reader:
        line = reader.line_num
        table.rows += 1

        def get(column: str, row=row) -> str:
            return (row.get(columns[column]) or "").strip() if column in columns else ""

        codelist, code = get("codelist") or ORP_CODELIST, get("code")
        if not code:
            raise TableError(line, "no territory code")
        if codelist != ORP_CODELIST and (codelist, code) not in PRAHA_ALIASES:
            table.skipped += 1
            continue
        try:
            band = age_band(get("age"))
        except ValueError as error:
            raise TableError(line, str(error)) from None
        if band is None:
            table.skipped += 1
            continue
        try:
            value = Decimal(get("value").replace(" ", "").replace(",", "."))
        except InvalidOperation:
            raise TableError(line, f"the value {get('value')!r} is not a number") from None
        if value < 0 or value != value.to_integral_value():
            raise TableError(line, f"the value {get('value')!r} is not a count of people")
        year = _year(get("year"), line)
        key = (codelist, code, year, band)
        (by_sex if get("sex") else both)[key] += int(value) * band.children_share()
        if codelist == ORP_CODELIST and get("name"):
            table.names.setdefault(code, get("name"))
    for key in set(both) | set(by_sex):
        codelist, code, year, _band = key
        value = both[key] if key in both else by_sex[key]
        if codelist == ORP_CODELIST:
            table.orp[(code, year)] += value
        else:
            table.praha[(year, codelist)] += value
    if not table.orp and not table.praha:
        raise TableError(0, "the file has no rows of the ORP (ČSÚ codelist 65) by age")
    return table
