"""Subgroup gaps: each subgroup against the rest of its year group and the school."""

from __future__ import annotations

import functools
from fractions import Fraction
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    Select,
    case,
    cast,
    func,
    select,
)
from sqlalchemy.orm import Session

from termwise.tracking.aggregates import (
    AT_OR_ABOVE,
    GOOD_PROGRESS,
    JUDGED,
    Disclosure,
    count_if,
    point_of,
    point_read,
)
from termwise.tracking.choice import Points, Subjects
from termwise.tracking.measures import Cohort, Shape, Subgroup, parameters, pupil_rows, shape
from termwise.tracking.schemas import (
    Gap,
    GapTable,
    GroupMeasures,
)
from termwise.tracking.suppression import (
    Line,
    withheld_cells,
)


def _membership(r: Any, subgroup: Subgroup) -> ColumnElement[bool]:
    match subgroup:
        case Subgroup.girls:
            return r.c.gender == "F"  # type: ignore[no-any-return]
        case Subgroup.boys:
            return r.c.gender == "M"  # type: ignore[no-any-return]
        case _:
            return r.c[subgroup.value].is_(True)  # type: ignore[no-any-return]


@functools.cache
def _gap_statement(rows: Shape) -> Select[Any]:
    r = pupil_rows(rows).subquery()
    at = r.c.attainment.in_(AT_OR_ABOVE)
    judged = r.c.flag.in_(JUDGED)
    good = r.c.flag.in_(GOOD_PROGRESS)
    # Without an earlier point the gain is an untyped NULL, which PostgreSQL takes for text.
    gain = cast(r.c.gain, Float())
    measures_of: list[ColumnElement[Any]] = []
    for subgroup in Subgroup:
        member = _membership(r, subgroup)
        for side in (member, ~member):
            measures_of += [
                count_if(side),
                count_if(side & at),
                count_if(side & judged),
                count_if(side & good),
                func.coalesce(func.sum(case((side & judged, gain), else_=0.0)), 0.0),
            ]
    return (
        select(r.c.year_group, r.c.year_group_ordinal, *measures_of)
        .group_by(r.c.year_group, r.c.year_group_ordinal)
        .order_by(r.c.year_group_ordinal)
    )


def gap_table(
    session: Session,
    school_id: int,
    points: Points,
    subject: Subjects,
    cohort: Cohort,
    disclosure: Disclosure,
) -> GapTable:
    groups = session.execute(
        _gap_statement(shape(points, cohort)), parameters(points, subject.id, cohort)
    ).all()
    rows: dict[str, list[Any]] = {year_group: values for year_group, _, *values in groups}
    if len(rows) > 1:
        totals = [sum(float(v) for v in column) for column in zip(*rows.values(), strict=True)]
        rows = {"all": totals, **rows}
    by_subgroup = [
        _subgroup_gaps(subgroup, index * 10, rows, disclosure)
        for index, subgroup in enumerate(Subgroup)
    ]
    return GapTable(
        school_id=school_id,
        subject=subject.code,
        point=point_of(session, points),
        from_point=point_read(session, points.before),
        gaps=[gaps[year_group] for year_group in rows for gaps in by_subgroup],
        suppression_threshold=disclosure.threshold,
    )


GapSide = tuple[str, str]  # (year group or "all", "group" or "rest")


def _subgroup_gaps(
    subgroup: Subgroup, base: int, rows: dict[str, list[Any]], disclosure: Disclosure
) -> dict[str, Gap]:
    """One subgroup's gap in each row; its measures start at ``base`` in each row's values."""
    sides = {
        (row, side): values[base + offset : base + offset + 5]
        for row, values in rows.items()
        for side, offset in (("group", 0), ("rest", 5))
    }
    hidden_sizes, hidden_at = _withheld_in_gaps(sides, disclosure)
    gaps = {}
    for row in rows:
        group, rest = (
            _group(
                sides[(row, side)],
                disclosure,
                hidden=(row, side) in hidden_sizes,
                at_hidden=(row, side) in hidden_at,
            )
            for side in ("group", "rest")
        )
        size, at = (int(v) for v in sides[(row, "group")][:2])
        rest_size, rest_at = (int(v) for v in sides[(row, "rest")][:2])
        gap_percent = gap_pupils = None
        if group.percent_at_or_above is not None and rest.percent_at_or_above is not None:
            gap_percent = round(group.percent_at_or_above - rest.percent_at_or_above, 1)
            gap_pupils = whole_pupils(Fraction(rest_at * size, rest_size) - at)
        gaps[row] = Gap(
            year_group=row,
            subgroup=subgroup,
            group=group,
            rest=rest,
            gap_percent=gap_percent,
            gap_pupils=gap_pupils,
        )
    return gaps


def _withheld_in_gaps(
    sides: dict[GapSide, list[Any]], disclosure: Disclosure
) -> tuple[set[GapSide], set[GapSide]]:
    """The sides withheld whole (their size), and the sides whose count at or above ARE is
    withheld. In each row the group and the rest add up to the year group, which any subgroup
    shown in full gives away; down each side the year groups add up to the "all" row.

    A side withheld whole has its count at ARE withheld with it, but that count is protected
    as if shown: beside a group of none at ARE it could be worked out, so it covers for none."""
    if disclosure.threshold is None:
        return set(), set()
    sizes = {key: int(values[0]) for key, values in sides.items()}
    ats = {key: int(values[1]) for key, values in sides.items()}
    small_sizes = (key for key, n in sizes.items() if disclosure.hides(n))
    hidden_sizes = withheld_cells(sizes, _gap_lines(sizes, disclosure), small_sizes)
    small_ats = (key for key, n in ats.items() if disclosure.hides(n))
    return hidden_sizes, withheld_cells(ats, _gap_lines(ats, disclosure), small_ats)


def _gap_lines(values: dict[GapSide, int], disclosure: Disclosure) -> list[Line[GapSide]]:
    rows = list(dict.fromkeys(row for row, _ in values))
    lines = [
        Line(((row, "group"), (row, "rest")))
        for row in rows
        if not disclosure.hides(values[(row, "group")] + values[(row, "rest")])
    ]
    if "all" in rows:
        year_groups = [row for row in rows if row != "all"]
        lines += [
            Line(tuple((row, side) for row in year_groups), total=("all", side))
            for side in ("group", "rest")
        ]
    return lines


def whole_pupils(gap: Fraction) -> int:
    """Rounded to the nearest pupil, halves away from zero (2.5 pupils is 3, as people round)."""
    whole = int(abs(gap) + Fraction(1, 2))
    return whole if gap >= 0 else -whole


def _group(
    values: list[Any], disclosure: Disclosure, *, hidden: bool, at_hidden: bool
) -> GroupMeasures:
    """One side of a gap; ``hidden`` withholds all of it, ``at_hidden`` its count at ARE."""
    size, at, judged, good = (int(v) for v in values[:4])
    gain = float(values[4])
    at_hidden = hidden or at_hidden
    return GroupMeasures(
        size=None if hidden else size,
        at_or_above=None if at_hidden else at,
        percent_at_or_above=None if at_hidden else disclosure.percent(at, size),
        percent_expected_or_better=None if hidden else disclosure.percent(good, judged),
        average_gain=None if hidden or not judged else round(gain / judged, 2),
        suppressed=hidden,
    )
