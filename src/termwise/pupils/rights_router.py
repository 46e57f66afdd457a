"""A child's data rights: the subject access export and erasure on request."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Request, Response

from termwise.auth.dependencies import Authorize, DbSession
from termwise.auth.roles import Permission
from termwise.errors import Forbidden, NotFound, Unauthorized, Unprocessable, responses
from termwise.ids import MAX_ID
from termwise.pupils import erasure, repository, subject_access
from termwise.pupils.auth import PupilsRead
from termwise.pupils.schemas import ErasureRead, ErasureRequest
from termwise.routing import api_router
from termwise.tenancy import Principal

router = api_router(tags=["pupils"])

PupilId = Annotated[int, Path(ge=1, le=MAX_ID)]
PupilsWrite = Annotated[Principal, Depends(Authorize(Permission.pupils_write))]


@router.get(
    "/pupils/{pupil_id}/export",
    name="pupils:export",
    response_class=Response,
    responses=responses(Unauthorized, Forbidden, NotFound, Unprocessable)
    | {
        200: {
            "description": "Everything held about the pupil: pupil.json, a CSV per section and "
            "README.txt",
            "content": {
                subject_access.ZIP_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}}
            },
        }
    },
    summary="Download everything held about a pupil (a subject access request) as a zip",
)
def export_pupil(
    request: Request, session: DbSession, principal: PupilsRead, pupil_id: PupilId
) -> Response:
    pupil = repository.get_pupil(session, principal, pupil_id)
    school_id = subject_access.exporting_school(session, principal, pupil)
    content, counts = subject_access.export(session, pupil, principal.label)
    # The request's own session only reads: done with it, its connection goes back before the
    # export is recorded in a session of its own.
    session.close()
    subject_access.record_export(
        request.app.state.sessionmaker, principal, pupil, school_id, counts
    )
    name = f"pupil-{pupil.id}-subject-access.zip"
    return Response(
        content,
        media_type=subject_access.ZIP_MEDIA_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.post(
    "/pupils/{pupil_id}/erase",
    name="pupils:erase",
    response_model=ErasureRead,
    responses=responses(Unauthorized, Forbidden, NotFound, Unprocessable),
    summary="Erase every row about a pupil, on request",
)
def erase_pupil(
    session: DbSession, principal: PupilsWrite, pupil_id: PupilId, body: ErasureRequest
) -> ErasureRead:
    pupil = repository.get_pupil(session, principal, pupil_id)
    erasure.check_request(principal, pupil, body.confirm_upn)
    return erasure.erase(session, pupil, body.reason.strip())
