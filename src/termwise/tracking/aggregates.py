"""Grids, gaps, flag lists and overviews: each one query over ``measures.pupil_rows``, shaped
here into what a screen shows. Python only arranges the database's groups, never counts pupils.

Each query is built once per shape and dialect (``functools.cache``) with its values bound as
parameters, so a request spends its time in the database, not in building SQL."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Float,
    Integer,
    Select,
    Text,
    bindparam,
    case,
    cast,
    func,
    literal,
    null,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from termwise.assessment.models import AssessmentPoint, Scale, ScaleStep
from termwise.orgs.models import AcademicYear, School
from termwise.tracking import measures
from termwise.tracking.measures import (
    CORE_SUBJECTS,
    Attainment,
    Cohort,
    Flag,
    Points,
    Shape,
    Subgroup,
    Subjects,
    parameters,
    pupil_rows,
    shape,
)
from termwise.tracking.schemas import (
    ClassTracker,
    FlagCount,
    Gap,
    GapTable,
    Grid,
    GridCell,
    GridColumn,
    GridRow,
    GroupMeasures,
    Placement,
    PointRead,
    PupilFlag,
    SchoolHeadline,
    TrackedPupil,
    TransitionCell,
    TransitionMatrix,
    TrustOverview,
)
from termwise.tracking.suppression import (
    ColumnCounts,
    ColumnWithheld,
    Line,
    withheld_cells,
    withheld_in_column,
)

AT_OR_ABOVE = (Attainment.at.value, Attainment.above.value)
GOOD_PROGRESS = (Flag.expected.value, Flag.accelerated.value)
JUDGED = (*GOOD_PROGRESS, Flag.slow.value, Flag.stuck.value, Flag.falling_behind.value)
COMBINED_BANDS = (
    ("all_three", "At ARE in all three"),
    ("two", "In two"),
    ("one", "In one"),
    ("none", "In none"),
)


@dataclass(frozen=True)
class Disclosure:
    """What the reader may be shown: counts of small groups, and which pupils."""

    # Aggregates over fewer pupils than this are suppressed; None shows every number.
    threshold: int | None
    show_pupils: bool

    def hides(self, size: int) -> bool:
        return self.threshold is not None and size < self.threshold

    def count(self, value: int, size: int | None = None) -> int | None:
        return None if self.hides(value if size is None else size) else value

    def percent(self, part: int, whole: int) -> float | None:
        """``part`` as a percentage of ``whole``, withheld with either: a reader who sees the
        whole would otherwise work a withheld count back out (50% of 6 is 3 pupils)."""
        if whole == 0 or self.hides(whole) or self.hides(part):
            return None
        return round(100.0 * part / whole, 1)

    def pupils(self, ids: str | None) -> list[int] | None:
        if not self.show_pupils:
            return None
        return sorted(int(i) for i in ids.split(",")) if ids else []


def point_read(session: Session, point: AssessmentPoint | None) -> PointRead | None:
    if point is None:
        return None
    year = session.get(AcademicYear, point.academic_year_id)
    assert year is not None
    return PointRead(
        id=point.id, code=point.code, name=point.name, academic_year=year.code, slot=point.slot
    )


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def _ids(dialect: str, column: Any) -> ColumnElement[Any]:
    """The pupils of a group as one comma-separated string, in either database's dialect."""
    if dialect == "postgresql":
        return func.string_agg(cast(column, Text()), ",")
    return func.group_concat(column, ",")


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


_SCALE_STEPS = (
    select(ScaleStep.code, ScaleStep.label)
    .where(ScaleStep.scale_id == bindparam("scale", type_=Integer))
    .order_by(ScaleStep.ordinal.desc())
)


def _steps(session: Session, scale_id: int) -> list[GridRow]:
    """The scale's steps as rows, highest first."""
    return [
        GridRow(key=code, label=label)
        for code, label in session.execute(_SCALE_STEPS, {"scale": scale_id})
    ]


def _most_used(counts: dict[int, int]) -> int | None:
    """The scale holding the most results; on a tie, the one set up first."""
    return max(counts, key=lambda scale: (counts[scale], -scale)) if counts else None


# --- the whole-school grid ------------------------------------------------------------------


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
            _ids(dialect, r.c.pupil_id).label("ids"),
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
        _grid_statement(shape(points, cohort), _dialect(session)),
        parameters(points, subject.id, cohort),
    ).all()
    groups = [g for g in found if g.part == "cell"]
    used: dict[int, int] = defaultdict(int)
    for g in groups:
        if g.scale_id is not None and g.step is not None:
            used[g.scale_id] += g.pupils
    scale_id = _most_used(used)
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


def point_of(session: Session, points: Points) -> PointRead:
    read = point_read(session, points.point)
    assert read is not None
    return read


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
def _combined_rows(rows: Shape) -> Select[Any]:
    """One row per pupil: in how many core subjects they are at or above ARE, and whether any
    result is missing. Bind ``_combined_parameters``."""
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
    ok = _count_if(u.c.attainment.in_(AT_OR_ABOVE))
    missing = _count_if(u.c.attainment.in_((Attainment.missing.value,)))
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


def _combined_parameters(points: Points, subject: Subjects, cohort: Cohort) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for code, subject_id in zip(CORE_SUBJECTS, subject.ids, strict=True):
        values |= parameters(points, subject_id, cohort, key=f"_{code}")
    return values


@functools.cache
def _combined_grid_statement(rows: Shape, dialect: str) -> Select[Any]:
    p = _combined_rows(rows).subquery()
    return select(
        p.c.year_group,
        p.c.year_group_ordinal,
        p.c.band,
        func.count(),
        _ids(dialect, p.c.pupil_id),
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
        _combined_grid_statement(shape(points, cohort), _dialect(session)),
        _combined_parameters(points, subject, cohort),
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


# --- flags -------------------------------------------------------------------------------------


@functools.cache
def _flags_statement(rows: Shape, by_flag: bool, include_muted: bool) -> Select[Any]:
    r = pupil_rows(rows).subquery()
    statement = select(r).order_by(r.c.year_group_ordinal, r.c.last_name, r.c.pupil_id)
    if by_flag:
        statement = statement.where(r.c.flag.in_(bindparam("flags", expanding=True)))
    if not include_muted:
        statement = statement.where(r.c.muted_reason.is_(None))
    return statement


def pupil_flags(
    session: Session,
    points: Points,
    subject: Subjects,
    cohort: Cohort,
    *,
    flags: list[Flag] | None,
    include_muted: bool,
) -> list[PupilFlag]:
    values = parameters(points, subject.id, cohort)
    if flags:
        values["flags"] = [f.value for f in flags]
    statement = _flags_statement(shape(points, cohort, with_names=True), bool(flags), include_muted)
    return [
        PupilFlag(
            pupil_id=row.pupil_id,
            first_name=row.first_name,
            last_name=row.last_name,
            school_id=row.school_id,
            year_group=row.year_group,
            class_id=row.class_id,
            subject=subject.code,
            step=row.step,
            step_before=row.step_before,
            are_step=row.are_step,
            attainment=row.attainment,
            distance=row.distance,
            gain=row.gain,
            expected_gain=row.expected_gain,
            flag=row.flag,
            rule=f"{measures.RULES} v{row.rule_version or 1}",
            tolerance=row.tolerance,
            muted_reason=row.muted_reason,
            mute_id=row.mute_id,
        )
        for row in session.execute(statement, values)
    ]


@functools.cache
def _flag_counts_statement(rows: Shape) -> Select[Any]:
    r = pupil_rows(rows).subquery()
    return (
        select(r.c.school_id, r.c.year_group, r.c.year_group_ordinal, r.c.flag, func.count())
        .where(r.c.flag.is_not(None))
        .group_by(r.c.school_id, r.c.year_group, r.c.year_group_ordinal, r.c.flag)
        .order_by(r.c.school_id, r.c.year_group_ordinal, r.c.flag)
    )


def flag_counts(
    session: Session, points: Points, subject: Subjects, cohort: Cohort, disclosure: Disclosure
) -> list[FlagCount]:
    groups = session.execute(
        _flag_counts_statement(shape(points, cohort)), parameters(points, subject.id, cohort)
    ).all()
    return [
        FlagCount(
            school_id=school_id,
            year_group=year_group,
            flag=flag,
            count=disclosure.count(count),
            suppressed=disclosure.hides(count),
        )
        for school_id, year_group, _, flag, count in groups
    ]


# --- subgroup gaps ----------------------------------------------------------------------------


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
                _count_if(side),
                _count_if(side & at),
                _count_if(side & judged),
                _count_if(side & good),
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


# --- the transition matrix ---------------------------------------------------------------------


@functools.cache
def _transition_statement(rows: Shape, dialect: str) -> Select[Any]:
    r = pupil_rows(rows).subquery()
    return (
        select(
            r.c.scale_before_id,
            r.c.step_before,
            r.c.scale_id,
            r.c.step,
            func.count(),
            _ids(dialect, r.c.pupil_id),
        )
        .where(r.c.step_before.is_not(None), r.c.step.is_not(None))
        .group_by(r.c.scale_before_id, r.c.step_before, r.c.scale_id, r.c.step)
    )


def transition_matrix(
    session: Session,
    school_id: int,
    points: Points,
    subject: Subjects,
    cohort: Cohort,
    disclosure: Disclosure,
) -> TransitionMatrix:
    assert points.before is not None
    groups = session.execute(
        _transition_statement(shape(points, cohort), _dialect(session)),
        parameters(points, subject.id, cohort),
    ).all()
    from_scales: dict[int, int] = defaultdict(int)
    to_scales: dict[int, int] = defaultdict(int)
    for g in groups:
        from_scales[g.scale_before_id] += g[4]
        to_scales[g.scale_id] += g[4]
    from_scale = _most_used(from_scales)
    to_scale = _most_used(to_scales)
    before = point_read(session, points.before)
    assert before is not None
    return TransitionMatrix(
        school_id=school_id,
        subject=subject.code,
        year_group=cohort.year_group,
        from_point=before,
        point=point_of(session, points),
        from_rows=_steps(session, from_scale) if from_scale else [],
        to_columns=list(reversed(_steps(session, to_scale))) if to_scale else [],
        cells=[
            TransitionCell(
                from_row=g.step_before,
                to_row=g.step,
                count=disclosure.count(g[4]),
                pupil_ids=disclosure.pupils(g[5]),
                suppressed=disclosure.hides(g[4]),
            )
            for g in groups
            if g.scale_before_id == from_scale and g.scale_id == to_scale
        ],
        suppression_threshold=disclosure.threshold,
    )


# --- the class tracker -------------------------------------------------------------------------


def tracked_pupils(placed: Sequence[Any]) -> list[TrackedPupil]:
    """Placement rows (``measures.placements``, a pupil's rows together, in point order) as
    pupils, each with their step, attainment and flag at every point."""
    pupils: dict[int, TrackedPupil] = {}
    for p in placed:
        pupil = pupils.setdefault(
            p.pupil_id,
            TrackedPupil(
                pupil_id=p.pupil_id,
                first_name=p.first_name,
                last_name=p.last_name,
                year_group=p.year_group,
                placements=[],
            ),
        )
        pupil.placements.append(
            Placement(point_id=p.point_id, step=p.step, attainment=p.attainment, flag=p.flag)
        )
    return list(pupils.values())


@functools.cache
def _tracker_statement(shapes: tuple[Shape, ...]) -> Select[Any]:
    u = measures.placements(shapes).subquery()
    return select(u).order_by(u.c.last_name, u.c.pupil_id, u.c.point_ordinal)


def class_tracker(
    session: Session,
    class_id: int,
    school_id: int,
    trust_id: int,
    academic_year: AcademicYear,
    subject: Subjects,
) -> ClassTracker:
    points = measures.termly_points(session, trust_id, academic_year.id)
    cohort = Cohort([school_id], class_id=class_id)
    pupils: list[TrackedPupil] = []
    rows: list[GridRow] = []
    if points:
        placed = session.execute(
            _tracker_statement(measures.placement_shapes(points, cohort)),
            measures.placement_parameters(points, subject.id, cohort),
        ).all()
        pupils = tracked_pupils(placed)
        scales: dict[int, int] = defaultdict(int)
        for p in placed:
            if p.scale_id is not None and p.step is not None:
                scales[p.scale_id] += 1
        scale_id = _most_used(scales)
        if scale_id is not None:
            rows = _steps(session, scale_id)
    return ClassTracker(
        class_id=class_id,
        subject=subject.code,
        academic_year=academic_year.code,
        points=[point_of(session, p) for p in points],
        rows=rows,
        pupils=pupils,
    )


# --- the trust overview ------------------------------------------------------------------------


@functools.cache
def _overview_statement(rows: Shape, combined: bool) -> Select[Any]:
    if combined:
        p = _combined_rows(rows).subquery()
        return select(
            p.c.school_id,
            func.count(),
            _count_if(p.c.band == "all_three"),
            literal(0),
            literal(0),
            literal(0),
            literal(0),
            _count_if(p.c.band == "missing"),
        ).group_by(p.c.school_id)
    r = pupil_rows(rows).subquery()
    return select(
        r.c.school_id,
        func.count(),
        _count_if(r.c.attainment.in_(AT_OR_ABOVE)),
        _count_if(r.c.flag.in_(JUDGED)),
        _count_if(r.c.flag.in_(GOOD_PROGRESS)),
        _count_if(r.c.flag == Flag.stuck.value),
        _count_if(r.c.flag == Flag.falling_behind.value),
        _count_if(r.c.attainment == Attainment.missing.value),
    ).group_by(r.c.school_id)


def trust_overview(
    session: Session,
    trust_id: int,
    school_ids: list[int],
    points: Points,
    subject: Subjects,
    disclosure: Disclosure,
) -> TrustOverview:
    cohort = Cohort(school_ids)
    combined = subject.code == "combined"
    values = (
        _combined_parameters(points, subject, cohort)
        if combined
        else parameters(points, subject.id, cohort)
    )
    statement = _overview_statement(shape(points, cohort), combined)
    figures = {row[0]: row[1:] for row in session.execute(statement, values)}
    names = dict(
        session.execute(
            select(School.id, School.name).where(School.id.in_(school_ids)).order_by(School.name)
        ).all()
    )
    headlines = []
    for school_id, name in names.items():
        cohort_size, at, judged, good, stuck, behind, missing = figures.get(
            school_id, (0, 0, 0, 0, 0, 0, 0)
        )
        hidden = disclosure.hides(cohort_size)
        progress = not combined
        headlines.append(
            SchoolHeadline(
                school_id=school_id,
                school_name=name,
                cohort=None if hidden else cohort_size,
                percent_at_or_above=disclosure.percent(at, cohort_size),
                percent_expected_or_better=(
                    disclosure.percent(good, judged) if progress and not hidden else None
                ),
                stuck=disclosure.count(stuck) if progress and not hidden else None,
                falling_behind=disclosure.count(behind) if progress and not hidden else None,
                missing=None if hidden else disclosure.count(missing),
                suppressed=hidden,
            )
        )
    return TrustOverview(
        trust_id=trust_id,
        subject=subject.code,
        point=point_of(session, points),
        from_point=point_read(session, points.before),
        schools=headlines,
        suppression_threshold=disclosure.threshold,
    )
