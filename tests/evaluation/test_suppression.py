"""Small counts outside their source (issue 19, privacy): a count under the threshold shows as "< 5" to the kraj's
lead and as itself to the OSPOD that reported it, and no row or column total, with the cells shown beside it, gives a
hidden count back; a property test over random tables."""

from hypothesis import given, settings
from hypothesis import strategies as st

from evaluation.suppression import THRESHOLD, Hidden, suppress

counts = st.one_of(st.none(), st.integers(min_value=0, max_value=40))
tables = st.integers(min_value=1, max_value=6).flatmap(
    lambda width: st.lists(st.lists(counts, min_size=width, max_size=width), min_size=1, max_size=6)
)


def possible_values(line, table_line, threshold) -> list[set[int]]:
    """What a viewer could take each hidden small entry of a line to be: every value that some assignment of the
    hidden entries keeping the line's sum gives it, a small count from 1 to threshold - 1, any other hidden entry
    (never a zero, never small) from the threshold up. The other entries' ranges are runs of whole numbers, so the
    sums they can make are the run from the sum of their lowest to the sum of their highest: a value is possible when
    what it leaves of the line's sum lies in that run (enumerating the assignments instead grows as the product of
    the ranges, hours for a totals line of six hidden entries)."""
    *cells, total = line
    *_, true_total = table_line
    if total.hidden is not Hidden.NO or true_total is None:
        return []
    rest = total.value - sum(entry.value or 0 for entry in cells if entry.hidden is Hidden.NO)
    secret = [index for index, entry in enumerate(cells) if entry.hidden is not Hidden.NO]
    ranges = {
        index: range(1, threshold)
        if cells[index].hidden is Hidden.SMALL
        else range(threshold, max(rest, threshold) + 1)
        for index in secret
    }
    found = []
    for index in secret:
        if cells[index].hidden is not Hidden.SMALL:
            continue
        others = [ranges[other] for other in secret if other != index]
        low, high = sum(r.start for r in others), sum(r.stop - 1 for r in others)
        found.append({value for value in ranges[index] if low <= rest - value <= high})
    return found


def true_lines(table):
    """The table's rows and columns with their true totals (None where nothing was reported), as lines() orders."""
    width = len(table[0])

    def total(values):
        known = [value for value in values if value is not None]
        return sum(known) if known else None

    rows = [[*row, total(row)] for row in table]
    rows.append([total(row[column] for row in table) for column in range(width)] + [total(r[-1] for r in rows)])
    columns = [list(column) for column in zip(*rows, strict=True)]
    return rows + columns


def lines(result):
    """Every row and column of the table with its total, the totals' row and column included."""
    rows = [[*cells, total] for cells, total in zip(result.cells, result.row_totals, strict=True)]
    rows.append([*result.column_totals, result.total])
    columns = [list(column) for column in zip(*rows, strict=True)]
    return rows + columns


def test_a_three_is_under_five_to_the_kraj_and_three_to_its_ospod():
    jihlava, pelhrimov = [3, 40], [12, 25]
    to_kraj = suppress([jihlava, pelhrimov])
    assert to_kraj.cells[0][0].text == "< 5" and to_kraj.cells[0][0].value is None
    assert to_kraj.row_totals[0].hidden is not Hidden.NO or to_kraj.cells[0][1].hidden is not Hidden.NO
    to_jihlava = suppress([jihlava, pelhrimov], own=lambda row, column: row == 0)
    assert [cell.value for cell in to_jihlava.cells[0]] == jihlava
    assert to_jihlava.row_totals[0].value == 43  # its own row's total: nothing it does not know


def test_zero_is_shown_and_the_threshold_is_the_indicators():
    result = suppress([[0, 7], [9, 8]], threshold=8)
    assert result.cells[0][0].text == "0" and result.cells[0][1].text == "< 8"


@settings(max_examples=300, deadline=None)
@given(tables, st.integers(min_value=2, max_value=10))
def test_no_hidden_count_can_be_worked_out_from_a_line_of_the_table(table, threshold):
    result = suppress(table, threshold=threshold)
    for row, cells in enumerate(result.cells):
        for column, entry in enumerate(cells):
            value = table[row][column]
            if value is not None and 0 < value < threshold:
                assert entry.hidden is Hidden.SMALL and entry.text == f"< {threshold}"
            if entry.hidden is Hidden.NO:
                assert entry.value == value  # what is shown is true
    for line in lines(result):
        hidden = [entry for entry in line if entry.hidden is not Hidden.NO]
        assert len(hidden) != 1, line
    # No hidden small count is pinned down by its line: a viewer could take it for two values at least.
    for line, truth in zip(lines(result), true_lines(table), strict=True):
        for values in possible_values(line, truth, threshold):
            assert len(values) >= 2, (line, values)


def test_a_zero_is_never_the_complement_and_two_hidden_ones_do_not_give_each_other_away():
    # A 3 beside a 0 and a 9: hiding the 0 would leave 3 = 12 - 9; the 9 is hidden instead.
    result = suppress([[3, 0, 9]])
    assert [entry.text for entry in result.cells[0]] == ["< 5", "0", "×"]
    # Two 1s of a row whose total shows 12 with a 10 beside them: their sum 2 pins both; the 10 is hidden too.
    result = suppress([[1, 1, 10]])
    assert [entry.hidden for entry in result.cells[0]] == [Hidden.SMALL, Hidden.SMALL, Hidden.COMPLEMENT]


@settings(max_examples=200, deadline=None)
@given(tables, st.data())
def test_the_reporting_office_sees_its_own_row_and_still_cannot_work_out_the_others(table, data):
    mine = data.draw(st.integers(min_value=0, max_value=len(table) - 1))
    result = suppress(table, own=lambda row, column: row == mine)
    assert [entry.value for entry in result.cells[mine]] == list(table[mine])
    for line in lines(result):
        hidden = [entry for entry in line if entry.hidden is not Hidden.NO]
        assert len(hidden) != 1, line
    assert THRESHOLD == 5
