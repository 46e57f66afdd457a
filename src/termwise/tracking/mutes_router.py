"""Muting and unmuting progress flags: for the school's leaders (assessments:correct)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query, Response

from termwise.auth.dependencies import DbSession
from termwise.auth.roles import Permission
from termwise.errors import Conflict, Forbidden, NotFound, Unauthorized, Unprocessable, responses
from termwise.ids import MAX_ID
from termwise.orgs import repository as orgs
from termwise.orgs.auth import OrgsRead
from termwise.orgs.dependencies import ReadableSchool
from termwise.orgs.models import School
from termwise.pagination import Page, Pagination
from termwise.routing import api_router
from termwise.tenancy import Principal, holds_at_school
from termwise.tracking import mutes
from termwise.tracking.models import FlagMute
from termwise.tracking.mutes import FlagMuteCreate, FlagMuteRead, MutedFlag

router = api_router(tags=["tracking"])


def _leader(principal: Principal, school: School) -> None:
    if not holds_at_school(
        principal, Permission.assessments_correct, school_id=school.id, trust_id=school.trust_id
    ):
        raise Forbidden("Only the school's leaders may mute flags (assessments:correct).")


@router.post(
    "/schools/{school_id}/flag-mutes",
    name="flag_mutes:create",
    status_code=201,
    response_model=FlagMuteRead,
    responses=responses(Unauthorized, Forbidden, NotFound, Conflict, Unprocessable),
    summary="Mute one pupil's flag at one point, saying why",
)
def create_mute(
    session: DbSession, principal: OrgsRead, school: ReadableSchool, body: FlagMuteCreate
) -> FlagMuteRead:
    _leader(principal, school)
    return mutes.mute(session, principal, school, body)


@router.get(
    "/schools/{school_id}/flag-mutes",
    name="flag_mutes:list",
    response_model=Page[MutedFlag],
    responses=responses(Unauthorized, Forbidden, NotFound, Unprocessable),
    summary="The school's muted flags, newest first, with who muted each and why",
)
def list_mutes(
    session: DbSession,
    principal: OrgsRead,
    school: ReadableSchool,
    page: Pagination,
    subject: Annotated[str | None, Query(max_length=30, description="A subject code.")] = None,
    point_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> Page[MutedFlag]:
    if not holds_at_school(
        principal, Permission.pupils_read, school_id=school.id, trust_id=school.trust_id
    ):
        raise Forbidden("Muted flags name pupils: for staff who may see this school's pupils.")
    return mutes.listed(session, school, page, subject=subject, point_id=point_id)


@router.delete(
    "/flag-mutes/{mute_id}",
    name="flag_mutes:delete",
    status_code=204,
    response_class=Response,
    responses=responses(Unauthorized, Forbidden, NotFound, Unprocessable),
    summary="Unmute a flag: it shows in the lists again",
)
def delete_mute(
    session: DbSession,
    principal: OrgsRead,
    mute_id: Annotated[int, Path(ge=1, le=MAX_ID)],
) -> Response:
    flag_mute = session.get(FlagMute, mute_id)
    missing = NotFound(f"No flag mute {mute_id} that you can see.")
    if flag_mute is None:
        raise missing
    try:
        school = orgs.get_school(session, principal, flag_mute.school_id)
    except NotFound:
        raise missing from None
    _leader(principal, school)
    session.delete(flag_mute)
    session.flush()
    return Response(status_code=204)
