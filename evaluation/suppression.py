"""Small counts kept from being read, or worked out, outside the office that reported them.

A count under the threshold (5 unless an indicator says otherwise) is shown as "< 5" to everyone but its source (the
OSPOD that reported it sees its own numbers). Zero is shown: it singles nobody out. A table's row and column totals
would give a hidden count back as the total less the cells shown beside it, so no row and no column (the totals' row
and column included) may keep exactly one hidden entry, nor hidden entries whose sum pins a small count down (two
hidden 1s of a line whose hidden sum is 2): where one does, the smallest other cell of that line is hidden too (a
complementary suppression, shown as "×"; never a zero, which would hide nothing), or, with no such cell left, the
line's total; until no line gives a small count away. The result is the same for the same table, whoever asks with the same rights.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

THRESHOLD = 5


class Hidden(StrEnum):
    NO = ""
    SMALL = "small"  # under the threshold: shown as "< 5"
    COMPLEMENT = "complement"  # hidden so that a small count cannot be worked out from a total: shown as "×"


@dataclass(frozen=True)
class Shown:
    """An entry of a table as a viewer may see it: its value only where it is not hidden."""

    value: int | None  # None where hidden, or where nothing was reported
    hidden: Hidden
    threshold: int

    @property
    def text(self) -> str:
        if self.hidden is Hidden.SMALL:
            return f"< {self.threshold}"
        if self.hidden is Hidden.COMPLEMENT:
            return "×"
        return number_text(self.value)


@dataclass(frozen=True)
class SuppressedTable:
    cells: list[list[Shown]]
    row_totals: list[Shown]
    column_totals: list[Shown]
    total: Shown

    def entries(self) -> list[Shown]:
        return [entry for row in self.cells for entry in row] + self.row_totals + self.column_totals + [self.total]


def _sum(values) -> int | None:
    known = [value for value in values if value is not None]
    return sum(known) if known else None


def bounds(state: Hidden, threshold: int) -> tuple[int, float]:
    """What a viewer knows of a hidden entry: a small count lies from 1 to threshold - 1; a complement is never a zero
    nor a small count (those would be shown or hidden as small), so it is at least the threshold."""
    return (1, threshold - 1) if state is Hidden.SMALL else (threshold, float("inf"))


def _pinned(line, values, hidden, threshold: int) -> bool:
    """Whether a small count hidden in the line can be worked out exactly from the line's total, the entries shown
    and what is known of the other hidden ones (their bounds)."""
    total = line[-1]
    if total in hidden or values[total] is None:
        return False
    rest = values[total] - sum(values[key] or 0 for key in line[:-1] if key not in hidden)
    secret = [key for key in line[:-1] if key in hidden]
    for key in secret:
        if hidden[key] is not Hidden.SMALL:
            continue
        others = [bounds(hidden[other], threshold) for other in secret if other != key]
        low = max(1, rest - sum(high for _low, high in others))
        high = min(threshold - 1, rest - sum(low_ for low_, _high in others))
        if low >= high:
            return True
    return False


def suppress(
    table: Sequence[Sequence[int | None]], *, threshold: int = THRESHOLD, own: Callable[[int, int], bool] | None = None
) -> SuppressedTable:
    """The table (rows of counts, None where not reported) with its totals, as a viewer may see it. ``own(row,
    column)`` says which cells the viewer reported itself: those it sees, and they count as known to it."""
    rows = [list(row) for row in table]
    width = max((len(row) for row in rows), default=0)
    rows = [row + [None] * (width - len(row)) for row in rows]
    height = len(rows)
    # The augmented table: the cells, each row's total at column ``width``, each column's total at row ``height``,
    # and the grand total at (height, width).
    values: dict[tuple[int, int], int | None] = {(r, c): rows[r][c] for r in range(height) for c in range(width)}
    for r in range(height):
        values[(r, width)] = _sum(rows[r])
    for c in range(width):
        values[(height, c)] = _sum(rows[r][c] for r in range(height))
    values[(height, width)] = _sum(values[(r, width)] for r in range(height))

    # What the viewer knows already: the cells it reported, and a total made of those alone.
    mine = {(r, c) for r in range(height) for c in range(width) if own is not None and own(r, c)}

    def made_of_mine(cells) -> bool:
        # Zeros are shown to everyone: a total of the viewer's own cells and zeros is known to it.
        reported = [key for key in cells if values[key]]
        return bool(reported) and all(key in mine for key in reported)

    for r in range(height):
        if made_of_mine([(r, c) for c in range(width)]):
            mine.add((r, width))
    for c in range(width):
        if made_of_mine([(r, c) for r in range(height)]):
            mine.add((height, c))
    if made_of_mine([(r, c) for r in range(height) for c in range(width)]):
        mine.add((height, width))

    def owned(r: int, c: int) -> bool:
        return (r, c) in mine

    hidden: dict[tuple[int, int], Hidden] = {}
    for key, value in values.items():
        if value is not None and 0 < value < threshold and not owned(*key):
            hidden[key] = Hidden.SMALL

    lines = [[(r, c) for c in range(width + 1)] for r in range(height + 1)]
    lines += [[(r, c) for r in range(height + 1)] for c in range(width + 1)]
    changed = True
    while changed:
        changed = False
        for line in lines:
            count = sum(1 for key in line if key in hidden)
            if count == 0 or (count > 1 and not _pinned(line, values, hidden, threshold)):
                continue
            total = line[-1]
            # A zero hidden beside a small count hides nothing (the total less the cells shown would still be the
            # small count), so the complement is the smallest non-zero cell.
            candidates = [key for key in line[:-1] if key not in hidden and values[key] and not owned(*key)]
            if total not in hidden and values[total] is not None:
                # Hide the smallest other cell; only with none left, the total itself.
                choice = min(candidates, key=lambda key: (values[key], key)) if candidates else total
            elif candidates:
                choice = min(candidates, key=lambda key: (values[key], key))
            else:
                continue  # nothing shown in the line can give the hidden entry back
            hidden[choice] = Hidden.COMPLEMENT
            changed = True

    def shown(key) -> Shown:
        state = hidden.get(key, Hidden.NO)
        return Shown(None if state else values[key], state, threshold)

    return SuppressedTable(
        cells=[[shown((r, c)) for c in range(width)] for r in range(height)],
        row_totals=[shown((r, width)) for r in range(height)],
        column_totals=[shown((height, c)) for c in range(width)],
        total=shown((height, width)),
    )


def number_text(value) -> str:
    """A decimal as people write it: 12, 12.5 (not 12.00)."""
    if value is None:
        return ""
    if value == int(value):
        return str(int(value))
    return f"{value:f}".rstrip("0")


def single(value, *, threshold: int = THRESHOLD, count: bool = True, own: bool = False) -> Shown:
    """One value outside a table (a form's, a chart's point) as a viewer may see it: a count under the threshold
    hidden unless the viewer is its source. Shares, days and medians are not counts and are shown."""
    if value is not None and count and not own and 0 < value < threshold:
        return Shown(None, Hidden.SMALL, threshold)
    return Shown(value, Hidden.NO, threshold)
