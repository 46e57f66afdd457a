"""Teachers' end-of-year predictions for a pupil, per subject."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query

from termwise.auth.dependencies import DbSession
from termwise.errors import Conflict, Forbidden, NotFound, Unauthorized, Unprocessable, responses
from termwise.ids import MAX_ID
from termwise.pupils import repository as pupils
from termwise.pupils.auth import PupilsRead
from termwise.routing import api_router
from termwise.tracking import predictions, targets
from termwise.tracking.predictions import PredictionRead, PredictionsWrite

router = api_router(tags=["predictions"])

PupilId = Annotated[int, Path(ge=1, le=MAX_ID)]


@router.get(
    "/pupils/{pupil_id}/predictions",
    name="predictions:list",
    response_model=list[PredictionRead],
    responses=responses(Unauthorized, Forbidden, NotFound, Unprocessable),
    summary="A pupil's predictions, newest year first",
)
def list_predictions(
    session: DbSession,
    principal: PupilsRead,
    pupil_id: PupilId,
    academic_year: Annotated[
        str | None, Query(pattern=r"^\d{4}/\d{2}$", description="e.g. 2026/27; default: all.")
    ] = None,
) -> list[PredictionRead]:
    pupil = pupils.get_pupil(session, principal, pupil_id)
    year = (
        targets.year_of(session, academic_year, "/query/academic_year") if academic_year else None
    )
    return predictions.listed(session, principal, pupil.id, year.id if year else None)


@router.put(
    "/pupils/{pupil_id}/predictions",
    name="predictions:save",
    response_model=list[PredictionRead],
    responses=responses(Unauthorized, Forbidden, NotFound, Conflict, Unprocessable),
    summary="Record or change a pupil's end-of-year predictions (one per subject and year)",
)
def save_predictions(
    session: DbSession, principal: PupilsRead, pupil_id: PupilId, body: PredictionsWrite
) -> list[PredictionRead]:
    pupil = pupils.get_pupil(session, principal, pupil_id)
    return predictions.save(session, principal, pupil, body)
