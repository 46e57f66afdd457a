"""Everything a batch is checked against, loaded once per batch in a handful of queries, so
checking a row is dictionary look-ups (microseconds), never a query."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from termwise.assessment.models import AssessmentPoint, Scale, ScaleKind, ScaleStep, Subject
from termwise.assessment.statutory import POINT_ONLY_SCALES, STAGES
from termwise.orgs.models import AcademicYear, SchoolClass, YearGroup


@dataclass(frozen=True, slots=True)
class PointRef:
    id: int
    academic_year_id: int
    assessed_on: date
    closed_at: datetime | None
    # A national statutory assessment: results come from any school the pupil was at.
    statutory: bool
    # The scale a bare number means here, where several score scales could.
    score_scale: str | None


@dataclass(frozen=True, slots=True)
class ScaleRef:
    id: int
    code: str
    kind: ScaleKind
    score_min: float | None
    score_max: float | None


@dataclass(frozen=True, slots=True)
class Vocabulary:
    trust_id: int
    school_id: int
    subjects: dict[str, int]
    academic_years: dict[str, int]
    year_groups: dict[str, int]
    # (academic year code, point code) → point
    points: dict[tuple[str, str], PointRef]
    scales: dict[str, ScaleRef]
    # folded step code → [(scale id, step id)]: several scales may share a code
    steps: dict[str, list[tuple[int, int]]]
    # (academic year id, folded class name) → class id, for this school
    classes: dict[tuple[int, str], int]

    def score_scales(self) -> list[ScaleRef]:
        """The score scales a bare number may be on, wherever it is sent."""
        return [
            s
            for s in self.scales.values()
            if s.kind is ScaleKind.score and s.code not in POINT_ONLY_SCALES
        ]


def load_points(session: Session, trust_id: int) -> dict[tuple[str, str], PointRef]:
    points = {}
    for p, year_code in session.execute(
        select(AssessmentPoint, AcademicYear.code)
        .join(AcademicYear, AcademicYear.id == AssessmentPoint.academic_year_id)
        .where(AssessmentPoint.trust_id == trust_id)
    ).all():
        stage = STAGES.get(p.code)
        points[(year_code, p.code)] = PointRef(
            p.id,
            p.academic_year_id,
            p.assessed_on,
            p.closed_at,
            statutory=stage is not None,
            score_scale=stage.score_scale if stage else None,
        )
    return points


def load_vocabulary(session: Session, trust_id: int, school_id: int) -> Vocabulary:
    subjects = dict(session.execute(select(Subject.code, Subject.id)).all())
    academic_years = dict(session.execute(select(AcademicYear.code, AcademicYear.id)).all())
    year_groups = dict(session.execute(select(YearGroup.code, YearGroup.id)).all())
    points = load_points(session, trust_id)
    visible_scales = or_(Scale.trust_id.is_(None), Scale.trust_id == trust_id)
    scales = {
        s.code: ScaleRef(s.id, s.code, s.kind, s.score_min, s.score_max)
        for s in session.scalars(select(Scale).where(visible_scales))
    }
    steps: dict[str, list[tuple[int, int]]] = {}
    scale_ids = [s.id for s in scales.values()]
    for scale_id, step_id, code in session.execute(
        select(ScaleStep.scale_id, ScaleStep.id, ScaleStep.code).where(
            ScaleStep.scale_id.in_(scale_ids)
        )
    ).all():
        steps.setdefault(code.casefold(), []).append((scale_id, step_id))
    classes = {
        (year_id, name.casefold()): class_id
        for class_id, year_id, name in session.execute(
            select(SchoolClass.id, SchoolClass.academic_year_id, SchoolClass.name).where(
                SchoolClass.school_id == school_id
            )
        ).all()
    }
    return Vocabulary(
        trust_id=trust_id,
        school_id=school_id,
        subjects=subjects,
        academic_years=academic_years,
        year_groups=year_groups,
        points=points,
        scales=scales,
        steps=steps,
        classes=classes,
    )
