"""Reads of pupils and their results, each starting from the pupils the caller may see."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from termwise.assessment.models import (
    Assessment,
    AssessmentPoint,
    Scale,
    ScaleStep,
    Subject,
)
from termwise.assessment.statutory import is_statutory
from termwise.auth.roles import Permission
from termwise.errors import NotFound
from termwise.orgs.models import AcademicYear, School, SchoolClass, YearGroup
from termwise.pupils.models import Enrolment, Pupil, PupilCharacteristics
from termwise.pupils.schemas import AssessmentRead, CharacteristicsRead, EnrolmentRead
from termwise.tenancy import Principal, enrolment_filter, school_ids_filter


def reachable_enrolments(principal: Principal) -> Select[int]:
    return select(Enrolment.pupil_id).where(
        enrolment_filter(principal, Permission.pupils_read, Enrolment.school_id, Enrolment.class_id)
    )


def readable_pupils(principal: Principal) -> Select[Pupil]:
    return select(Pupil).where(Pupil.id.in_(reachable_enrolments(principal)))


def get_pupil(session: Session, principal: Principal, pupil_id: int) -> Pupil:
    pupil = session.scalar(readable_pupils(principal).where(Pupil.id == pupil_id))
    if pupil is None:
        raise NotFound(f"No pupil {pupil_id} that you can see.")
    return pupil


def enrolments(
    session: Session, principal: Principal, pupil_ids: list[int], academic_year_id: int | None
) -> dict[int, list[EnrolmentRead]]:
    """Each pupil's enrolments at schools the caller can see, newest year first."""
    statement = (
        select(
            Enrolment.pupil_id,
            AcademicYear.code,
            School.id,
            School.name,
            YearGroup.code,
            SchoolClass.id,
            SchoolClass.name,
        )
        .join(AcademicYear, AcademicYear.id == Enrolment.academic_year_id)
        .join(School, School.id == Enrolment.school_id)
        .join(YearGroup, YearGroup.id == Enrolment.year_group_id)
        .outerjoin(SchoolClass, SchoolClass.id == Enrolment.class_id)
        .where(
            Enrolment.pupil_id.in_(pupil_ids),
            school_ids_filter(principal, Permission.orgs_read, Enrolment.school_id),
        )
        .order_by(AcademicYear.starts_on.desc(), Enrolment.id)
    )
    if academic_year_id is not None:
        statement = statement.where(Enrolment.academic_year_id == academic_year_id)
    found: dict[int, list[EnrolmentRead]] = {pupil_id: [] for pupil_id in pupil_ids}
    for pupil_id, year, school_id, school, group, class_id, class_name in session.execute(
        statement
    ):
        found[pupil_id].append(
            EnrolmentRead(
                academic_year=year,
                school_id=school_id,
                school_name=school,
                year_group=group,
                class_id=class_id,
                class_name=class_name,
            )
        )
    return found


def characteristics(
    session: Session, pupil_ids: list[int], academic_year_id: int | None
) -> dict[int, list[CharacteristicsRead]]:
    statement = (
        select(PupilCharacteristics, AcademicYear.code)
        .join(AcademicYear, AcademicYear.id == PupilCharacteristics.academic_year_id)
        .where(PupilCharacteristics.pupil_id.in_(pupil_ids))
        .order_by(AcademicYear.starts_on.desc())
    )
    if academic_year_id is not None:
        statement = statement.where(PupilCharacteristics.academic_year_id == academic_year_id)
    found: dict[int, list[CharacteristicsRead]] = {pupil_id: [] for pupil_id in pupil_ids}
    for row, year in session.execute(statement):
        found[row.pupil_id].append(
            CharacteristicsRead(
                academic_year=year,
                disadvantaged=row.disadvantaged,
                fsm=row.fsm,
                ever6_fsm=row.ever6_fsm,
                pupil_premium=row.pupil_premium,
                eal=row.eal,
                sen_status=row.sen_status,
                looked_after=row.looked_after,
                more_able=row.more_able,
            )
        )
    return found


def readable_assessments(principal: Principal) -> Select[*tuple[Any, ...]]:
    """Results of the pupils the caller may see, with the names a reader needs."""
    return (
        select(
            Assessment,
            Subject.code,
            AcademicYear.code,
            AssessmentPoint.code,
            AssessmentPoint.name,
            AssessmentPoint.assessed_on,
            Scale.code,
            ScaleStep.code,
            ScaleStep.label,
            ScaleStep.points,
        )
        .join(Subject, Subject.id == Assessment.subject_id)
        .join(AssessmentPoint, AssessmentPoint.id == Assessment.point_id)
        .join(AcademicYear, AcademicYear.id == AssessmentPoint.academic_year_id)
        .outerjoin(Scale, Scale.id == Assessment.scale_id)
        .outerjoin(ScaleStep, ScaleStep.id == Assessment.step_id)
        .where(Assessment.pupil_id.in_(reachable_enrolments(principal)))
    )


def assessment_read(row: tuple[object, ...]) -> AssessmentRead:
    a, subject, year, point, point_name, assessed_on, scale, step, label, points = row
    assert isinstance(a, Assessment)
    return AssessmentRead(
        id=a.id,
        pupil_id=a.pupil_id,
        school_id=a.school_id,
        subject=str(subject),
        academic_year=str(year),
        point=str(point),
        point_name=str(point_name),
        statutory=is_statutory(str(point)),
        assessed_on=assessed_on,
        scale=scale,
        step=step,
        step_label=label,
        points=points,
        score=a.score,
        non_result=a.non_result.value if a.non_result else None,
        source=a.source.value,
        recorded_by=a.recorded_by,
        recorded_at=a.recorded_at,
    )
