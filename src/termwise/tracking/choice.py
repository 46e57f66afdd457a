"""Which points and subjects a tracking view measures: the point asked for (or the trust's
latest with results) and the one progress is measured from, and the subject or the core
subjects together. Read in a query or two before any pupil is counted."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Integer,
    Select,
    String,
    and_,
    bindparam,
    exists,
    or_,
    select,
)
from sqlalchemy.orm import Session

from termwise.assessment.models import (
    Assessment,
    AssessmentPoint,
    Subject,
)
from termwise.assessment.statutory import STAGES, StageCode
from termwise.errors import NotFound, Unprocessable
from termwise.orgs.models import AcademicYear, YearGroup
from termwise.tracking.measures import CORE_SUBJECTS, TERMLY_SLOTS


@dataclass(frozen=True)
class Points:
    """The point measured and the one progress is measured from (None: attainment only)."""

    point: AssessmentPoint
    year: AcademicYear
    before: AssessmentPoint | None
    years_between: int
    terms_between: int | None


# The trust's termly points with their years, and any other point asked for by id: few rows
# (three a year), read in one query and chosen from in Python.
_IN_TRUST_POINTS = and_(
    AssessmentPoint.trust_id == bindparam("trust", type_=Integer),
    or_(
        AssessmentPoint.slot.in_(TERMLY_SLOTS),
        AssessmentPoint.id.in_(bindparam("ids", type_=Integer, expanding=True)),
    ),
)
_TRUST_POINTS = (
    select(AssessmentPoint, AcademicYear)
    .join(AcademicYear, AcademicYear.id == AssessmentPoint.academic_year_id)
    .where(_IN_TRUST_POINTS)
)


_Found = dict[int, tuple[AssessmentPoint, AcademicYear]]


def _trust_points(session: Session, trust_id: int, asked: list[int]) -> _Found:
    return {
        point.id: (point, year)
        for point, year in session.execute(_TRUST_POINTS, {"trust": trust_id, "ids": asked})
    }


def resolve_points(
    session: Session, trust_id: int, point_id: int, from_point_id: int | None = None
) -> Points:
    """The point measured and the one progress is measured from: ``from_point_id``, or else
    the trust's termly point just before (statutory points are not in the way)."""
    asked = [point_id] if from_point_id is None else [point_id, from_point_id]
    return _resolved(_trust_points(session, trust_id, asked), point_id, from_point_id)


def termly_points(session: Session, trust_id: int, academic_year_id: int) -> list[Points]:
    """The trust's termly points of a year in order, each with the one before it."""
    found = _trust_points(session, trust_id, [])
    return [
        _resolved(found, point.id, None)
        for point, _ in sorted(found.values(), key=lambda p: p[0].ordinal)
        if point.academic_year_id == academic_year_id
    ]


def _resolved(found: _Found, point_id: int, from_point_id: int | None) -> Points:
    if point_id not in found:
        raise NotFound(f"No assessment point {point_id} in this trust.")
    point, year = found[point_id]
    if from_point_id is not None:
        if from_point_id not in found:
            raise NotFound(f"No assessment point {from_point_id} in this trust.")
        before, before_year = found[from_point_id]
    else:
        earlier = [
            (y.starts_on, p.ordinal, p.id)
            for p, y in found.values()
            if p.slot in TERMLY_SLOTS and (y.starts_on, p.ordinal) < (year.starts_on, point.ordinal)
        ]
        if point.slot not in TERMLY_SLOTS or not earlier:
            return Points(point, year, None, 0, None)
        before, before_year = found[max(earlier)[2]]
    if (before_year.starts_on, before.ordinal) >= (year.starts_on, point.ordinal):
        raise Unprocessable("Progress is measured from an earlier point to a later one.")
    years = year.starts_on.year - before_year.starts_on.year
    terms = None
    if point.slot in TERMLY_SLOTS and before.slot in TERMLY_SLOTS:
        terms = 3 * years + TERMLY_SLOTS.index(point.slot) - TERMLY_SLOTS.index(before.slot)
    return Points(point, year, before, years, terms)


def statutory_point(
    session: Session, trust_id: int, year: AcademicYear, year_group: str, code: StageCode
) -> int:
    """The trust's point for the statutory assessment that the pupils in ``year_group`` in
    ``year`` took when they were younger (KS1 four years before Year 6, say)."""
    stage = STAGES[code]
    ordinals = dict(
        session.execute(
            select(YearGroup.code, YearGroup.ordinal).where(
                YearGroup.code.in_((year_group, stage.year_group))
            )
        ).all()
    )
    if year_group not in ordinals:
        raise Unprocessable(f"No year group {year_group!r}.")
    years_since = ordinals[year_group] - ordinals[stage.year_group]
    if years_since < 0:
        raise Unprocessable(f"Pupils in {year_group} have not taken the {stage.name} yet.")
    point = session.execute(
        select(AssessmentPoint.id, AcademicYear.code)
        .join(AcademicYear, AcademicYear.id == AssessmentPoint.academic_year_id)
        .where(
            AssessmentPoint.trust_id == trust_id,
            AssessmentPoint.code == stage.code,
            AcademicYear.starts_on
            == year.starts_on.replace(year=year.starts_on.year - years_since),
        )
    ).first()
    if point is None:
        raise NotFound(
            f"No {stage.name} results for the pupils now in {year_group}: none has been "
            "recorded or imported for the year they took it."
        )
    return int(point.id)


_SUBJECT_IDS = select(Subject.code, Subject.id).where(
    Subject.code.in_(bindparam("codes", type_=String, expanding=True))
)


@dataclass(frozen=True)
class Subjects:
    """What a view is about: one subject, or ``combined`` (all of the core subjects)."""

    code: str
    ids: tuple[int, ...]

    @property
    def id(self) -> int:
        assert len(self.ids) == 1, "a combined view has no single subject"
        return self.ids[0]


def subjects(session: Session, code: str, *, combined: bool = False) -> Subjects:
    """The subject named by ``code`` (``combined`` too, where allowed); 422 for another."""
    codes = list(CORE_SUBJECTS) if combined and code == "combined" else [code]
    ids: dict[str, int] = {
        code: id_ for code, id_ in session.execute(_SUBJECT_IDS, {"codes": codes})
    }
    if len(ids) != len(codes):
        raise Unprocessable(f"No subject {code!r}.")
    return Subjects(code, tuple(ids[c] for c in codes))


# The trust's latest termly point that has any result: where a view starts when not told.
_LATEST_POINT = (
    select(AssessmentPoint.id)
    .join(AcademicYear, AcademicYear.id == AssessmentPoint.academic_year_id)
    .where(
        AssessmentPoint.trust_id == bindparam("trust", type_=Integer),
        AssessmentPoint.slot.in_(TERMLY_SLOTS),
        exists().where(Assessment.point_id == AssessmentPoint.id),
    )
    .order_by(AcademicYear.starts_on.desc(), AssessmentPoint.ordinal.desc())
    .limit(1)
)
_NO_RESULTS_YET = "This trust has no results at any termly assessment point yet."


def latest_point(session: Session, trust_id: int) -> int:
    point_id = session.scalar(_LATEST_POINT, {"trust": trust_id})
    if point_id is None:
        raise NotFound(_NO_RESULTS_YET)
    return point_id


@dataclass(frozen=True)
class Measured:
    """What a tracking view measures: its subject(s), and the points."""

    subjects: Subjects
    points: Points


@functools.cache
def _measured_statement(subject_count: int, with_latest: bool) -> Select[Any]:
    """One row per point of ``_TRUST_POINTS``, each carrying the ids of the subjects asked for
    (``subject0``, ``subject1`` …) and, ``with_latest``, the trust's latest point with results.
    The asked-for values come from a one-row derived table that the points are outer-joined
    to, so an unknown subject is told apart from a trust without points."""
    asked: list[Any] = [
        select(Subject.id)
        .where(Subject.code == bindparam(f"subject{i}", type_=String))
        .scalar_subquery()
        .label(f"subject{i}")
        for i in range(subject_count)
    ]
    if with_latest:
        asked.append(_LATEST_POINT.correlate(None).scalar_subquery().label("latest"))
    values = select(*asked).subquery("asked")
    return (
        select(values, AssessmentPoint, AcademicYear)
        .select_from(values)
        .outerjoin(AssessmentPoint, _IN_TRUST_POINTS)
        .outerjoin(AcademicYear, AcademicYear.id == AssessmentPoint.academic_year_id)
    )


def measured(
    session: Session,
    trust_id: int,
    subject: str,
    point_id: int | None,
    from_point_id: int | None = None,
    *,
    combined: bool = False,
) -> Measured:
    """``subjects`` and ``resolve_points`` (from the trust's latest point with results when
    ``point_id`` is None) in one round trip: the first thing every tracking view does."""
    codes = list(CORE_SUBJECTS) if combined and subject == "combined" else [subject]
    asked = [p for p in (point_id, from_point_id) if p is not None]
    rows = session.execute(
        _measured_statement(len(codes), point_id is None),
        {"trust": trust_id, "ids": asked} | {f"subject{i}": c for i, c in enumerate(codes)},
    ).all()
    values = rows[0]._mapping
    ids = tuple(values[f"subject{i}"] for i in range(len(codes)))
    if None in ids:
        raise Unprocessable(f"No subject {subject!r}.")
    if point_id is None:
        point_id = values["latest"]
        if point_id is None:
            raise NotFound(_NO_RESULTS_YET)
    found = {
        row.AssessmentPoint.id: (row.AssessmentPoint, row.AcademicYear)
        for row in rows
        if row.AssessmentPoint is not None
    }
    return Measured(Subjects(subject, ids), _resolved(found, point_id, from_point_id))


def subject_id(session: Session, code: str) -> int:
    found = session.scalar(select(Subject.id).where(Subject.code == code))
    if found is None:
        raise NotFound(f"No subject {code!r}.")
    return found
