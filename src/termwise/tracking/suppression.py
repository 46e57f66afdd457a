"""Complementary suppression: what else to withhold so that a small number withheld from a
reader cannot be worked back out from the numbers shown.

Withholding every count under the threshold is not enough where a table shows a total and its
parts: with one part withheld, the total minus the others gives it. So whenever a shown total
has a withheld part, more parts are withheld with it, the smallest shown ones first, until the
withheld parts could add up to what is left of the total in more than one way.

The reader is assumed to know as much as they could: which withheld parts are zero (zero is not
a small number to protect, and a zero is often known from elsewhere), that every other withheld
part is at least 1, but not how large it is, since a part may be withheld only to protect
another. Then the withheld parts of a total give nothing away when there are at least two of
them and they are not all ones (three withheld parts making 3 would be one pupil each).

Each table is protected on its own: a total counts as shown when the same response shows it,
or shows what it can be worked out from (a year group's size from any subgroup and its rest).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

Key = TypeVar("Key")


def complement(
    parts: Sequence[int],
    withheld: Iterable[int],
    hidden_sums: Sequence[Collection[int]] = (),
) -> frozenset[int] | None:
    """The parts of a shown total to withhold: ``withheld`` (positions in ``parts``) and, if
    they could be worked out from the total and the shown parts, the smallest shown non-zero
    parts until they cannot. ``hidden_sums`` are groups of parts whose sum is itself a withheld
    small number, so must not be all that is withheld either. None when withholding every part
    would still not do: then the total itself must be withheld."""
    chosen = set(withheld)
    while (helpful := _parts_that_would_help(parts, chosen, hidden_sums)) is not None:
        spare = [i for i in helpful if parts[i] and i not in chosen]
        if not spare:
            return None
        chosen.add(min(spare, key=lambda i: (parts[i], i)))
    return frozenset(chosen)


def _parts_that_would_help(
    parts: Sequence[int], chosen: set[int], hidden_sums: Sequence[Collection[int]]
) -> Collection[int] | None:
    """None when the withheld parts are safe; otherwise the parts whose withholding helps."""
    hidden = {i for i in chosen if parts[i]}
    if not hidden:
        return None
    if len(hidden) < 2 or sum(parts[i] for i in hidden) == len(hidden):
        return range(len(parts))
    for group in hidden_sums:
        if hidden <= set(group):
            return [i for i in range(len(parts)) if i not in group]
    return None


@dataclass(frozen=True)
class Line(Generic[Key]):
    """Cells of a table that add up to a total, held in a cell of the same table (``total``) or
    shown somewhere that cannot withhold it (None)."""

    parts: tuple[Key, ...]
    total: Key | None = None


def withheld_cells(
    values: Mapping[Key, int], lines: Sequence[Line[Key]], withheld: Iterable[Key]
) -> set[Key]:
    """``withheld`` and the further cells to withhold so that no line's withheld cells can be
    worked out from its total. A cell withheld for one line covers for it in its other lines
    too, so the lines are gone over until nothing changes. A line whose parts cannot protect
    each other has its total withheld; when the total is shown outside the table, its withheld
    parts are given away, and then count as shown in every line (covering for nothing). The
    callers' lines with such totals are pairs whose total is not small, so what is given away
    there is never a small number."""
    chosen = set(withheld)
    given_away: set[Key] = set()
    changed = True
    while changed:
        changed = False
        for line in lines:
            if line.total in chosen - given_away:
                continue
            # A part the reader can work out is as good as shown: like a zero, it is not counted.
            parts = [0 if key in given_away else values[key] for key in line.parts]
            kept = complement(parts, [i for i, key in enumerate(line.parts) if key in chosen])
            more, lost = set(), set()
            if kept is not None:
                more = {line.parts[i] for i in kept}
            elif line.total is not None:
                more = {line.total}
            else:
                lost = {
                    key for key, n in zip(line.parts, parts, strict=True) if key in chosen and n
                }
            if not (more <= chosen and lost <= given_away):
                chosen |= more
                given_away |= lost
                changed = True
    return chosen


# --- a grid column --------------------------------------------------------------------------


@dataclass(frozen=True)
class ColumnCounts:
    """A grid column as counted: its cells by row, its pupils with no result and on another
    scale, and who is at or above ARE (the cells in ``above`` and ``other_at`` of the others)."""

    cohort: int
    cells: Mapping[str, int]
    above: frozenset[str]
    missing: int
    other: int
    other_at: int

    @property
    def at_or_above(self) -> int:
        return sum(self.cells[row] for row in self.above) + self.other_at


@dataclass(frozen=True)
class ColumnWithheld:
    """What of a grid column the reader may not see."""

    rows: frozenset[str] = frozenset()
    missing: bool = False
    other: bool = False
    # The count at or above ARE, and its percentage.
    at_or_above: bool = False
    # The whole column, its size included.
    cohort: bool = False


# The column's parts that are not cells, keyed apart from any step code.
MISSING, OTHER = "\0missing", "\0other"


def withheld_in_column(column: ColumnCounts, threshold: int | None) -> ColumnWithheld:
    """The column's small numbers and whatever would let one be worked out.

    The cells, ``missing`` and ``other`` add up to the cohort. ``at_or_above`` splits them in
    two: the cells above the ARE line (with the other-scale pupils at ARE) and the rest. So
    ``at_or_above`` is shown only when it is not small and each side protects its own withheld
    parts; then both sides' totals are known, and protecting each side protects the column.
    Otherwise ``at_or_above`` is withheld with its percentage and the parts are protected
    against the cohort, never leaving withheld only the parts of a small ``at_or_above``. If
    even that fails, the whole column is withheld."""
    if threshold is None:
        return ColumnWithheld()
    parts = {**column.cells, MISSING: column.missing, OTHER: column.other}
    small = {key for key, value in parts.items() if value < threshold}
    if column.cohort < threshold:
        return _column_withheld(set(parts), at_or_above=True, cohort=True)
    if column.at_or_above >= threshold:
        by_side = _withheld_by_side(column, parts, small)
        if by_side is not None:
            return _column_withheld(by_side, at_or_above=False, cohort=False)
    keys = list(parts)
    hidden_sums = []
    if 0 < column.at_or_above < threshold:
        above = column.above | ({OTHER} if column.other_at else set())
        hidden_sums.append([keys.index(key) for key in above])
    kept = complement([parts[key] for key in keys], [keys.index(key) for key in small], hidden_sums)
    if kept is None:
        return _column_withheld(set(parts), at_or_above=True, cohort=True)
    return _column_withheld({keys[i] for i in kept}, at_or_above=True, cohort=False)


def _withheld_by_side(
    column: ColumnCounts, parts: Mapping[str, int], small: set[str]
) -> set[str] | None:
    """The parts to withhold if each side of the ARE line protects its own; None if one cannot.
    The other-scale pupils on each side count as a part of that side, withheld with ``other``
    (when ``other`` is shown, the reader is taken to know how it splits)."""
    above = sorted(column.above)
    below = [row for row in column.cells if row not in column.above] + [MISSING]
    other_split = (column.other_at, column.other - column.other_at)
    withheld: set[str] = set()
    for keys, others in zip((above, below), other_split, strict=True):
        values = [parts[key] for key in keys]
        hidden = [i for i, key in enumerate(keys) if key in small]
        if OTHER in small:
            values.append(others)
            hidden.append(len(keys))
        kept = complement(values, hidden)
        if kept is None:
            return None
        withheld |= {keys[i] for i in kept if i < len(keys)}
    return withheld | (small & {OTHER})


def _column_withheld(keys: set[str], *, at_or_above: bool, cohort: bool) -> ColumnWithheld:
    return ColumnWithheld(
        rows=frozenset(keys - {MISSING, OTHER}),
        missing=MISSING in keys,
        other=OTHER in keys,
        at_or_above=at_or_above,
        cohort=cohort,
    )
