"""Teachers' predictions: where a pupil will be at the end of the academic year, per subject.

A prediction is kept at the school the pupil is on roll at that year, and written only by staff
who may record that pupil's results there (a class teacher for their own class).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, Field
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from termwise.assessment.models import Scale, ScaleKind, ScaleStep, Subject
from termwise.auth.roles import Permission
from termwise.errors import Conflict, FieldError, Forbidden, Unprocessable
from termwise.orgs.models import AcademicYear
from termwise.pupils.models import Enrolment, Pupil
from termwise.tenancy import Principal, enrolment_filter, school_ids_filter
from termwise.tracking.models import Prediction

Code = Annotated[str, Field(min_length=1, max_length=40)]


class PredictionWrite(BaseModel):
    subject: Annotated[str, Field(min_length=1, max_length=30, description="A subject code.")]
    academic_year: Annotated[str, Field(pattern=r"^\d{4}/\d{2}$", description="e.g. 2026/27")]
    step: Code = Field(description="The step predicted for the end of the year, e.g. Y3S.")
    scale: Code | None = Field(
        default=None, description="The step's scale; needed only when the step is ambiguous."
    )


class PredictionsWrite(BaseModel):
    predictions: list[PredictionWrite] = Field(min_length=1, max_length=50)


class PredictionRead(BaseModel):
    id: int
    pupil_id: int
    school_id: int
    subject: str
    academic_year: str
    scale: str
    step: str
    step_label: str
    recorded_by: str
    updated_at: datetime


def _reads(session: Session, statement: Any) -> list[PredictionRead]:
    rows = session.execute(
        statement.add_columns(Subject.code, AcademicYear.code, Scale.code, ScaleStep)
        .join(Subject, Subject.id == Prediction.subject_id)
        .join(AcademicYear, AcademicYear.id == Prediction.academic_year_id)
        .join(ScaleStep, ScaleStep.id == Prediction.step_id)
        .join(Scale, Scale.id == ScaleStep.scale_id)
        .order_by(AcademicYear.starts_on.desc(), Subject.ordinal)
    ).all()
    return [
        PredictionRead(
            id=p.id,
            pupil_id=p.pupil_id,
            school_id=p.school_id,
            subject=subject,
            academic_year=year,
            scale=scale,
            step=step.code,
            step_label=step.label,
            recorded_by=p.recorded_by,
            updated_at=p.updated_at,
        )
        for p, subject, year, scale, step in rows
    ]


def listed(
    session: Session, principal: Principal, pupil_id: int, academic_year_id: int | None
) -> list[PredictionRead]:
    """The pupil's predictions kept at schools where the caller may see pupils."""
    statement = select(Prediction).where(
        Prediction.pupil_id == pupil_id,
        school_ids_filter(principal, Permission.pupils_read, Prediction.school_id),
    )
    if academic_year_id is not None:
        statement = statement.where(Prediction.academic_year_id == academic_year_id)
    return _reads(session, statement)


class _Vocabulary:
    """Subjects, years and the steps of the scales the pupil's trust may use, loaded once."""

    def __init__(self, session: Session, trust_id: int) -> None:
        self.subjects = dict(session.execute(select(Subject.code, Subject.id)).all())
        self.years = dict(session.execute(select(AcademicYear.code, AcademicYear.id)).all())
        self.scales = {
            s.code: s
            for s in session.scalars(
                select(Scale).where(or_(Scale.trust_id.is_(None), Scale.trust_id == trust_id))
            )
        }
        ids = [s.id for s in self.scales.values() if s.kind is ScaleKind.steps]
        self.steps: dict[str, list[ScaleStep]] = {}
        for step in session.scalars(select(ScaleStep).where(ScaleStep.scale_id.in_(ids))):
            self.steps.setdefault(step.code.casefold(), []).append(step)

    def step(self, item: PredictionWrite, at: str) -> ScaleStep | FieldError:
        candidates = self.steps.get(item.step.strip().casefold(), [])
        if item.scale is not None:
            scale = self.scales.get(item.scale.strip())
            if scale is None or scale.kind is not ScaleKind.steps:
                return FieldError(
                    pointer=f"{at}/scale",
                    message=f"no scale of steps {item.scale!r}",
                    code="unknown_scale",
                )
            candidates = [c for c in candidates if c.scale_id == scale.id]
        if not candidates:
            return FieldError(
                pointer=f"{at}/step", message=f"no step {item.step!r}", code="unknown_step"
            )
        if len(candidates) > 1:
            return FieldError(
                pointer=f"{at}/scale",
                message=f"{item.step!r} is a step of several scales; name one",
                code="ambiguous_step",
            )
        return candidates[0]


def save(
    session: Session, principal: Principal, pupil: Pupil, body: PredictionsWrite
) -> list[PredictionRead]:
    """Insert or replace each prediction (one per pupil, subject and year), all or none."""
    vocabulary = _Vocabulary(session, pupil.trust_id)
    enrolments = {
        e.academic_year_id: e
        for e in session.scalars(select(Enrolment).where(Enrolment.pupil_id == pupil.id))
    }
    writable = set(
        session.scalars(
            select(Enrolment.academic_year_id).where(
                Enrolment.pupil_id == pupil.id,
                enrolment_filter(
                    principal,
                    Permission.assessments_write,
                    Enrolment.school_id,
                    Enrolment.class_id,
                ),
            )
        )
    )
    errors: list[FieldError] = []
    planned: dict[tuple[int, int], tuple[int, int]] = {}
    for index, item in enumerate(body.predictions):
        at = f"/predictions/{index}"
        subject_id = vocabulary.subjects.get(item.subject)
        year_id = vocabulary.years.get(item.academic_year)
        if subject_id is None:
            errors.append(_error(at, "subject", f"no subject {item.subject!r}", "unknown_subject"))
        if year_id is None or year_id not in enrolments:
            message = f"the pupil is not on a school's roll in {item.academic_year}"
            errors.append(_error(at, "academic_year", message, "not_on_roll"))
        step = vocabulary.step(item, at)
        if isinstance(step, FieldError):
            errors.append(step)
        if subject_id is None or year_id is None or year_id not in enrolments:
            continue
        if (subject_id, year_id) in planned:
            message = "a second prediction for the same subject and year"
            errors.append(_error(at, "subject", message, "duplicate"))
        elif isinstance(step, ScaleStep):
            planned[(subject_id, year_id)] = (step.id, enrolments[year_id].school_id)
    if errors:
        detail = "; ".join(f"{e.pointer}: {e.message}" for e in errors[:5])
        raise Unprocessable(detail, errors=errors)
    if any(year_id not in writable for _, year_id in planned):
        raise Forbidden("You may not record this pupil's results that year (assessments:write).")
    existing = {
        (p.subject_id, p.academic_year_id): p
        for p in session.scalars(select(Prediction).where(Prediction.pupil_id == pupil.id))
    }
    saved: list[int] = []
    for (subject_id, year_id), (step_id, school_id) in planned.items():
        prediction = existing.get((subject_id, year_id))
        if prediction is None:
            prediction = Prediction(
                pupil_id=pupil.id, subject_id=subject_id, academic_year_id=year_id
            )
            session.add(prediction)
        if prediction.step_id != step_id or prediction.school_id != school_id:
            prediction.step_id = step_id
            prediction.school_id = school_id
            prediction.recorded_by = principal.label
        _flush(session)
        saved.append(prediction.id)
    return _reads(session, select(Prediction).where(Prediction.id.in_(saved)))


def _flush(session: Session) -> None:
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError as exc:
        # Two writers created the same pupil's prediction at once; the other one won.
        raise Conflict("Someone else saved this prediction just now; reload it.") from exc


def _error(at: str, field: str, message: str, code: str) -> FieldError:
    return FieldError(pointer=f"{at}/{field}", message=message, code=code)
