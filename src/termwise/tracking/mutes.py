"""Muting a flag: a leader's recorded decision that one pupil's flag at one point needs no
action. The flag stays in the data; lists hide it unless asked to show muted flags."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from termwise.assessment.models import AssessmentPoint, Subject
from termwise.errors import Conflict, FieldError, Unprocessable
from termwise.ids import MAX_ID
from termwise.orgs.models import School
from termwise.pagination import Page, PageParams, paginate
from termwise.pupils.models import Pupil
from termwise.tenancy import Principal
from termwise.tracking import choice
from termwise.tracking.measures import Cohort, Flag, parameters, pupil_rows, shape
from termwise.tracking.models import FlagMute
from termwise.tracking.targets import subject_of


class FlagMuteCreate(BaseModel):
    pupil_id: Annotated[int, Field(ge=1, le=MAX_ID)]
    subject: Annotated[str, Field(min_length=1, max_length=30, description="A subject code.")]
    point_id: Annotated[int, Field(ge=1, le=MAX_ID)]
    flag: Flag = Field(description="The flag the pupil has at that point, as the lists show it.")
    reason: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)
    ] = Field(description="Why the flag needs no action; shown beside it.")


class FlagMuteRead(BaseModel):
    id: int
    school_id: int
    pupil_id: int
    subject: str
    point_id: int
    flag: Flag
    reason: str
    muted_by: str
    created_at: datetime


class MutedFlag(FlagMuteRead):
    """A mute in the school's list, with the pupil it is about."""

    first_name: str
    last_name: str


def _invalid(field: str, message: str, code: str) -> Unprocessable:
    return Unprocessable(
        message, errors=[FieldError(pointer=f"/{field}", message=message, code=code)]
    )


def mute(
    session: Session, principal: Principal, school: School, body: FlagMuteCreate
) -> FlagMuteRead:
    """Mute the flag the pupil has now, at this school, subject and point; nothing else."""
    subject_id = subject_of(session, body.subject, "/subject")
    point = session.get(AssessmentPoint, body.point_id)
    if point is None or point.trust_id != school.trust_id:
        raise _invalid("point_id", f"No assessment point {body.point_id} in this trust.", "unknown")
    points = choice.resolve_points(session, school.trust_id, point.id)
    cohort = Cohort([school.id])
    r = pupil_rows(shape(points, cohort)).subquery()
    row = session.execute(
        select(r.c.flag, r.c.muted_reason).where(r.c.pupil_id == body.pupil_id),
        parameters(points, subject_id, cohort),
    ).first()
    if row is None:
        raise _invalid(
            "pupil_id",
            "The pupil is not on this school's roll in that point's year.",
            "not_on_roll",
        )
    if row.flag != body.flag.value:
        found = (row.flag or "no progress flag").replace("_", " ")
        raise _invalid(
            "flag",
            f"The pupil's flag there is {found}, not {body.flag.value.replace('_', ' ')}.",
            "flag_changed",
        )
    if row.muted_reason is not None:
        raise Conflict("This flag is already muted.")
    flag_mute = FlagMute(
        school_id=school.id,
        pupil_id=body.pupil_id,
        subject_id=subject_id,
        point_id=point.id,
        flag=body.flag.value,
        reason=body.reason,
        muted_by=principal.label,
    )
    session.add(flag_mute)
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError as exc:
        raise Conflict("Someone else muted this flag just now.") from exc
    return read(flag_mute, body.subject)


def read(flag_mute: FlagMute, subject: str) -> FlagMuteRead:
    return FlagMuteRead(
        id=flag_mute.id,
        school_id=flag_mute.school_id,
        pupil_id=flag_mute.pupil_id,
        subject=subject,
        point_id=flag_mute.point_id,
        flag=Flag(flag_mute.flag),
        reason=flag_mute.reason,
        muted_by=flag_mute.muted_by,
        created_at=flag_mute.created_at,
    )


def listed(
    session: Session,
    school: School,
    page: PageParams,
    *,
    subject: str | None,
    point_id: int | None,
) -> Page[MutedFlag]:
    """The school's muted flags, newest first, optionally for one subject or point."""
    statement = select(FlagMute).where(FlagMute.school_id == school.id)
    if subject is not None:
        statement = statement.where(
            FlagMute.subject_id == subject_of(session, subject, "/query/subject")
        )
    if point_id is not None:
        statement = statement.where(FlagMute.point_id == point_id)
    found, cursor = paginate(session, statement, page, id_column=FlagMute.id, newest_first=True)
    names = {
        pupil_id: (first, last)
        for pupil_id, first, last in session.execute(
            select(
                Pupil.id,
                func.coalesce(Pupil.preferred_first_name, Pupil.legal_first_name),
                func.coalesce(Pupil.preferred_last_name, Pupil.legal_last_name),
            ).where(Pupil.id.in_({m.pupil_id for m in found}))
        )
    }
    codes: dict[int, str] = {
        id_: code for id_, code in session.execute(select(Subject.id, Subject.code))
    }
    items = [
        MutedFlag(
            **read(m, codes[m.subject_id]).model_dump(),
            first_name=names[m.pupil_id][0],
            last_name=names[m.pupil_id][1],
        )
        for m in found
    ]
    return Page(items=items, next_cursor=cursor)
