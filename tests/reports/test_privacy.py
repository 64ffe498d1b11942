from reports.privacy import (
    AMOUNT,
    HIDDEN,
    NONE,
    NUMBER,
    PRIMARY,
    SECONDARY,
    SUPPRESSED,
    Column,
    Table,
    display_value,
    suppress,
)


def table(rows, columns=None, with_total=True) -> Table:
    columns = columns or [Column("Aantal")]
    return suppress(Table(title="t", row_header="r", columns=columns, rows=rows, with_total=with_total))


def flags(t: Table) -> list[list[int]]:
    return t.hidden


def test_counts_from_one_to_four_are_suppressed_and_zero_is_shown():
    t = table([("a", [0]), ("b", [1]), ("c", [4]), ("d", [5]), ("e", [30])])
    assert [row[0] for row in flags(t)] == [NONE, PRIMARY, PRIMARY, NONE, NONE, NONE]
    assert display_value(1, t.columns[0], PRIMARY) == SUPPRESSED
    assert display_value(0, t.columns[0], NONE) == "0"


def test_a_single_suppressed_cell_cannot_be_recovered_from_the_total():
    t = table([("a", [3]), ("b", [10]), ("c", [20])])
    # 3 alone could be read as total (33) - 10 - 20: the smallest other cell goes too.
    assert [row[0] for row in flags(t)] == [PRIMARY, SECONDARY, NONE, NONE]


def test_two_small_cells_that_the_total_pins_down_hide_a_third():
    # 4 + 4 with a total of 18 and 10 shown: the remainder 8 means both are 4.
    t = table([("a", [4]), ("b", [4]), ("c", [10])])
    assert [row[0] for row in flags(t)][:3] == [PRIMARY, PRIMARY, SECONDARY]


def test_two_small_cells_with_an_ambiguous_remainder_are_enough():
    t = table([("a", [2]), ("b", [4]), ("c", [10])])
    assert [row[0] for row in flags(t)] == [PRIMARY, PRIMARY, NONE, NONE]


def test_the_total_is_hidden_when_no_other_cell_can_be():
    t = table([("a", [3]), ("b", [0])])
    assert [row[0] for row in flags(t)] == [PRIMARY, NONE, PRIMARY]


def test_amounts_follow_the_counts_of_their_row_and_are_protected_in_their_column():
    columns = [Column("Aanvragen"), Column("Bedrag", AMOUNT)]
    t = table([("toegekend", [2, 30000]), ("afgewezen", [9, 50000]), ("open", [12, 70000])], columns)
    assert flags(t)[0] == [PRIMARY, SECONDARY]
    # the count column and the amount column each need a second hidden cell
    assert flags(t)[1] == [SECONDARY, SECONDARY]
    assert display_value(30000, columns[1], SECONDARY) == HIDDEN


def test_shares_and_medians_of_a_small_group_are_hidden():
    columns = [Column("Besloten"), Column("Mediaan", NUMBER)]
    t = table([("regeling", [3, 4])], columns, with_total=False)
    assert flags(t) == [[PRIMARY, SECONDARY]]


def test_without_a_total_only_small_counts_are_hidden():
    t = table([("a", [3]), ("b", [50])], with_total=False)
    assert flags(t) == [[PRIMARY], [NONE]]
