from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Request, Response

from termwise.assessment.models import Source
from termwise.auth.dependencies import CurrentPrincipal, DbSession
from termwise.auth.roles import Permission
from termwise.errors import (
    Conflict,
    Forbidden,
    NotFound,
    PayloadTooLarge,
    TooManyRequests,
    Unauthorized,
    Unprocessable,
    UnsupportedMediaType,
    responses,
)
from termwise.ingest import idempotency, service
from termwise.ingest.records import PupilRecord, ResultRecord
from termwise.ingest.schemas import BatchResult, Mode, PupilBatch, ResultBatch
from termwise.orgs.dependencies import ReadableSchool
from termwise.orgs.models import School
from termwise.rate_limits import PUSH_LIMIT
from termwise.routing import api_router
from termwise.tenancy import Principal, holds_at_school

router = api_router(tags=["ingest"])

BATCH_ERRORS = responses(
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict,
    PayloadTooLarge,
    UnsupportedMediaType,
    Unprocessable,
    TooManyRequests,
)
ModeQuery = Annotated[
    Mode,
    Query(
        description="`all` (default): one bad row rejects the batch. `partial`: write the "
        "valid rows and report the rest."
    ),
]


async def request_fingerprint(request: Request) -> str:
    return idempotency.fingerprint(request.method, request.url.path, await request.body())


Fingerprint = Annotated[str, Depends(request_fingerprint)]


def _require(principal: Principal, permission: Permission, school: School) -> None:
    if not holds_at_school(principal, permission, school_id=school.id, trust_id=school.trust_id):
        raise Forbidden(f"You may not write this school's data ({permission.value}).")


def _replayed(replay: idempotency.Replay) -> Response:
    return Response(
        replay.body,
        status_code=replay.status_code,
        media_type="application/json",
        headers={"Idempotent-Replayed": "true"},
    )


@router.post(
    "/schools/{school_id}/pupils/batch",
    name="pupils:batch",
    response_model=BatchResult,
    responses=BATCH_ERRORS,
    dependencies=[PUSH_LIMIT],
    summary="Create or update pupils with their enrolment and characteristics",
)
def push_pupils(
    session: DbSession,
    principal: CurrentPrincipal,
    school: ReadableSchool,
    body: PupilBatch,
    print_: Fingerprint,
    mode: ModeQuery = "all",
    idempotency_key: idempotency.IdempotencyKey = None,
) -> BatchResult | Response:
    _require(principal, Permission.pupils_write, school)
    if idempotency_key and (
        replay := idempotency.claim(session, principal, idempotency_key, print_)
    ):
        return _replayed(replay)
    records = [
        PupilRecord(
            row=index,
            upn=p.upn,
            mis_id=p.mis_id,
            legal_first_name=p.legal_first_name,
            legal_last_name=p.legal_last_name,
            preferred_first_name=p.preferred_first_name,
            preferred_last_name=p.preferred_last_name,
            date_of_birth=p.date_of_birth,
            gender=p.gender,
            academic_year=body.academic_year,
            year_group=p.year_group,
            class_name=p.class_name,
            **p.characteristics.model_dump(),
        )
        for index, p in enumerate(body.pupils)
    ]
    result = service.push_pupils(session, school, records, mode=mode)
    if idempotency_key:
        idempotency.remember(session, principal, idempotency_key, 200, result.model_dump())
    return result


@router.post(
    "/schools/{school_id}/assessments/batch",
    name="assessments:batch",
    response_model=BatchResult,
    responses=BATCH_ERRORS,
    dependencies=[PUSH_LIMIT],
    summary="Create or update assessment results (steps, scores or recorded non-results)",
)
def push_results(
    session: DbSession,
    principal: CurrentPrincipal,
    school: ReadableSchool,
    body: ResultBatch,
    print_: Fingerprint,
    mode: ModeQuery = "all",
    idempotency_key: idempotency.IdempotencyKey = None,
) -> BatchResult | Response:
    _require(principal, Permission.assessments_write, school)
    if idempotency_key and (
        replay := idempotency.claim(session, principal, idempotency_key, print_)
    ):
        return _replayed(replay)
    # Positional: this runs for every row of every batch.
    records = [
        ResultRecord(i, r.upn, r.mis_id, r.subject, r.academic_year, r.point, r.result, r.scale)
        for i, r in enumerate(body.results)
    ]
    source = Source.mis if principal.kind == "client" else Source.teacher
    result = service.push_results(
        session,
        school,
        principal,
        records,
        mode=mode,
        source=source,
        correction_reason=body.correction_reason,
    )
    if idempotency_key:
        idempotency.remember(session, principal, idempotency_key, 200, result.model_dump())
    return result
