"""The complementary suppression rule on its own, on totals worked out by hand: which parts a
shown total has withheld, so that the total less the shown parts gives none of them away."""

from __future__ import annotations

from termwise.tracking.suppression import (
    MISSING,
    OTHER,
    ColumnCounts,
    ColumnWithheld,
    Line,
    complement,
    withheld_cells,
    withheld_in_column,
)


def test_one_withheld_part_has_the_smallest_shown_part_withheld_with_it() -> None:
    # 12 + 3 + 7 + 9 = 31: shown, 31 - 12 - 7 - 9 would be the 3. With the 7 withheld too,
    # 10 is left between two parts.
    assert complement([12, 3, 7, 9], withheld=[1]) == {1, 2}


def test_two_withheld_parts_need_nothing_more() -> None:
    assert complement([12, 3, 4, 9], withheld=[1, 2]) == {1, 2}


def test_withheld_parts_that_could_only_be_one_each_have_another_withheld() -> None:
    # Two withheld parts making 2 can only be 1 and 1.
    assert complement([1, 1, 6, 8], withheld=[0, 1]) == {0, 1, 2}


def test_a_withheld_zero_is_not_protected_and_protects_nothing() -> None:
    assert complement([0, 6, 7], withheld=[0]) == {0}
    # A zero beside a withheld 3 does not hide it: the 6 is withheld as well.
    assert complement([0, 3, 6, 8], withheld=[0, 1]) == {0, 1, 2}


def test_nothing_withheld_needs_nothing() -> None:
    assert complement([5, 6], withheld=[]) == frozenset()


def test_when_no_part_is_left_to_withhold_the_total_must_be() -> None:
    assert complement([1, 1], withheld=[0, 1]) is None
    assert complement([3, 0], withheld=[0, 1]) is None


def test_a_withheld_sum_is_not_all_that_is_withheld() -> None:
    # 2 + 1 = 3 at ARE is withheld as small: withholding only those two parts would give it.
    assert complement([2, 1, 10, 12], withheld=[0, 1], hidden_sums=[[0, 1]]) == {0, 1, 2}


def test_a_table_protects_its_rows_and_its_columns_until_both_hold() -> None:
    # Two rows of two, and the column totals in a third row:
    #          a    b
    #   r1     3   10   (r1's total, 13, shown elsewhere)
    #   r2     8    9   (17)
    #   all   11   19
    # The 3 is small. r1: 13 - 10 = 3, so 10 goes. Column a: 11 - 8 = 3, so 8 goes. Then
    # column b has 10 withheld alone (19 - 9), so 9 goes; r2 now has 8 and 9: done.
    values = {
        ("r1", "a"): 3, ("r1", "b"): 10, ("r2", "a"): 8, ("r2", "b"): 9,
        ("all", "a"): 11, ("all", "b"): 19,
    }  # fmt: skip
    lines = [
        Line((("r1", "a"), ("r1", "b"))),
        Line((("r2", "a"), ("r2", "b"))),
        Line((("all", "a"), ("all", "b"))),
        Line((("r1", "a"), ("r2", "a")), total=("all", "a")),
        Line((("r1", "b"), ("r2", "b")), total=("all", "b")),
    ]
    assert withheld_cells(values, lines, [("r1", "a")]) == {
        ("r1", "a"), ("r1", "b"), ("r2", "a"), ("r2", "b"),
    }  # fmt: skip


def test_a_withheld_total_needs_no_cover_down_its_column_but_does_across() -> None:
    # Column a's total, 3, is small and withheld: nothing down that column can give the 3
    # away. Across, r1's 10 covers its 3, and the "all" row's 19 its 3.
    values = {
        ("r1", "a"): 3, ("r1", "b"): 10, ("r2", "a"): 0, ("r2", "b"): 9,
        ("all", "a"): 3, ("all", "b"): 19,
    }  # fmt: skip
    lines = [
        Line((("r1", "a"), ("r1", "b"))),
        Line((("all", "a"), ("all", "b"))),
        Line((("r1", "a"), ("r2", "a")), total=("all", "a")),
        Line((("r1", "b"), ("r2", "b")), total=("all", "b")),
    ]
    withheld = withheld_cells(values, lines, [("r1", "a"), ("r2", "a"), ("all", "a")])
    assert withheld == {
        ("r1", "a"), ("r2", "a"), ("all", "a"), ("r1", "b"), ("all", "b"),
    }  # fmt: skip


def test_a_cell_given_away_by_a_total_shown_elsewhere_covers_for_nothing() -> None:
    # A group with no members: the rest is the whole year group.
    #          group  rest
    #   Y3       0     3   (3: small, so the row's total is not shown)
    #   Y4       0     9   (9, shown elsewhere)
    #   all      0    12
    # Down the rest, 12 - 9 would give the 3: the 9 is withheld. But Y4's total, 9, less its
    # group's 0 gives the 9 back, so it covers nothing and the 12 is withheld instead.
    values = {
        ("Y3", "group"): 0, ("Y3", "rest"): 3, ("Y4", "group"): 0, ("Y4", "rest"): 9,
        ("all", "group"): 0, ("all", "rest"): 12,
    }  # fmt: skip
    lines = [
        Line((("Y4", "group"), ("Y4", "rest"))),
        Line((("all", "group"), ("all", "rest"))),
        Line((("Y3", "group"), ("Y4", "group")), total=("all", "group")),
        Line((("Y3", "rest"), ("Y4", "rest")), total=("all", "rest")),
    ]
    zeros = [key for key, n in values.items() if n == 0]
    withheld = withheld_cells(values, lines, [*zeros, ("Y3", "rest")])
    assert withheld - set(zeros) == {("Y3", "rest"), ("Y4", "rest"), ("all", "rest")}


def column(cells: dict[str, int], above: set[str], missing: int = 0, other: int = 0,
           other_at: int = 0) -> ColumnCounts:  # fmt: skip
    return ColumnCounts(
        cohort=sum(cells.values()) + missing + other,
        cells=cells,
        above=frozenset(above),
        missing=missing,
        other=other,
        other_at=other_at,
    )


def test_a_column_keeps_its_count_at_are_when_each_side_of_the_line_protects_itself() -> None:
    # Above the line 5 + 5 = 10; below it 2 + 6 = 8. The 2 is covered by the 6, below.
    counts = column({"M": 5, "S": 5, "D": 2, "E": 6}, above={"M", "S"})
    assert withheld_in_column(counts, 5) == ColumnWithheld(
        rows=frozenset({"D", "E"}), missing=True, other=True
    )


def test_a_small_part_alone_on_its_side_withholds_the_count_at_are() -> None:
    # Below the line only D's 3: 14 - 11 at ARE would give it. The count at ARE goes, and
    # the 3 is covered by the smallest shown cell, M's 5.
    counts = column({"M": 5, "S": 6, "D": 3}, above={"M", "S"})
    assert withheld_in_column(counts, 5) == ColumnWithheld(
        rows=frozenset({"M", "D"}), missing=True, other=True, at_or_above=True
    )


def test_a_small_count_at_are_is_not_the_only_thing_withheld() -> None:
    # 2 + 1 = 3 at ARE, withheld; withholding just M and S would leave 3 = 17 - 14. The
    # smallest cell below the line, E's 6, goes with them.
    counts = column({"M": 2, "S": 1, "E": 6, "D": 8}, above={"M", "S"})
    assert withheld_in_column(counts, 5) == ColumnWithheld(
        rows=frozenset({"M", "S", "E"}), missing=True, other=True, at_or_above=True
    )


def test_pupils_on_another_scale_count_on_their_side_of_the_line() -> None:
    # 2 on another scale, both at ARE: above the line 5 + 2 = 7, the 2 withheld with
    # ``other``; the 5 is withheld to cover it. Below, 9 alone: nothing withheld.
    counts = column({"S": 5, "E": 9}, above={"S"}, other=2, other_at=2)
    assert withheld_in_column(counts, 5) == ColumnWithheld(
        rows=frozenset({"S"}), missing=True, other=True
    )


def test_a_column_whose_parts_cannot_protect_each_other_is_withheld_whole() -> None:
    # Five pupils on five steps: each withheld 1 of a shown 5 would be one pupil.
    counts = column({"A": 1, "B": 1, "C": 1, "D": 1, "E": 1}, above={"A"})
    withheld = withheld_in_column(counts, 5)
    assert withheld.cohort and withheld.at_or_above
    assert withheld.rows == {"A", "B", "C", "D", "E"}


def test_a_small_cohort_is_withheld_whole() -> None:
    withheld = withheld_in_column(column({"S": 3, "E": 1}, above={"S"}), 5)
    assert withheld.cohort and withheld.rows == {"S", "E"} and withheld.missing


def test_readers_who_see_every_number_have_nothing_withheld() -> None:
    counts = column({"M": 1, "S": 2, "D": 3}, above={"M", "S"}, missing=1)
    assert withheld_in_column(counts, None) == ColumnWithheld()


def test_missing_and_other_are_parts_of_the_column() -> None:
    # 3 with no result, withheld; the smallest shown part below the line is E's 7.
    counts = column({"S": 9, "E": 7}, above={"S"}, missing=3)
    withheld = withheld_in_column(counts, 5)
    assert (withheld.rows, withheld.missing, withheld.at_or_above) == ({"E"}, True, False)
    assert MISSING not in withheld.rows and OTHER not in withheld.rows
