"""What every tracking view shares: who may be shown what (``Disclosure``), the definitions of
"at ARE" and "good progress", and small helpers for the views' queries. Each view is a module of
its own (grid, flags, gaps, transition, class_tracker, overview): one query over
``measures.pupil_rows``, shaped there into what a screen shows. Python only arranges the
database's groups, never counts pupils.

Each query is built once per shape and dialect (``functools.cache``) with its values bound as
parameters, so a request spends its time in the database, not in building SQL."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Text,
    bindparam,
    case,
    cast,
    func,
    select,
)
from sqlalchemy.orm import Session

from termwise.assessment.models import AssessmentPoint, ScaleStep
from termwise.orgs.models import AcademicYear
from termwise.tracking.choice import Points
from termwise.tracking.measures import Attainment, Flag
from termwise.tracking.schemas import (
    GridRow,
    PointRead,
)

AT_OR_ABOVE = (Attainment.at.value, Attainment.above.value)
GOOD_PROGRESS = (Flag.expected.value, Flag.accelerated.value)
JUDGED = (*GOOD_PROGRESS, Flag.slow.value, Flag.stuck.value, Flag.falling_behind.value)


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


def dialect_of(session: Session) -> str:
    return session.get_bind().dialect.name


def ids_of(dialect: str, column: Any) -> ColumnElement[Any]:
    """The pupils of a group as one comma-separated string, in either database's dialect."""
    if dialect == "postgresql":
        return func.string_agg(cast(column, Text()), ",")
    return func.group_concat(column, ",")


def count_if(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


SCALE_STEPS = (
    select(ScaleStep.code, ScaleStep.label)
    .where(ScaleStep.scale_id == bindparam("scale", type_=Integer))
    .order_by(ScaleStep.ordinal.desc())
)


def steps_of(session: Session, scale_id: int) -> list[GridRow]:
    """The scale's steps as rows, highest first."""
    return [
        GridRow(key=code, label=label)
        for code, label in session.execute(SCALE_STEPS, {"scale": scale_id})
    ]


def most_used(counts: dict[int, int]) -> int | None:
    """The scale holding the most results; on a tie, the one set up first."""
    return max(counts, key=lambda scale: (counts[scale], -scale)) if counts else None


def point_of(session: Session, points: Points) -> PointRead:
    read = point_read(session, points.point)
    assert read is not None
    return read
