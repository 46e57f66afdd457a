"""Monitoring activities over HTTP."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from termwise.auth.dependencies import CurrentPrincipal, DbSession
from termwise.concurrency import IfMatch, check_if_match, etag_responses, set_etag
from termwise.db import utcnow
from termwise.errors import (
    Conflict,
    Forbidden,
    NotFound,
    PreconditionFailed,
    PreconditionRequired,
    Unauthorized,
    Unprocessable,
    refused,
    responses,
)
from termwise.ids import MAX_ID
from termwise.monitoring import service
from termwise.monitoring.models import ActivityState, MonitoringActivity
from termwise.monitoring.schemas import (
    ActivityCreate,
    ActivityRead,
    ActivitySummary,
    ActivityUpdate,
)
from termwise.orgs.dependencies import ReadableSchool
from termwise.orgs.models import School
from termwise.plans.models import Plan, Priority
from termwise.plans.service import check_lead
from termwise.routing import api_router

router = api_router(tags=["monitoring"])

ActivityId = Annotated[int, Path(ge=1, le=MAX_ID)]
READ = responses(Unauthorized, NotFound, Unprocessable)
WRITE = responses(Unauthorized, Forbidden, NotFound, Conflict, Unprocessable)
UPDATE = WRITE | responses(PreconditionFailed, PreconditionRequired)

# Who writes which field, while the activity is planned (and, for the teacher's response and
# the leader's note, while it is with the head teacher).
WRITERS = {
    "reflection": ("teacher", (ActivityState.planned,)),
    "teacher_response": ("teacher", (ActivityState.planned, ActivityState.submitted)),
    "summary": ("partner", (ActivityState.planned,)),
    "fidelity": ("partner", (ActivityState.planned,)),
    "acceptability": ("partner", (ActivityState.planned,)),
    "reach": ("partner", (ActivityState.planned,)),
    "feasibility": ("partner", (ActivityState.planned,)),
    "quality_note": ("leader", (ActivityState.submitted,)),
}


def _check_priority(session: Session, school: School, priority_id: int | None) -> None:
    if priority_id is None:
        return
    found = session.scalar(
        select(Priority.id)
        .join(Plan, Plan.id == Priority.plan_id)
        .where(Priority.id == priority_id, Plan.school_id == school.id)
    )
    if found is None:
        raise refused("/priority_id", "no such priority in this school's plans", "unknown")


@router.post(
    "/schools/{school_id}/monitoring-activities",
    name="monitoring:create",
    status_code=201,
    response_model=ActivityRead,
    responses=WRITE | etag_responses(201),
    summary="Agree a monitoring activity in advance: its focus, the plan priority, who and when",
)
def create_activity(
    session: DbSession,
    principal: CurrentPrincipal,
    school: ReadableSchool,
    body: ActivityCreate,
    response: Response,
) -> ActivityRead:
    if not service.leads(principal, school):
        raise Forbidden("The school's leaders agree monitoring activities (plans:write).")
    if body.teacher_id == body.partner_id:
        raise refused("/partner_id", "the partner is someone other than the teacher")
    check_lead(session, school, body.teacher_id, "/teacher_id")
    check_lead(session, school, body.partner_id, "/partner_id")
    _check_priority(session, school, body.priority_id)
    activity = MonitoringActivity(
        school_id=school.id, state=ActivityState.planned, created_by=principal.label,
        **body.model_dump(),
    )  # fmt: skip
    session.add(activity)
    session.flush()
    set_etag(response, activity)
    return service.read(session, activity, service.roles(principal, activity, school))


@router.get(
    "/schools/{school_id}/monitoring-activities",
    name="monitoring:list",
    response_model=list[ActivitySummary],
    responses=READ,
    summary="The activities you may see: a leader all of the school's, anyone else their own",
)
def list_activities(
    session: DbSession, principal: CurrentPrincipal, school: ReadableSchool
) -> list[ActivitySummary]:
    statement = select(MonitoringActivity).where(MonitoringActivity.school_id == school.id)
    if not service.leads(principal, school):
        if principal.kind != "user":
            return []
        statement = statement.where(
            (MonitoringActivity.teacher_id == principal.id)
            | (MonitoringActivity.partner_id == principal.id)
        )
    rows = session.scalars(
        statement.order_by(MonitoringActivity.held_on.desc(), MonitoringActivity.id.desc())
    )
    return [service.summary(session, a) for a in rows]


@router.get(
    "/monitoring-activities/{activity_id}",
    name="monitoring:read",
    response_model=ActivityRead,
    responses=READ | etag_responses(),
)
def read_activity(
    session: DbSession, principal: CurrentPrincipal, activity_id: ActivityId, response: Response
) -> ActivityRead:
    activity, _, acting = service.activity_for(session, principal, activity_id)
    set_etag(response, activity)
    return service.read(session, activity, acting)


@router.patch(
    "/monitoring-activities/{activity_id}",
    name="monitoring:update",
    response_model=ActivityRead,
    responses=UPDATE | etag_responses(),
    summary="Write your part as the activity's state allows, and move it on",
)
def update_activity(
    session: DbSession,
    principal: CurrentPrincipal,
    activity_id: ActivityId,
    body: ActivityUpdate,
    response: Response,
    if_match: IfMatch = None,
) -> ActivityRead:
    activity, _, acting = service.activity_for(session, principal, activity_id)
    check_if_match(if_match, activity)
    if activity.state is ActivityState.confirmed:
        raise Conflict("A confirmed record is the final copy: it does not change.")
    changes = body.model_dump(exclude_unset=True, exclude={"move_to"})
    for field, value in changes.items():
        writer, states = WRITERS[field]
        if writer not in acting or activity.state not in states:
            raise refused(f"/{field}", f"the {writer} writes this while it is "
                           f"{' or '.join(s.value for s in states)}", "not_yours")  # fmt: skip
        setattr(activity, field, value)
    to = body.move_to
    if to is not None and to is not activity.state:
        now = utcnow()
        if (
            to is ActivityState.submitted
            and "partner" in acting
            and activity.state is ActivityState.planned
        ):
            if not activity.summary:
                raise refused("/move_to", "write the summary before submitting it", "incomplete")
            activity.submitted_at = now
        elif (
            to is ActivityState.confirmed
            and "leader" in acting
            and activity.state is ActivityState.submitted
        ):
            activity.confirmed_at = now
            activity.confirmed_by = principal.label
        elif (
            to is ActivityState.planned
            and "leader" in acting
            and activity.state is ActivityState.submitted
        ):
            activity.submitted_at = None
        else:
            raise Conflict(f"A {activity.state.value} activity cannot move to {to.value} by you.")
        activity.state = to
    activity.updated_at = utcnow()
    session.flush()
    set_etag(response, activity)
    return service.read(session, activity, acting)
