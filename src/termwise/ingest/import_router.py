from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import BackgroundTasks, Depends, File, Form, Path, Request, UploadFile
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel
from sqlalchemy import select

from termwise.auth.dependencies import CurrentPrincipal, DbSession
from termwise.auth.roles import Permission
from termwise.errors import (
    FieldError,
    Forbidden,
    NotFound,
    PayloadTooLarge,
    TooManyRequests,
    Unauthorized,
    Unprocessable,
    UnsupportedMediaType,
    responses,
)
from termwise.ids import MAX_ID
from termwise.ingest import imports
from termwise.ingest.csv_format import template
from termwise.ingest.models import ImportJob, JobStatus
from termwise.ingest.schemas import ImportSummary, Mode
from termwise.orgs.dependencies import ReadableSchool
from termwise.orgs.models import School
from termwise.pagination import Page, Pagination, paginate
from termwise.rate_limits import PUSH_LIMIT
from termwise.routing import api_router
from termwise.tenancy import Principal, holds_at_school, school_ids_filter

router = api_router(tags=["imports"])

FileFormat = Literal["csv", "ctf", "oneroster"]
ERRORS_SHOWN = 200


class ImportJobRead(BaseModel):
    id: int
    school_id: int
    file_format: str
    filename: str
    mode: str
    status: JobStatus
    rows_total: int | None
    rows_done: int
    # Null until the job has finished.
    summary: ImportSummary | None
    error_count: int
    # The first rejected rows; all of them are in the CSV error report.
    errors: list[FieldError]
    created_by: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


def _read(job: ImportJob) -> ImportJobRead:
    return ImportJobRead(
        id=job.id,
        school_id=job.school_id,
        file_format=job.file_format,
        filename=job.filename,
        mode=job.mode,
        status=job.status,
        rows_total=job.rows_total,
        rows_done=job.rows_done,
        summary=ImportSummary.model_validate(job.summary) if job.summary else None,
        error_count=len(job.errors or []),
        errors=[FieldError(**e) for e in (job.errors or [])[:ERRORS_SHOWN]],
        created_by=job.created_by,
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
    )


def _may_import(principal: Principal, school_id: int, trust_id: int) -> bool:
    return any(
        holds_at_school(principal, p, school_id=school_id, trust_id=trust_id)
        for p in (Permission.pupils_write, Permission.assessments_write)
    )


def readable_job(
    job_id: Annotated[int, Path(ge=1, le=MAX_ID)], session: DbSession, principal: CurrentPrincipal
) -> ImportJob:
    job = session.scalar(
        select(ImportJob).where(
            ImportJob.id == job_id,
            school_ids_filter(principal, Permission.orgs_read, ImportJob.school_id),
        )
    )
    if job is None or not _importer_of(session, principal, job):
        raise NotFound(f"No import {job_id} that you can see.")
    return job


def _importer_of(session: DbSession, principal: Principal, job: ImportJob) -> bool:
    school = session.get(School, job.school_id)
    return school is not None and _may_import(principal, school.id, school.trust_id)


ReadableJob = Annotated[ImportJob, Depends(readable_job)]
ERRORS = responses(Unauthorized, Forbidden, NotFound, Unprocessable)


@router.post(
    "/schools/{school_id}/imports",
    name="imports:create",
    status_code=202,
    response_model=ImportJobRead,
    responses=responses(
        Unauthorized,
        Forbidden,
        NotFound,
        PayloadTooLarge,
        UnsupportedMediaType,
        Unprocessable,
        TooManyRequests,
    ),
    dependencies=[PUSH_LIMIT],
    summary="Upload a CSV, Common Transfer File or OneRoster bundle to import",
)
def create_import(
    request: Request,
    session: DbSession,
    principal: CurrentPrincipal,
    school: ReadableSchool,
    background: BackgroundTasks,
    file: Annotated[UploadFile, File(description="The file to import.")],
    file_format: Annotated[FileFormat, Form()],
    mode: Annotated[Mode, Form()] = "all",
) -> ImportJobRead:
    if not _may_import(principal, school.id, school.trust_id):
        raise Forbidden("Your role may not import data for this school.")
    content = file.file.read()
    if not content:
        raise Unprocessable("The file is empty.")
    job = imports.create_job(
        session,
        school,
        principal,
        file_format=file_format,
        filename=file.filename or "upload",
        content=content,
        mode=mode,
    )
    # Runs once the response is sent; the job and its file are committed by then.
    background.add_task(imports.run_job, request.app.state.sessionmaker, job.id)
    return _read(job)


@router.get(
    "/schools/{school_id}/imports",
    name="imports:list",
    response_model=Page[ImportJobRead],
    summary="A school's imports, newest first",
    responses=ERRORS,
)
def list_imports(
    session: DbSession, principal: CurrentPrincipal, school: ReadableSchool, page: Pagination
) -> Page[ImportJobRead]:
    if not _may_import(principal, school.id, school.trust_id):
        raise Forbidden("Your role may not see this school's imports.")
    statement = select(ImportJob).where(ImportJob.school_id == school.id)
    rows, cursor = paginate(session, statement, page, id_column=ImportJob.id, newest_first=True)
    return Page(items=[_read(j) for j in rows], next_cursor=cursor)


@router.get(
    "/imports/{job_id}", name="imports:read", response_model=ImportJobRead, responses=ERRORS
)
def read_import(job: ReadableJob) -> ImportJobRead:
    return _read(job)


@router.get(
    "/imports/{job_id}/errors.csv",
    name="imports:errors",
    response_class=PlainTextResponse,
    responses=ERRORS | {200: {"content": {"text/csv": {}}, "description": "The error report"}},
)
def import_errors(job: ReadableJob) -> PlainTextResponse:
    return PlainTextResponse(
        imports.error_report(job),
        media_type="text/csv",
        headers={"Content-Disposition": f'attachment; filename="import-{job.id}-errors.csv"'},
    )


@router.get(
    "/import-templates/{kind}",
    name="imports:template",
    response_class=PlainTextResponse,
    responses=responses(Unauthorized, Unprocessable)
    | {200: {"content": {"text/csv": {}}, "description": "The CSV template"}},
)
def import_template(kind: Literal["pupils", "results"], _: CurrentPrincipal) -> PlainTextResponse:
    return PlainTextResponse(
        template(kind),
        media_type="text/csv",
        headers={"Content-Disposition": f'attachment; filename="termwise-{kind}.csv"'},
    )
