"""Pupil progress meetings over HTTP.

A meeting's notes about pupils are for the school's staff with pupil access, and a class
teacher's own classes: never for governors, dashboards or other schools (who are told 404).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Path, Query, Response
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from termwise.auth.dependencies import CurrentPrincipal, DbSession
from termwise.auth.models import RoleAssignment
from termwise.concurrency import IfMatch, check_if_match, etag_responses, set_etag
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
from termwise.ids import MAX_ID, ClassId
from termwise.meetings import exports, service
from termwise.meetings.models import Discussion, Meeting, MeetingAction, MeetingKind
from termwise.meetings.schemas import (
    ActionFollowUp,
    DiscussionCreate,
    DiscussionRead,
    MeetingActionCreate,
    MeetingActionRead,
    MeetingCreate,
    MeetingRead,
    MeetingSummary,
    MeetingUpdate,
    MyMeetingAction,
)
from termwise.orgs import repository as orgs
from termwise.orgs.dependencies import ReadableSchool
from termwise.orgs.models import School, SchoolClass
from termwise.pupils.models import Enrolment, Pupil
from termwise.routing import api_router
from termwise.tracking import choice
from termwise.tracking.exports import XLSX_MEDIA_TYPE, ExportFormat

router = api_router(tags=["meetings"])

MeetingId = Annotated[int, Path(ge=1, le=MAX_ID)]
ItemId = Annotated[int, Path(ge=1, le=MAX_ID)]
READ = responses(Unauthorized, NotFound, Unprocessable)
WRITE = responses(Unauthorized, Forbidden, NotFound, Conflict, Unprocessable)
UPDATE = responses(
    Unauthorized, NotFound, Conflict, PreconditionFailed, PreconditionRequired, Unprocessable
)
# Pupil conferencing is with a small group.
CONFERENCE_SIZE = 6


@router.post(
    "/classes/{class_id}/meetings",
    name="meetings:create",
    status_code=201,
    response_model=MeetingRead,
    responses=WRITE | etag_responses(201),
    summary="Open a pupil progress meeting for a class: its agenda comes from the tracker",
)
def create_meeting(
    session: DbSession,
    principal: CurrentPrincipal,
    class_id: ClassId,
    body: MeetingCreate,
    response: Response,
) -> MeetingRead:
    placed = orgs.get_class(session, principal, class_id)
    school_class = placed.school_class
    if not service.reaches(principal, school_class, placed.trust_id):
        raise NotFound(f"No class {class_id} that you can see.")
    try:
        point_id = body.point_id or choice.latest_point(session, placed.trust_id)
        choice.resolve_points(session, placed.trust_id, point_id)
    except NotFound as error:
        raise refused("/point_id", error.detail or "no such point", "unknown_point") from None
    meeting = Meeting(
        school_id=school_class.school_id,
        class_id=class_id,
        point_id=point_id,
        kind=body.kind,
        held_on=body.held_on,
        attendees=body.attendees,
        created_by=principal.label,
    )
    session.add(meeting)
    session.flush()
    set_etag(response, meeting)
    return service.read(session, meeting, placed.trust_id)


@router.get(
    "/schools/{school_id}/meetings",
    name="meetings:list",
    response_model=list[MeetingSummary],
    responses=READ | responses(Forbidden),
    summary="The school's pupil progress meetings that you may see, newest first",
)
def list_meetings(
    session: DbSession, principal: CurrentPrincipal, school: ReadableSchool
) -> list[MeetingSummary]:
    rows = session.execute(
        select(Meeting, SchoolClass)
        .join(SchoolClass, SchoolClass.id == Meeting.class_id)
        .where(Meeting.school_id == school.id)
        .order_by(Meeting.held_on.desc(), Meeting.id.desc())
    ).all()
    return [
        service.summary(session, m)
        for m, school_class in rows
        if service.reaches(principal, school_class, school.trust_id)
    ]


@router.get(
    "/meetings/{meeting_id}",
    name="meetings:read",
    response_model=MeetingRead,
    responses=READ | etag_responses(),
    summary="A meeting: its agenda, the pupils discussed, its actions, and earlier ones to check",
)
def read_meeting(
    session: DbSession, principal: CurrentPrincipal, meeting_id: MeetingId, response: Response
) -> MeetingRead:
    meeting, trust_id = service.meeting_for(session, principal, meeting_id)
    set_etag(response, meeting)
    return service.read(session, meeting, trust_id)


@router.get(
    "/meetings/{meeting_id}/export",
    name="meetings:export",
    response_class=Response,
    responses=READ
    | {
        200: {
            "description": "The meeting's actions and those it followed up",
            "content": {
                "text/csv": {"schema": {"type": "string"}},
                XLSX_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}},
            },
        }
    },
    summary="Download the meeting's actions as CSV or Excel",
)
def export_meeting(
    session: DbSession,
    principal: CurrentPrincipal,
    meeting_id: MeetingId,
    format: Annotated[ExportFormat, Query()] = "csv",
) -> Response:
    meeting, trust_id = service.meeting_for(session, principal, meeting_id)
    school = session.get(School, meeting.school_id)
    assert school is not None
    return exports.download(service.read(session, meeting, trust_id), school, format)


@router.patch(
    "/meetings/{meeting_id}",
    name="meetings:update",
    response_model=MeetingRead,
    responses=UPDATE | etag_responses(),
)
def update_meeting(
    session: DbSession,
    principal: CurrentPrincipal,
    meeting_id: MeetingId,
    body: MeetingUpdate,
    response: Response,
    if_match: IfMatch = None,
) -> MeetingRead:
    meeting, trust_id = service.meeting_for(session, principal, meeting_id)
    check_if_match(if_match, meeting)
    for field, value in body.model_dump(exclude_unset=True).items():
        if value is not None or field != "held_on":
            setattr(meeting, field, value)
    session.flush()
    set_etag(response, meeting)
    return service.read(session, meeting, trust_id)


def _in_class(session: Session, meeting: Meeting, pupil_id: int) -> bool | None:
    """True if the pupil is in the meeting's class this year, False if elsewhere in its school,
    None if not at the school at all."""
    school_class = session.get(SchoolClass, meeting.class_id)
    assert school_class is not None
    enrolment = session.scalar(
        select(Enrolment).where(
            Enrolment.pupil_id == pupil_id,
            Enrolment.school_id == meeting.school_id,
            Enrolment.academic_year_id == school_class.academic_year_id,
        )
    )
    if enrolment is None:
        return None
    return enrolment.class_id == meeting.class_id


@router.post(
    "/meetings/{meeting_id}/pupils",
    name="meetings:discuss",
    status_code=201,
    response_model=DiscussionRead,
    responses=WRITE,
    summary="Record what the meeting said about a pupil",
)
def discuss(
    session: DbSession, principal: CurrentPrincipal, meeting_id: MeetingId, body: DiscussionCreate
) -> DiscussionRead:
    meeting, _ = service.meeting_for(session, principal, meeting_id)
    where = _in_class(session, meeting, body.pupil_id)
    if where is None:
        raise refused("/pupil_id", "the pupil is not at this school this year", "not_here")
    if where is False and not body.guest:
        raise refused(
            "/guest", "the pupil is in another class: ask them in as a guest", "not_in_class"
        )
    if meeting.kind is MeetingKind.conference:
        held = session.scalars(
            select(Discussion.pupil_id).where(Discussion.meeting_id == meeting.id)
        )
        if len(set(held) | {body.pupil_id}) > CONFERENCE_SIZE:
            raise refused(
                "/pupil_id", f"pupil conferencing is with {CONFERENCE_SIZE} pupils at most", "full"
            )
    if session.scalar(
        select(Discussion.id).where(
            Discussion.meeting_id == meeting.id, Discussion.pupil_id == body.pupil_id
        )
    ):
        raise Conflict("This pupil is already on the meeting's record.")
    discussion = Discussion(meeting_id=meeting.id, **body.model_dump())
    session.add(discussion)
    session.flush()
    return DiscussionRead.model_validate(discussion, from_attributes=True)


@router.post(
    "/meetings/{meeting_id}/actions",
    name="meetings:agree_action",
    status_code=201,
    response_model=MeetingActionRead,
    responses=WRITE,
    summary="Agree an action for a pupil: what, whose, by when",
)
def agree_action(
    session: DbSession,
    principal: CurrentPrincipal,
    meeting_id: MeetingId,
    body: MeetingActionCreate,
) -> MeetingActionRead:
    meeting, trust_id = service.meeting_for(session, principal, meeting_id)
    if _in_class(session, meeting, body.pupil_id) is None:
        raise refused("/pupil_id", "the pupil is not at this school this year", "not_here")
    if body.owner_user_id is None and body.owner_role is None:
        raise refused("/owner_user_id", "say whose action it is: a person or a role", "required")
    if body.owner_user_id is not None:
        in_classes = select(SchoolClass.id).where(SchoolClass.school_id == meeting.school_id)
        holds = session.scalar(
            select(RoleAssignment.id).where(
                RoleAssignment.user_id == body.owner_user_id,
                (RoleAssignment.school_id == meeting.school_id)
                | (RoleAssignment.trust_id == trust_id)
                | RoleAssignment.class_id.in_(in_classes),
            )
        )
        if holds is None:
            raise refused("/owner_user_id", "the owner has no role at this school", "not_here")
    action = MeetingAction(
        meeting_id=meeting.id,
        pupil_id=body.pupil_id,
        description=body.description,
        owner_user_id=body.owner_user_id,
        owner_role=body.owner_role.value if body.owner_role else None,
        due_on=body.due_on,
    )
    session.add(action)
    session.flush()
    return service.action_read(session, action, date.today())


def _action(session: Session, principal: CurrentPrincipal, action_id: int) -> MeetingAction:
    action = session.get(MeetingAction, action_id)
    if action is None:
        raise NotFound(f"No meeting action {action_id} that you can see.")
    try:
        service.meeting_for(session, principal, action.meeting_id)
    except NotFound:
        raise NotFound(f"No meeting action {action_id} that you can see.") from None
    return action


@router.get(
    "/meeting-actions/{meeting_action_id}",
    name="meeting_actions:read",
    response_model=MeetingActionRead,
    responses=READ | etag_responses(),
)
def read_action(
    session: DbSession, principal: CurrentPrincipal, meeting_action_id: ItemId, response: Response
) -> MeetingActionRead:
    action = _action(session, principal, meeting_action_id)
    set_etag(response, action)
    return service.action_read(session, action, date.today())


@router.patch(
    "/meeting-actions/{meeting_action_id}",
    name="meeting_actions:follow_up",
    response_model=MeetingActionRead,
    responses=UPDATE | etag_responses(),
    summary="Record what came of an action, at a later meeting of the same class",
)
def follow_up_action(
    session: DbSession,
    principal: CurrentPrincipal,
    meeting_action_id: ItemId,
    body: ActionFollowUp,
    response: Response,
    if_match: IfMatch = None,
) -> MeetingActionRead:
    action = _action(session, principal, meeting_action_id)
    check_if_match(if_match, action)
    if body.followed_up_in_id is not None:
        agreed = session.get(Meeting, action.meeting_id)
        later = session.get(Meeting, body.followed_up_in_id)
        assert agreed is not None
        if later is None or later.class_id != agreed.class_id or later.held_on <= agreed.held_on:
            raise refused(
                "/followed_up_in_id",
                "the follow-up must be a later meeting of the same class",
                "not_a_follow_up",
            )
    action.outcome = body.outcome
    action.outcome_note = body.outcome_note
    action.followed_up_in_id = body.followed_up_in_id
    session.flush()
    set_etag(response, action)
    return service.action_read(session, action, date.today())


@router.get(
    "/me/meeting-actions",
    name="meeting_actions:mine",
    response_model=list[MyMeetingAction],
    responses=responses(Unauthorized),
    summary="The open actions agreed at pupil progress meetings for me, by name or by my role",
)
def my_meeting_actions(session: DbSession, principal: CurrentPrincipal) -> list[MyMeetingAction]:
    if principal.kind != "user":
        return []
    mine = MeetingAction.owner_user_id == principal.id
    by_role = [
        (MeetingAction.owner_role == g.label) & (Meeting.school_id == g.school_id)
        for g in principal.grants
        if g.school_id is not None
    ]
    rows = session.execute(
        select(MeetingAction, Meeting, SchoolClass, School.trust_id, Pupil)
        .join(Meeting, Meeting.id == MeetingAction.meeting_id)
        .join(SchoolClass, SchoolClass.id == Meeting.class_id)
        .join(School, School.id == Meeting.school_id)
        .join(Pupil, Pupil.id == MeetingAction.pupil_id)
        .where(MeetingAction.outcome.is_(None), or_(mine, *by_role))
        .order_by(MeetingAction.due_on, MeetingAction.id)
    ).all()
    today = date.today()
    return [
        MyMeetingAction(
            **service.action_read(session, action, today).model_dump(),
            school_id=meeting.school_id,
            class_name=school_class.name,
            held_on=meeting.held_on,
            first_name=pupil.first_name,
            last_name=pupil.last_name,
        )
        for action, meeting, school_class, trust_id, pupil in rows
        if service.reaches(principal, school_class, trust_id)
        or action.owner_user_id == principal.id
    ]
