"""A child's data rights: the subject access export."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Request, Response

from termwise.auth.dependencies import DbSession
from termwise.errors import Forbidden, NotFound, Unauthorized, Unprocessable, responses
from termwise.ids import MAX_ID
from termwise.pupils import repository, subject_access
from termwise.pupils.auth import PupilsRead
from termwise.routing import api_router

router = api_router(tags=["pupils"])

PupilId = Annotated[int, Path(ge=1, le=MAX_ID)]


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
