"""The quality-assurance schedule over HTTP: each school's, the trust's, and its export."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from typing import Annotated

from fastapi import Path, Query, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from termwise.auth.dependencies import CurrentPrincipal, DbSession
from termwise.auth.models import User
from termwise.auth.roles import Permission
from termwise.concurrency import IfMatch, check_if_match, etag_responses, set_etag
from termwise.errors import (
    Forbidden,
    NotFound,
    PreconditionFailed,
    PreconditionRequired,
    Unauthorized,
    Unprocessable,
    refused,
    responses,
)
from termwise.ids import MAX_ID, TrustId
from termwise.orgs.dependencies import ReadableSchool
from termwise.orgs.models import School
from termwise.oversight.models import QaActivity, QaState
from termwise.oversight.schedule import ActivityType, types_for
from termwise.oversight.schemas import QaActivityCreate, QaActivityRead, QaActivityUpdate
from termwise.plans.service import check_lead
from termwise.routing import api_router
from termwise.tenancy import Principal, holds_at_trust, reaches_school

router = api_router(tags=["oversight"])

ActivityId = Annotated[int, Path(ge=1, le=MAX_ID)]
READ = responses(Unauthorized, NotFound, Unprocessable)


def _read(
    session: Session,
    activity: QaActivity,
    school: School,
    types: dict[str, ActivityType] | None = None,
) -> QaActivityRead:
    kind = (types or types_for(session, school.trust_id)).get(activity.kind)
    owner = session.get(User, activity.owner_user_id) if activity.owner_user_id else None
    return QaActivityRead(
        id=activity.id,
        school_id=school.id,
        school_name=school.name,
        kind=activity.kind,
        name=kind.name if kind else activity.kind,
        audience=kind.audience if kind else "",
        due_on=activity.due_on,
        owner_user_id=activity.owner_user_id,
        owner_name=owner.full_name if owner else None,
        owner_role=activity.owner_role,
        state=activity.state.value,
        overdue=activity.state is QaState.scheduled and activity.due_on < date.today(),
        kept=activity.kept,
        change_reason=activity.change_reason,
        category=activity.category,
        done_on=activity.done_on,
        report=activity.report,
        version=activity.version,
    )


@router.get(
    "/schools/{school_id}/qa-activities",
    name="qa:school",
    response_model=list[QaActivityRead],
    responses=READ | responses(Forbidden),
    summary="The school's quality-assurance schedule, soonest first",
)
def school_schedule(
    session: DbSession, principal: CurrentPrincipal, school: ReadableSchool
) -> list[QaActivityRead]:
    if not reaches_school(principal, Permission.plans_read, school):
        raise Forbidden("The schedule is for the school's staff and the trust.")
    rows = session.scalars(
        select(QaActivity).where(QaActivity.school_id == school.id).order_by(QaActivity.due_on)
    )
    types = types_for(session, school.trust_id)
    return [_read(session, a, school, types) for a in rows]


@router.post(
    "/schools/{school_id}/qa-activities",
    name="qa:create",
    status_code=201,
    response_model=QaActivityRead,
    responses=READ | responses(Forbidden) | etag_responses(201),
    summary="Add an activity to the school's schedule by hand, with the reason; a change of "
    "category leaves it where it is",
)
def add_activity(
    session: DbSession,
    principal: CurrentPrincipal,
    school: ReadableSchool,
    body: QaActivityCreate,
    response: Response,
) -> QaActivityRead:
    if not holds_at_trust(principal, Permission.plans_write, school.trust_id):
        raise Forbidden("The trust's leaders keep the schedule.")
    types = types_for(session, school.trust_id)
    if body.kind not in types:
        raise refused("/kind", f"no activity type '{body.kind}' in this trust")
    check_lead(session, school, body.owner_user_id, "/owner_user_id")
    activity = QaActivity(
        school_id=school.id,
        kind=body.kind,
        due_on=body.due_on,
        owner_user_id=body.owner_user_id,
        owner_role=types[body.kind].owner_role,
        state=QaState.scheduled,
        kept=True,
        change_reason=body.reason,
    )
    session.add(activity)
    session.flush()
    set_etag(response, activity)
    return _read(session, activity, school, types)


def _trust_rows(
    session: Session, principal: Principal, trust_id: int, mine: bool
) -> list[QaActivityRead]:
    if not holds_at_trust(principal, Permission.plans_read, trust_id):
        raise NotFound(f"No trust {trust_id} that you can see as a whole.")
    statement = (
        select(QaActivity, School)
        .join(School, School.id == QaActivity.school_id)
        .where(School.trust_id == trust_id)
        .order_by(QaActivity.due_on, School.name)
    )
    if mine:
        roles = {g.label for g in principal.grants if g.trust_id == trust_id}
        statement = statement.where(
            (QaActivity.owner_user_id == principal.id)
            | (QaActivity.owner_user_id.is_(None) & QaActivity.owner_role.in_(sorted(roles)))
        )
    types = types_for(session, trust_id)
    return [_read(session, a, s, types) for a, s in session.execute(statement)]


@router.get(
    "/trusts/{trust_id}/qa-activities",
    name="qa:trust",
    response_model=list[QaActivityRead],
    responses=READ,
    summary="Every school's schedule, soonest first; `mine=true` for one's own (by name or role)",
)
def trust_schedule(
    session: DbSession,
    principal: CurrentPrincipal,
    trust_id: TrustId,
    mine: Annotated[bool, Query()] = False,
) -> list[QaActivityRead]:
    return _trust_rows(session, principal, trust_id, mine)


def _ics_date(day: date) -> str:
    return day.strftime("%Y%m%d")


@router.get(
    "/trusts/{trust_id}/qa-activities/export",
    name="qa:export",
    response_class=Response,
    responses=READ
    | {
        200: {
            "description": "The schedule as a spreadsheet or a calendar",
            "content": {
                "text/csv": {"schema": {"type": "string"}},
                "text/calendar": {"schema": {"type": "string"}},
            },
        }
    },
    summary="Download the schedule as CSV, or as iCalendar for people's own calendars",
)
def export_schedule(
    session: DbSession,
    principal: CurrentPrincipal,
    trust_id: TrustId,
    format: Annotated[str, Query(pattern="^(csv|ics)$")] = "csv",
    mine: Annotated[bool, Query()] = False,
) -> Response:
    rows = _trust_rows(session, principal, trust_id, mine)
    if format == "ics":
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Termwise//QA schedule//EN"]
        for r in rows:
            lines += [
                "BEGIN:VEVENT",
                f"UID:qa-{r.id}@termwise",
                f"DTSTAMP:{stamp}",
                f"DTSTART;VALUE=DATE:{_ics_date(r.due_on)}",
                f"SUMMARY:{r.name}: {r.school_name}".replace(",", "\\,"),
                f"DESCRIPTION:Report to {r.audience}".replace(",", "\\,"),
                "END:VEVENT",
            ]
        lines.append("END:VCALENDAR")
        body, media_type, ext = "\r\n".join(lines) + "\r\n", "text/calendar", "ics"
    else:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["School", "Activity", "Due", "Owner", "Report to", "State", "Done on"])
        for r in rows:
            writer.writerow([r.school_name, r.name, r.due_on.isoformat(),
                             r.owner_name or (r.owner_role or "").replace("_", " "), r.audience,
                             "overdue" if r.overdue else r.state,
                             r.done_on.isoformat() if r.done_on else ""])  # fmt: skip
        body, media_type, ext = out.getvalue(), "text/csv", "csv"
    return Response(
        body,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="qa-schedule.{ext}"'},
    )


@router.get(
    "/qa-activities/{qa_activity_id}",
    name="qa:read",
    response_model=QaActivityRead,
    responses=READ | etag_responses(),
)
def read_activity(
    session: DbSession, principal: CurrentPrincipal, qa_activity_id: ActivityId, response: Response
) -> QaActivityRead:
    activity, school = _found(session, principal, qa_activity_id)
    set_etag(response, activity)
    return _read(session, activity, school)


def _found(session: Session, principal: Principal, activity_id: int) -> tuple[QaActivity, School]:
    found = session.execute(
        select(QaActivity, School)
        .join(School, School.id == QaActivity.school_id)
        .where(QaActivity.id == activity_id)
    ).first()
    if found is None or not reaches_school(principal, Permission.plans_read, found[1]):
        raise NotFound(f"No activity {activity_id} that you can see.")
    return found[0], found[1]


@router.patch(
    "/qa-activities/{qa_activity_id}",
    name="qa:update",
    response_model=QaActivityRead,
    responses=READ
    | responses(Forbidden, PreconditionFailed, PreconditionRequired)
    | etag_responses(),
    summary="Move or reassign an activity with a reason, or record it done with its report",
)
def update_activity(
    session: DbSession,
    principal: CurrentPrincipal,
    qa_activity_id: ActivityId,
    body: QaActivityUpdate,
    response: Response,
    if_match: IfMatch = None,
) -> QaActivityRead:
    activity, school = _found(session, principal, qa_activity_id)
    if not holds_at_trust(principal, Permission.plans_write, school.trust_id):
        raise Forbidden("The trust's leaders keep the schedule.")
    check_if_match(if_match, activity)
    changes = body.model_dump(exclude_unset=True)
    moving = "due_on" in changes or "owner_user_id" in changes
    if moving and not body.reason:
        raise refused("/reason", "say why it moves or changes hands")
    if "owner_user_id" in changes:
        check_lead(session, school, body.owner_user_id, "/owner_user_id")
        activity.owner_user_id = body.owner_user_id
    if body.due_on is not None:
        activity.due_on = body.due_on
    if moving:
        activity.kept = True
        activity.change_reason = body.reason
    if body.done_on is not None:
        if not body.report:
            raise refused("/report", "attach the report to record it done")
        activity.state = QaState.done
        activity.done_on = body.done_on
        activity.report = body.report
    session.flush()
    set_etag(response, activity)
    return _read(session, activity, school)
