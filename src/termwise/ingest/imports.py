"""File imports as jobs: the upload is stored with its job, any replica may run it, and the
job records its progress, its outcome and every rejected row.

A job runs in two kinds of transaction: the import itself (all of it, or in partial mode the
valid rows) and small progress updates committed on their own so that others can watch.
"""

from __future__ import annotations

import csv
import io
import logging
import threading
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from termwise.assessment.models import Source
from termwise.audit.recorder import act_as
from termwise.auth.roles import Permission
from termwise.auth.service import load_principal
from termwise.db import utcnow
from termwise.errors import FieldError, Unprocessable
from termwise.ingest import service
from termwise.ingest.csv_format import parse_csv
from termwise.ingest.ctf import parse_ctf
from termwise.ingest.models import ImportJob, JobStatus
from termwise.ingest.oneroster import parse_oneroster
from termwise.ingest.records import FileRejected, ParsedFile, RowError
from termwise.ingest.schemas import ImportSummary, Mode
from termwise.orgs.models import School
from termwise.tenancy import Principal, holds_at_school

log = logging.getLogger(__name__)

PARSERS: dict[str, Callable[[bytes], ParsedFile]] = {
    "csv": parse_csv,
    "ctf": parse_ctf,
    "oneroster": parse_oneroster,
}
LEASE = timedelta(minutes=15)


def create_job(
    session: Session,
    school: School,
    principal: Principal,
    *,
    file_format: str,
    filename: str,
    content: bytes,
    mode: Mode,
) -> ImportJob:
    job = ImportJob(
        school_id=school.id,
        file_format=file_format,
        filename=filename[:255],
        content=content,
        mode=mode,
        status=JobStatus.queued,
        rows_done=0,
        created_by=principal.label,
        created_by_subject=principal.subject,
        created_at=utcnow(),
    )
    session.add(job)
    session.flush()
    return job


def orphaned_jobs(factory: sessionmaker[Session], queued_for: timedelta) -> list[int]:
    """Jobs nobody is running: queued for a while, or running on a lease that ran out."""
    now = utcnow()
    with factory() as session:
        return list(
            session.scalars(
                select(ImportJob.id)
                .where(
                    or_(
                        (ImportJob.status == JobStatus.queued)
                        & (ImportJob.created_at < now - queued_for),
                        (ImportJob.status == JobStatus.running) & (ImportJob.lease_until < now),
                    )
                )
                .order_by(ImportJob.id)
            )
        )


class Sweeper:
    """A background thread in each replica that runs orphaned jobs; any replica may take one,
    and the claim lets only one of them run it."""

    def __init__(self, factory: sessionmaker[Session], every_seconds: float) -> None:
        self.factory = factory
        self.every = every_seconds
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._loop, name="import-sweeper", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.stopped.set()
        self.thread.join(timeout=5)

    def _loop(self) -> None:
        while not self.stopped.wait(self.every):
            try:
                for job_id in orphaned_jobs(self.factory, queued_for=timedelta(minutes=1)):
                    run_job(self.factory, job_id)
            except Exception:  # the database may be down; try again next time
                log.exception("import sweep failed")


def claim(factory: sessionmaker[Session], job_id: int) -> bool:
    """Take the job if it is queued, or if the replica running it let its lease run out."""
    now = utcnow()
    with factory() as session:
        claimed = session.execute(
            update(ImportJob)
            .where(
                ImportJob.id == job_id,
                or_(
                    ImportJob.status == JobStatus.queued,
                    (ImportJob.status == JobStatus.running) & (ImportJob.lease_until < now),
                ),
            )
            .values(status=JobStatus.running, started_at=now, lease_until=now + LEASE)
        )
        session.commit()
        return bool(claimed.rowcount)  # type: ignore[attr-defined]


def run_job(
    factory: sessionmaker[Session],
    job_id: int,
    *,
    principal: Principal | None = None,
    correction_reason: str | None = None,
    on_progress: Callable[[str], None] | None = None,
) -> ImportJob:
    """Run one import job to its end. ``principal`` overrides the uploader (the command line)."""
    if not claim(factory, job_id):
        with factory() as session:
            job = session.get(ImportJob, job_id)
            assert job is not None
            return job
    progress = on_progress or (lambda _phase: None)
    # Read the job in a short transaction and parse outside any: on SQLite an open reader would
    # block the progress updates committed from other connections.
    with factory() as session:
        job = session.get(ImportJob, job_id)
        assert job is not None
        content, file_format, mode = job.content, job.file_format, job.mode
        school_id, subject = job.school_id, job.created_by_subject
    try:
        progress("reading the file")
        parsed = PARSERS[file_format](content)
    except FileRejected as exc:
        error = FieldError(pointer="/file", message=str(exc), code=exc.code)
        summary = ImportSummary(
            pupils=None, results=None, file_errors=0, message=str(exc), unknown_codes={}
        )
        return _finish(factory, job_id, JobStatus.failed, summary, [error])
    _set_progress(factory, job_id, total=_row_count(parsed), done=0)
    with factory() as session:
        school = session.get(School, school_id)
        assert school is not None
        runner = principal or load_principal(session, subject)
        try:
            if runner is None:
                raise _Failed("The account that uploaded this file no longer exists.")
            act_as(session, runner)
            summary = _import(session, school, runner, parsed, mode, correction_reason, progress)
            session.commit()
        except _Failed as exc:
            session.rollback()
            # Everything was rolled back: counts of what was written would be untrue.
            failed = (exc.summary or _empty_summary(parsed)).model_copy(
                update={"message": str(exc), "pupils": None, "results": None}
            )
            return _finish(factory, job_id, JobStatus.failed, failed, exc.errors)
    return _finish(factory, job_id, JobStatus.succeeded, summary, _all_errors(parsed, summary))


class _Failed(Exception):
    def __init__(
        self,
        message: str,
        errors: list[FieldError] | None = None,
        summary: ImportSummary | None = None,
    ) -> None:
        super().__init__(message)
        self.errors = errors or [FieldError(pointer="/file", message=message, code="refused")]
        self.summary = summary


def _row_count(parsed: ParsedFile) -> int:
    return len(parsed.pupils) + len(parsed.results) + len({e.row for e in parsed.errors})


def _import(
    session: Session,
    school: School,
    runner: Principal,
    parsed: ParsedFile,
    mode: str,
    correction_reason: str | None,
    progress: Callable[[str], None],
) -> ImportSummary:
    batch_mode: Mode = "partial" if mode == "partial" else "all"
    parse_errors = _pointed(parsed.errors, "/rows")
    summary = _empty_summary(parsed)
    if parse_errors and batch_mode == "all":
        raise _Failed(
            f"{summary.file_errors} row(s) of the file are not valid, so nothing was imported.",
            parse_errors,
            summary,
        )
    try:
        if parsed.pupils:
            _require(runner, Permission.pupils_write, school)
            progress(f"writing {len(parsed.pupils)} pupils")
            result = service.push_pupils(
                session, school, parsed.pupils, mode=batch_mode, pointer_prefix="/pupils"
            )
            summary.pupils = result
        if parsed.results:
            _require(runner, Permission.assessments_write, school)
            progress(f"writing {len(parsed.results)} results")
            result = service.push_results(
                session,
                school,
                runner,
                parsed.results,
                mode=batch_mode,
                source=Source.import_,
                correction_reason=correction_reason,
                pointer_prefix="/results",
            )
            summary.results = result
    except Unprocessable as exc:
        raise _Failed(exc.detail or "rows not valid", exc.errors, summary) from exc
    return summary


def _empty_summary(parsed: ParsedFile) -> ImportSummary:
    return ImportSummary(
        pupils=None,
        results=None,
        file_errors=len({e.row for e in parsed.errors}),
        message=None,
        unknown_codes=parsed.unknown_codes,
    )


def _require(runner: Principal, permission: Permission, school: School) -> None:
    if not holds_at_school(runner, permission, school_id=school.id, trust_id=school.trust_id):
        raise _Failed(f"Your role may not import this ({permission.value}).")


def _pointed(errors: list[RowError], prefix: str) -> list[FieldError]:
    return [
        FieldError(pointer=f"{prefix}/{e.row}/{e.field}", message=e.message, code=e.code)
        for e in sorted(errors, key=lambda e: e.row)
    ]


def _all_errors(parsed: ParsedFile, summary: ImportSummary) -> list[FieldError]:
    errors = _pointed(parsed.errors, "/rows")
    for part in (summary.pupils, summary.results):
        if part is not None:
            errors += part.errors
    return errors


def _set_progress(factory: sessionmaker[Session], job_id: int, *, total: int, done: int) -> None:
    with factory() as session:
        session.execute(
            update(ImportJob)
            .where(ImportJob.id == job_id)
            .values(rows_total=total, rows_done=done, lease_until=utcnow() + LEASE)
        )
        session.commit()


def _finish(
    factory: sessionmaker[Session],
    job_id: int,
    status: JobStatus,
    summary: ImportSummary,
    errors: list[FieldError],
) -> ImportJob:
    with factory() as session:
        job = session.get(ImportJob, job_id)
        assert job is not None
        job.status = status
        job.summary = summary.model_dump()
        job.errors = [e.model_dump() for e in errors]
        job.rows_done = job.rows_total or 0
        job.finished_at = utcnow()
        job.lease_until = None
        session.commit()
        log.info("import job %s %s with %s errors", job_id, status.value, len(errors))
        return job


def error_report(job: ImportJob) -> str:
    """The rejected rows as CSV, for a data officer to fix in a spreadsheet."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["section", "row", "field", "code", "message"])
    for error in job.errors or []:
        parts = error["pointer"].strip("/").split("/")
        section, row, field = [*parts, "", "", ""][:3]
        writer.writerow([section, row, field, error["code"], error["message"]])
    return buffer.getvalue()
