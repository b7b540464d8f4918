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
