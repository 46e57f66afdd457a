"""The whole-school grid: year groups across, steps down, the ARE line per column; and the
combined map (at ARE in reading, writing and maths together)."""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    CompoundSelect,
    Integer,
    Select,
    Text,
    case,
    cast,
    func,
    literal,
    null,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from termwise.assessment.models import Scale, ScaleStep
from termwise.tracking.aggregates import (
    AT_OR_ABOVE,
    Disclosure,
    count_if,
    dialect_of,
    ids_of,
    most_used,
    point_of,
)
from termwise.tracking.choice import Points, Subjects
from termwise.tracking.measures import (
    CORE_SUBJECTS,
    Attainment,
    Cohort,
    Shape,
    parameters,
    pupil_rows,
    shape,
)
from termwise.tracking.schemas import (
    Grid,
    GridCell,
    GridColumn,
    GridRow,
)
from termwise.tracking.suppression import (
    ColumnCounts,
    ColumnWithheld,
    withheld_in_column,
)

COMBINED_BANDS = (
    ("all_three", "At ARE in all three"),
    ("two", "In two"),
    ("one", "In one"),
    ("none", "In none"),
)


@functools.cache
def _grid_statement(rows: Shape, dialect: str) -> CompoundSelect[Any]:
    """The grid's cells (pupils counted per year group, scale, step and attainment) and, in the
    same round trip, the steps of every scale the cells use, to draw its rows."""
    r = pupil_rows(rows).subquery()
    cells = (
        select(
            r.c.year_group,
            r.c.year_group_ordinal,
            r.c.scale_id,
            r.c.step,
            r.c.attainment,
            r.c.are_step,
            func.count().label("pupils"),
            ids_of(dialect, r.c.pupil_id).label("ids"),
            func.coalesce(func.sum(r.c.predicted_at), 0).label("predicted"),
        )
        .group_by(
            r.c.year_group,
            r.c.year_group_ordinal,
            r.c.scale_id,
            r.c.step,
            r.c.attainment,
            r.c.are_step,
        )
        .cte("cells")
    )
    no_text, no_number = cast(null(), Text()), cast(null(), Integer())
    return union_all(
        select(
            literal("cell").label("part"),
            *cells.c,
            no_text.label("step_label"),
            no_number.label("step_ordinal"),
            no_text.label("scale_code"),
        ),
        select(
            literal("step"),
            no_text,
            no_number,
            ScaleStep.scale_id,
            ScaleStep.code,
            no_text,
            no_text,
            no_number,
            no_text,
            no_number,
            ScaleStep.label,
            ScaleStep.ordinal,
            Scale.code,
        )
        .join(Scale, Scale.id == ScaleStep.scale_id)
        .where(ScaleStep.scale_id.in_(select(cells.c.scale_id).where(cells.c.step.is_not(None)))),
    )


def school_grid(
    session: Session,
    school_id: int,
    points: Points,
    subject: Subjects,
    cohort: Cohort,
    disclosure: Disclosure,
) -> Grid:
    if subject.code == "combined":
        return _combined_grid(session, school_id, points, subject, cohort, disclosure)
    found = session.execute(
        _grid_statement(shape(points, cohort), dialect_of(session)),
        parameters(points, subject.id, cohort),
    ).all()
    groups = [g for g in found if g.part == "cell"]
    used: dict[int, int] = defaultdict(int)
    for g in groups:
        if g.scale_id is not None and g.step is not None:
            used[g.scale_id] += g.pupils
    scale_id = most_used(used)
    steps = sorted(
        (s for s in found if s.part == "step" and s.scale_id == scale_id),
        key=lambda s: -s.step_ordinal,
    )
    tallies: dict[str, _Tally] = {}
    for g in groups:
        tally = tallies.setdefault(g.year_group, _Tally(g.year_group_ordinal))
        missing = g.attainment == Attainment.missing.value
        tally.add(g.pupils, g.predicted, missing=missing, at=g.attainment in AT_OR_ABOVE)
        if g.scale_id == scale_id and g.step is not None:
            if g.are_step is not None:
                tally.are = g.are_step
            tally.place(g.step, g.pupils, g.ids, at=g.attainment in AT_OR_ABOVE)
        elif not missing:
            tally.other += g.pupils
    columns, cells = _grid_columns(tallies, disclosure)
    return Grid(
        school_id=school_id,
        subject=subject.code,
        point=point_of(session, points),
        scale=steps[0].scale_code if steps else None,
        rows=[GridRow(key=s.step, label=s.step_label) for s in steps],
        columns=columns,
        cells=sorted(cells, key=lambda c: (c.year_group, c.row)),
        suppression_threshold=disclosure.threshold,
    )


@dataclass
class _Tally:
    """One year group's column of a grid, added up from the database's groups."""

    ordinal: int
    cohort: int = 0
    missing: int = 0
    other: int = 0
    at: int = 0
    predicted: int = 0
    are: str | None = None
    cells: dict[str, int] = field(default_factory=dict)
    pupil_ids: dict[str, list[str]] = field(default_factory=dict)
    # Rows whose pupils are at or above ARE: the rows above the column's ARE line.
    above: set[str] = field(default_factory=set)

    def add(self, pupils: int, predicted: int, *, missing: bool, at: bool) -> None:
        self.cohort += pupils
        self.predicted += predicted
        self.missing += pupils if missing else 0
        self.at += pupils if at else 0

    def place(self, row: str, pupils: int, ids: str | None, *, at: bool) -> None:
        self.cells[row] = self.cells.get(row, 0) + pupils
        self.pupil_ids.setdefault(row, []).extend(i for i in (ids or "").split(",") if i)
        if at:
            self.above.add(row)

    def counts(self) -> ColumnCounts:
        placed_at = sum(self.cells[row] for row in self.above)
        return ColumnCounts(
            cohort=self.cohort,
            cells=self.cells,
            above=frozenset(self.above),
            missing=self.missing,
            other=self.other,
            other_at=self.at - placed_at,
        )


def _grid_columns(
    tallies: dict[str, _Tally], disclosure: Disclosure
) -> tuple[list[GridColumn], list[GridCell]]:
    """The columns in year-group order and their cells, each with what the reader may see."""
    columns: list[GridColumn] = []
    cells: list[GridCell] = []
    for year_group, tally in sorted(tallies.items(), key=lambda item: item[1].ordinal):
        withheld = withheld_in_column(tally.counts(), disclosure.threshold)
        columns.append(_column(year_group, tally, withheld, disclosure))
        cells += [
            GridCell(
                year_group=year_group,
                row=row,
                count=None if row in withheld.rows else count,
                pupil_ids=disclosure.pupils(",".join(tally.pupil_ids[row])),
                suppressed=row in withheld.rows,
            )
            for row, count in tally.cells.items()
        ]
    return columns, cells


def _column(
    year_group: str, tally: _Tally, withheld: ColumnWithheld, disclosure: Disclosure
) -> GridColumn:
    hidden = withheld.cohort
    at_hidden = hidden or withheld.at_or_above
    return GridColumn(
        year_group=year_group,
        cohort=None if hidden else tally.cohort,
        missing=None if hidden or withheld.missing else tally.missing,
        other_scale=None if hidden or withheld.other else tally.other,
        are_row=tally.are,
        at_or_above=None if at_hidden else tally.at,
        percent_at_or_above=None if at_hidden else disclosure.percent(tally.at, tally.cohort),
        predicted_percent_at_or_above=(
            disclosure.percent(tally.predicted, tally.cohort)
            if tally.predicted and not hidden
            else None
        ),
        suppressed=hidden,
    )


@functools.cache
def combined_rows(rows: Shape) -> Select[Any]:
    """One row per pupil: in how many core subjects they are at or above ARE, and whether any
    result is missing. Bind ``combined_parameters``."""
    parts = []
    for code in CORE_SUBJECTS:
        r = pupil_rows(rows, key=f"_{code}").subquery()
        parts.append(
            select(
                r.c.pupil_id,
                r.c.school_id,
                r.c.year_group,
                r.c.year_group_ordinal,
                r.c.attainment,
                r.c.predicted_at,
            )
        )
    u = union_all(*parts).subquery()
    ok = count_if(u.c.attainment.in_(AT_OR_ABOVE))
    missing = count_if(u.c.attainment.in_((Attainment.missing.value,)))
    per_pupil = select(
        u.c.pupil_id,
        u.c.school_id,
        u.c.year_group,
        u.c.year_group_ordinal,
        case(
            (missing > 0, literal("missing")),
            (ok == 3, literal("all_three")),
            (ok == 2, literal("two")),
            (ok == 1, literal("one")),
            else_=literal("none"),
        ).label("band"),
        case((func.min(u.c.predicted_at) == 1, 1), else_=0).label("predicted_at"),
    ).group_by(u.c.pupil_id, u.c.school_id, u.c.year_group, u.c.year_group_ordinal)
    return per_pupil


def combined_parameters(points: Points, subject: Subjects, cohort: Cohort) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for code, subject_id in zip(CORE_SUBJECTS, subject.ids, strict=True):
        values |= parameters(points, subject_id, cohort, key=f"_{code}")
    return values


@functools.cache
def _combined_grid_statement(rows: Shape, dialect: str) -> Select[Any]:
    p = combined_rows(rows).subquery()
    return select(
        p.c.year_group,
        p.c.year_group_ordinal,
        p.c.band,
        func.count(),
        ids_of(dialect, p.c.pupil_id),
        func.coalesce(func.sum(p.c.predicted_at), 0),
    ).group_by(p.c.year_group, p.c.year_group_ordinal, p.c.band)


def _combined_grid(
    session: Session,
    school_id: int,
    points: Points,
    subject: Subjects,
    cohort: Cohort,
    disclosure: Disclosure,
) -> Grid:
    groups = session.execute(
        _combined_grid_statement(shape(points, cohort), dialect_of(session)),
        combined_parameters(points, subject, cohort),
    ).all()
    tallies: dict[str, _Tally] = {}
    for year_group, ordinal, band, count, ids, predicted in groups:
        tally = tallies.setdefault(year_group, _Tally(ordinal, are="all_three"))
        at, missing = band == "all_three", band == "missing"
        tally.add(count, predicted, missing=missing, at=at)
        if not missing:
            tally.place(band, count, ids, at=at)
    columns, cells = _grid_columns(tallies, disclosure)
    return Grid(
        school_id=school_id,
        subject="combined",
        point=point_of(session, points),
        scale=None,
        rows=[GridRow(key=key, label=label) for key, label in COMBINED_BANDS],
        columns=columns,
        cells=sorted(cells, key=lambda c: (tallies[c.year_group].ordinal, c.row)),
        suppression_threshold=disclosure.threshold,
    )
