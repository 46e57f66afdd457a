"""Target groups: list, create, read, change and delete them; suggest members; follow progress.

Reading needs pupils:read over the whole school (a group names pupils); writing also needs
assessments:write there. Another school's group is not found, never merely forbidden.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query, Response
from sqlalchemy.orm import Session

from termwise.auth.dependencies import DbSession
from termwise.auth.roles import Permission
from termwise.concurrency import IfMatch, check_if_match, etag_responses, set_etag
from termwise.errors import (
    Conflict,
    Forbidden,
    NotFound,
    PreconditionFailed,
    PreconditionRequired,
    Unauthorized,
    Unprocessable,
    responses,
)
from termwise.ids import MAX_ID
from termwise.orgs import repository as orgs
from termwise.orgs.auth import OrgsRead
from termwise.orgs.dependencies import ReadableSchool
from termwise.orgs.models import School
from termwise.pagination import Page, Pagination, paginate
from termwise.routing import api_router
from termwise.tenancy import Principal, holds_at_school
from termwise.tracking import choice, targets
from termwise.tracking.models import TargetGroup
from termwise.tracking.targets import (
    GroupProgress,
    Suggestions,
    TargetGroupCreate,
    TargetGroupDetail,
    TargetGroupRead,
    TargetGroupUpdate,
    Term,
)

router = api_router(tags=["target groups"])

READ_ERRORS = responses(Unauthorized, Forbidden, NotFound, Unprocessable)
WRITE_ERRORS = responses(Unauthorized, Forbidden, NotFound, Conflict, Unprocessable)
GroupId = Annotated[int, Path(ge=1, le=MAX_ID)]


def _may_read(principal: Principal, school: School) -> None:
    if not holds_at_school(
        principal, Permission.pupils_read, school_id=school.id, trust_id=school.trust_id
    ):
        raise Forbidden("Target groups are for staff who may see this school's pupils.")


def _may_write(principal: Principal, school: School) -> None:
    _may_read(principal, school)
    if not holds_at_school(
        principal, Permission.assessments_write, school_id=school.id, trust_id=school.trust_id
    ):
        raise Forbidden("Changing target groups needs assessments:write at this school.")


def _group(session: Session, principal: Principal, group_id: int) -> tuple[TargetGroup, School]:
    group = session.get(TargetGroup, group_id)
    if group is None:
        raise NotFound(f"No target group {group_id} that you can see.")
    try:
        school = orgs.get_school(session, principal, group.school_id)
    except NotFound:
        raise NotFound(f"No target group {group_id} that you can see.") from None
    return group, school


@router.get(
    "/schools/{school_id}/target-groups",
    name="target_groups:list",
    response_model=Page[TargetGroupRead],
    responses=READ_ERRORS,
    summary="The school's target groups, newest last",
)
def list_groups(
    session: DbSession,
    principal: OrgsRead,
    school: ReadableSchool,
    page: Pagination,
    academic_year: Annotated[
        str | None, Query(pattern=r"^\d{4}/\d{2}$", description="e.g. 2026/27; default: all.")
    ] = None,
    term: Term | None = None,
    subject: Annotated[str | None, Query(max_length=30, description="A subject code.")] = None,
    include_archived: bool = False,
) -> Page[TargetGroupRead]:
    _may_read(principal, school)
    year = (
        targets.year_of(session, academic_year, "/query/academic_year") if academic_year else None
    )
    subject_id = targets.subject_of(session, subject, "/query/subject") if subject else None
    statement = targets.list_statement(
        school.id,
        academic_year_id=year.id if year else None,
        term=term,
        subject_id=subject_id,
        include_archived=include_archived,
    )
    rows, cursor = paginate(
        session,
        statement,
        page,
        id_column=TargetGroup.id,
        updated_column=TargetGroup.updated_at,
    )
    return Page(items=targets.summaries(session, list(rows)), next_cursor=cursor)


@router.post(
    "/schools/{school_id}/target-groups",
    name="target_groups:create",
    status_code=201,
    response_model=TargetGroupDetail,
    responses=WRITE_ERRORS | etag_responses(201),
    summary="Create a target group for a subject and term",
)
def create_group(
    session: DbSession,
    principal: OrgsRead,
    school: ReadableSchool,
    body: TargetGroupCreate,
    response: Response,
) -> TargetGroupDetail:
    _may_write(principal, school)
    group = targets.create(session, principal, school, body)
    set_etag(response, group)
    response.headers["Location"] = f"/api/v1/target-groups/{group.id}"
    return targets.detail(session, group)


@router.get(
    "/schools/{school_id}/target-groups/suggestions",
    name="target_groups:suggestions",
    response_model=Suggestions,
    responses=READ_ERRORS,
    summary="Pupils to consider: flagged stuck, falling behind or slow, or one step below ARE",
)
def suggest_members(
    session: DbSession,
    principal: OrgsRead,
    school: ReadableSchool,
    subject: Annotated[str, Query(max_length=30, description="A subject code.")] = "maths",
    point_id: Annotated[
        int | None,
        Query(ge=1, le=MAX_ID, description="Default: the trust's latest termly point."),
    ] = None,
) -> Suggestions:
    _may_read(principal, school)
    targets.subject_of(session, subject, "/query/subject")
    points = choice.resolve_points(
        session, school.trust_id, point_id or choice.latest_point(session, school.trust_id)
    )
    return targets.suggestions(session, school.id, points, subject)


@router.get(
    "/target-groups/{group_id}",
    name="target_groups:read",
    response_model=TargetGroupDetail,
    responses=READ_ERRORS | etag_responses(),
    summary="A target group with its members",
)
def read_group(
    session: DbSession, principal: OrgsRead, group_id: GroupId, response: Response
) -> TargetGroupDetail:
    group, school = _group(session, principal, group_id)
    _may_read(principal, school)
    set_etag(response, group)
    return targets.detail(session, group)


@router.patch(
    "/target-groups/{group_id}",
    name="target_groups:update",
    response_model=TargetGroupDetail,
    responses=responses(
        Unauthorized,
        Forbidden,
        NotFound,
        Conflict,
        PreconditionFailed,
        PreconditionRequired,
        Unprocessable,
    )
    | etag_responses(),
    summary="Rename a group, replace its members, or archive it",
)
def update_group(
    session: DbSession,
    principal: OrgsRead,
    group_id: GroupId,
    body: TargetGroupUpdate,
    response: Response,
    if_match: IfMatch = None,
) -> TargetGroupDetail:
    group, school = _group(session, principal, group_id)
    _may_write(principal, school)
    check_if_match(if_match, group)
    targets.update(session, group, school.trust_id, body)
    set_etag(response, group)
    return targets.detail(session, group)


@router.delete(
    "/target-groups/{group_id}",
    name="target_groups:delete",
    status_code=204,
    response_class=Response,
    responses=responses(Unauthorized, Forbidden, NotFound, PreconditionFailed, Unprocessable),
    summary="Delete a target group (If-Match optional: when sent, a stale version is refused)",
)
def delete_group(
    session: DbSession, principal: OrgsRead, group_id: GroupId, if_match: IfMatch = None
) -> Response:
    group, school = _group(session, principal, group_id)
    _may_write(principal, school)
    if if_match is not None:
        check_if_match(if_match, group)
    targets.remove(session, group, school.trust_id)
    return Response(status_code=204)


@router.get(
    "/target-groups/{group_id}/progress",
    name="target_groups:progress",
    response_model=GroupProgress,
    responses=READ_ERRORS,
    summary="Each member at every termly point of the group's year, and the group's measures",
)
def group_progress(session: DbSession, principal: OrgsRead, group_id: GroupId) -> GroupProgress:
    group, school = _group(session, principal, group_id)
    _may_read(principal, school)
    return targets.progress(session, group, school.trust_id)
