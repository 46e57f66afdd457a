"""Target groups: pupils a school has picked to make accelerated progress in one subject this
term, the pupils the tracking suggests for one, and how a group's members move point by point.

Membership rows are not audited models of their own, so every change of members is written to
the audit log here, against the group, by the request's actor.
"""

from __future__ import annotations

import functools
from datetime import datetime
from typing import Annotated, Any, Literal, cast

from pydantic import BaseModel, Field, StringConstraints
from sqlalchemy import Select, case, delete, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from termwise.assessment.models import AssessmentPoint, Subject
from termwise.audit.recorder import record_event
from termwise.db import utcnow
from termwise.errors import Conflict, FieldError, Unprocessable
from termwise.ids import MAX_ID
from termwise.orgs.models import AcademicYear, School, YearGroup
from termwise.orgs.years import current_academic_year
from termwise.pupils.models import Enrolment, Pupil
from termwise.tenancy import Principal
from termwise.tracking import choice, measures
from termwise.tracking.aggregates import (
    AT_OR_ABOVE,
    GOOD_PROGRESS,
    JUDGED,
    point_read,
)
from termwise.tracking.choice import Points
from termwise.tracking.class_tracker import tracked_pupils
from termwise.tracking.measures import (
    CONCERNS,
    Attainment,
    Cohort,
    Flag,
    Shape,
    parameters,
    pupil_rows,
    shape,
)
from termwise.tracking.models import TargetGroup, TargetGroupMember
from termwise.tracking.schemas import PointRead, TrackedPupil

Term = Literal["aut", "spr", "sum"]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
PupilIds = Annotated[
    list[Annotated[int, Field(ge=1, le=MAX_ID)]],
    Field(max_length=500, description="The group's pupils, each on the school's roll that year."),
]
YearCode = Annotated[str, Field(pattern=r"^\d{4}/\d{2}$", description="e.g. 2026/27")]
MEMBERS_ENTITY = "target_group_members"


class TargetGroupCreate(BaseModel):
    name: Name
    subject: Annotated[str, Field(min_length=1, max_length=30, description="A subject code.")]
    term: Term
    academic_year: YearCode | None = Field(default=None, description="Default: this year.")
    pupil_ids: PupilIds = []


class TargetGroupUpdate(BaseModel):
    name: Name | None = None
    # Replaces the whole membership.
    pupil_ids: PupilIds | None = None
    # True archives the group (it leaves this term's lists); false brings it back.
    archived: bool | None = None


class TargetGroupRead(BaseModel):
    id: int
    school_id: int
    subject: str
    academic_year: str
    term: Term
    name: str
    created_by: str
    archived_at: datetime | None
    member_count: int
    created_at: datetime
    updated_at: datetime


class Member(BaseModel):
    pupil_id: int
    first_name: str
    last_name: str
    year_group: str | None
    class_id: int | None


class TargetGroupDetail(TargetGroupRead):
    members: list[Member]


Reason = Literal["stuck", "falling_behind", "slow", "just_below_are"]


class Suggestion(BaseModel):
    pupil_id: int
    first_name: str
    last_name: str
    year_group: str
    class_id: int | None
    step: str | None
    are_step: str | None
    distance: int | None
    flag: Flag | None
    # Why the pupil is suggested: their progress flag, or one step below ARE.
    reason: Reason


class Suggestions(BaseModel):
    school_id: int
    subject: str
    point: PointRead
    from_point: PointRead | None
    items: list[Suggestion]


class PointMeasures(BaseModel):
    point_id: int
    members: int
    # Members with a result at the point; none yet means the point's measures are null.
    assessed: int
    at_or_above: int
    percent_at_or_above: float | None
    # Expected or accelerated progress, among members with a result at both points.
    percent_expected_or_better: float | None


class GroupProgress(BaseModel):
    group_id: int
    name: str
    subject: str
    academic_year: str
    term: Term
    points: list[PointRead]
    pupils: list[TrackedPupil]
    measures: list[PointMeasures]


# --- reads ------------------------------------------------------------------------------------


def year_of(session: Session, code: str | None, pointer: str) -> AcademicYear:
    if code is None:
        return current_academic_year(session)
    year = session.scalar(select(AcademicYear).where(AcademicYear.code == code))
    if year is None:
        raise _invalid(pointer, f"No academic year {code}.", "unknown_year")
    return year


def subject_of(session: Session, code: str, pointer: str) -> int:
    found = session.scalar(select(Subject.id).where(Subject.code == code))
    if found is None:
        raise _invalid(pointer, f"No subject {code!r}.", "unknown_subject")
    return found


def _invalid(pointer: str, message: str, code: str) -> Unprocessable:
    return Unprocessable(message, errors=[FieldError(pointer=pointer, message=message, code=code)])


def _summary_statement() -> Any:
    members = (
        select(func.count())
        .where(TargetGroupMember.group_id == TargetGroup.id)
        .correlate(TargetGroup)
        .scalar_subquery()
    )
    return (
        select(TargetGroup, Subject.code, AcademicYear.code, members)
        .join(Subject, Subject.id == TargetGroup.subject_id)
        .join(AcademicYear, AcademicYear.id == TargetGroup.academic_year_id)
    )


def _read(row: Any) -> TargetGroupRead:
    group, subject, year, members = row
    return TargetGroupRead(
        id=group.id,
        school_id=group.school_id,
        subject=subject,
        academic_year=year,
        term=cast(Term, group.term),
        name=group.name,
        created_by=group.created_by,
        archived_at=group.archived_at,
        member_count=members,
        created_at=group.created_at,
        updated_at=group.updated_at,
    )


def list_statement(
    school_id: int,
    *,
    academic_year_id: int | None,
    term: str | None,
    subject_id: int | None,
    include_archived: bool,
) -> Any:
    statement = select(TargetGroup).where(TargetGroup.school_id == school_id)
    if academic_year_id is not None:
        statement = statement.where(TargetGroup.academic_year_id == academic_year_id)
    if term is not None:
        statement = statement.where(TargetGroup.term == term)
    if subject_id is not None:
        statement = statement.where(TargetGroup.subject_id == subject_id)
    if not include_archived:
        statement = statement.where(TargetGroup.archived_at.is_(None))
    return statement


def summaries(session: Session, groups: list[TargetGroup]) -> list[TargetGroupRead]:
    if not groups:
        return []
    rows = session.execute(
        _summary_statement()
        .where(TargetGroup.id.in_([g.id for g in groups]))
        .order_by(TargetGroup.id)
    ).all()
    return [_read(row) for row in rows]


def detail(session: Session, group: TargetGroup) -> TargetGroupDetail:
    summary = _read(session.execute(_summary_statement().where(TargetGroup.id == group.id)).one())
    enrolled = (
        select(Enrolment.pupil_id, YearGroup.code.label("year_group"), Enrolment.class_id)
        .join(YearGroup, YearGroup.id == Enrolment.year_group_id)
        .where(
            Enrolment.school_id == group.school_id,
            Enrolment.academic_year_id == group.academic_year_id,
        )
        .subquery()
    )
    first = func.coalesce(Pupil.preferred_first_name, Pupil.legal_first_name)
    last = func.coalesce(Pupil.preferred_last_name, Pupil.legal_last_name)
    rows = session.execute(
        select(Pupil.id, first, last, enrolled.c.year_group, enrolled.c.class_id)
        .join(TargetGroupMember, TargetGroupMember.pupil_id == Pupil.id)
        .outerjoin(enrolled, enrolled.c.pupil_id == Pupil.id)
        .where(TargetGroupMember.group_id == group.id)
        .order_by(last, first, Pupil.id)
    ).all()
    members = [
        Member(pupil_id=p, first_name=f, last_name=la, year_group=y, class_id=c)
        for p, f, la, y, c in rows
    ]
    return TargetGroupDetail(**summary.model_dump(), members=members)


# --- writes -----------------------------------------------------------------------------------


def _check_members(
    session: Session, school_id: int, academic_year_id: int, pupil_ids: list[int]
) -> None:
    """Every member is on the school's roll in the group's year, and listed once."""
    on_roll = set(
        session.scalars(
            select(Enrolment.pupil_id).where(
                Enrolment.school_id == school_id,
                Enrolment.academic_year_id == academic_year_id,
                Enrolment.pupil_id.in_(set(pupil_ids)),
            )
        )
    )
    errors: list[FieldError] = []
    seen: set[int] = set()
    for index, pupil_id in enumerate(pupil_ids):
        if pupil_id in seen:
            errors.append(
                FieldError(
                    pointer=f"/pupil_ids/{index}",
                    message=f"pupil {pupil_id} is listed twice",
                    code="duplicate",
                )
            )
        elif pupil_id not in on_roll:
            errors.append(
                FieldError(
                    pointer=f"/pupil_ids/{index}",
                    message=f"pupil {pupil_id} is not on this school's roll that year",
                    code="not_on_roll",
                )
            )
        seen.add(pupil_id)
    if errors:
        raise Unprocessable(
            "; ".join(f"{e.pointer}: {e.message}" for e in errors[:5]), errors=errors
        )


def _members_of(session: Session, group_id: int) -> list[int]:
    return sorted(
        session.scalars(
            select(TargetGroupMember.pupil_id).where(TargetGroupMember.group_id == group_id)
        )
    )


def _record_members(
    session: Session,
    group: TargetGroup,
    trust_id: int,
    before: list[int] | None,
    after: list[int] | None,
) -> None:
    action = "create" if before is None else "delete" if after is None else "update"
    record_event(
        session,
        action=action,
        entity_type=MEMBERS_ENTITY,
        entity_id=str(group.id),
        trust_id=trust_id,
        school_id=group.school_id,
        before=None if before is None else {"pupil_ids": before},
        after=None if after is None else {"pupil_ids": after},
    )


def _replace_members(session: Session, group: TargetGroup, pupil_ids: list[int]) -> None:
    session.execute(delete(TargetGroupMember).where(TargetGroupMember.group_id == group.id))
    if pupil_ids:
        session.execute(
            insert(TargetGroupMember), [{"group_id": group.id, "pupil_id": p} for p in pupil_ids]
        )


def _flush_naming(session: Session, group: TargetGroup, subject: str) -> None:
    """Flush, turning a clash with the name of another group of the same subject (its code
    given) and term into a 409 naming the field."""
    # Read before the flush: once the savepoint is rolled back, an existing group's attributes
    # are expired and cannot be loaded again in the failed state.
    name = group.name
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError as exc:
        message = f"This school already has a group called {name!r} in {subject} that term."
        raise Conflict(
            message, errors=[FieldError(pointer="/name", message=message, code="duplicate")]
        ) from exc


def create(
    session: Session, principal: Principal, school: School, body: TargetGroupCreate
) -> TargetGroup:
    year = year_of(session, body.academic_year, "/academic_year")
    subject_id = subject_of(session, body.subject, "/subject")
    _check_members(session, school.id, year.id, body.pupil_ids)
    group = TargetGroup(
        school_id=school.id,
        subject_id=subject_id,
        academic_year_id=year.id,
        term=body.term,
        name=body.name,
        created_by=principal.label,
    )
    session.add(group)
    _flush_naming(session, group, body.subject)
    _replace_members(session, group, body.pupil_ids)
    _record_members(session, group, school.trust_id, None, sorted(set(body.pupil_ids)))
    return group


def update(session: Session, group: TargetGroup, trust_id: int, body: TargetGroupUpdate) -> None:
    # Members first: their statements flush the session, and the group's own changes should
    # reach the database in one UPDATE (one new version).
    members_changed = False
    if body.pupil_ids is not None:
        _check_members(session, group.school_id, group.academic_year_id, body.pupil_ids)
        before = _members_of(session, group.id)
        after = sorted(set(body.pupil_ids))
        if before != after:
            _replace_members(session, group, body.pupil_ids)
            _record_members(session, group, trust_id, before, after)
            members_changed = True
    # Only a new name can clash with another group's; the clash is told in the group's subject.
    subject = None
    if body.name is not None and body.name != group.name:
        subject = session.scalar(select(Subject.code).where(Subject.id == group.subject_id))
        group.name = body.name
    if body.archived is not None and body.archived != (group.archived_at is not None):
        group.archived_at = utcnow() if body.archived else None
    if members_changed:
        # Members live in their own table: touching the group moves its version (ETag).
        group.updated_at = utcnow()
    if subject is None:
        session.flush()
    else:
        _flush_naming(session, group, subject)


def remove(session: Session, group: TargetGroup, trust_id: int) -> None:
    _record_members(session, group, trust_id, _members_of(session, group.id), None)
    session.execute(delete(TargetGroupMember).where(TargetGroupMember.group_id == group.id))
    session.delete(group)
    session.flush()


# --- suggestions and progress -----------------------------------------------------------------


@functools.cache
def _suggestions_statement(rows: Shape) -> Select[Any]:
    r = pupil_rows(rows).subquery()
    concern = r.c.flag.in_([f.value for f in CONCERNS]) & r.c.muted_reason.is_(None)
    return (
        select(r)
        .where(concern | (r.c.distance == -1))
        .order_by(r.c.year_group_ordinal, r.c.last_name, r.c.first_name, r.c.pupil_id)
    )


def suggestions(session: Session, school_id: int, points: Points, subject: str) -> Suggestions:
    """Pupils flagged stuck, falling behind or slow (unless a leader muted the flag), or one
    step below ARE: one query over the tracking rows."""
    cohort = Cohort([school_id])
    rows = session.execute(
        _suggestions_statement(shape(points, cohort, with_names=True)),
        parameters(points, choice.subject_id(session, subject), cohort),
    ).all()
    items = []
    for row in rows:
        flagged = row.flag in {f.value for f in CONCERNS} and row.muted_reason is None
        items.append(
            Suggestion(
                pupil_id=row.pupil_id,
                first_name=row.first_name,
                last_name=row.last_name,
                year_group=row.year_group,
                class_id=row.class_id,
                step=row.step,
                are_step=row.are_step,
                distance=row.distance,
                flag=row.flag,
                reason=cast(Reason, row.flag if flagged else "just_below_are"),
            )
        )
    return Suggestions(
        school_id=school_id,
        subject=subject,
        point=_point(session, points.point),
        from_point=point_read(session, points.before),
        items=items,
    )


def _point(session: Session, point: AssessmentPoint) -> PointRead:
    read = point_read(session, point)
    assert read is not None
    return read


def progress(session: Session, group: TargetGroup, trust_id: int) -> GroupProgress:
    """Each member at every termly point of the group's year, and the group's measures per
    point: one UNION ALL over the tracking rows, read twice (pupils, then counts)."""
    year = session.get(AcademicYear, group.academic_year_id)
    subject = session.get(Subject, group.subject_id)
    assert year is not None and subject is not None
    points = choice.termly_points(session, trust_id, year.id)
    pupils: list[TrackedPupil] = []
    counted: list[PointMeasures] = []
    if points:
        cohort = Cohort([group.school_id], target_group_id=group.id)
        shapes = measures.placement_shapes(points, cohort)
        values = measures.placement_parameters(points, subject.id, cohort)
        pupils = tracked_pupils(session.execute(_progress_statement(shapes), values).all())
        counted = _measures(session, shapes, values)
    return GroupProgress(
        group_id=group.id,
        name=group.name,
        subject=subject.code,
        academic_year=year.code,
        term=cast(Term, group.term),
        points=[_point(session, p.point) for p in points],
        pupils=pupils,
        measures=counted,
    )


@functools.cache
def _progress_statement(shapes: tuple[Shape, ...]) -> Select[Any]:
    u = measures.placements(shapes).subquery()
    return select(u).order_by(u.c.last_name, u.c.first_name, u.c.pupil_id, u.c.point_ordinal)


@functools.cache
def _measures_statement(shapes: tuple[Shape, ...]) -> Select[Any]:
    def count_if(condition: Any) -> Any:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    u = measures.placements(shapes).subquery()
    return (
        select(
            u.c.point_id,
            func.count(),
            count_if(u.c.attainment != Attainment.missing.value),
            count_if(u.c.attainment.in_(AT_OR_ABOVE)),
            count_if(u.c.flag.in_(JUDGED)),
            count_if(u.c.flag.in_(GOOD_PROGRESS)),
        )
        .group_by(u.c.point_id, u.c.point_ordinal)
        .order_by(u.c.point_ordinal)
    )


def _measures(
    session: Session, shapes: tuple[Shape, ...], values: dict[str, Any]
) -> list[PointMeasures]:
    rows = session.execute(_measures_statement(shapes), values).all()
    return [
        PointMeasures(
            point_id=point_id,
            members=members,
            assessed=assessed,
            at_or_above=at,
            percent_at_or_above=_percent(at, members) if assessed else None,
            percent_expected_or_better=_percent(good, judged),
        )
        for point_id, members, assessed, at, judged, good in rows
    ]


def _percent(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None
