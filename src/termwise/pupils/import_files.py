"""Uploaded import files that mention a pupil.

An import job keeps the file it was given (so any replica can run it), and that file holds
every pupil in it. The subject access export lists the files that name the pupil (by UPN or the
school's MIS id), not their contents, which are about other children too; erasure empties the
finished ones, whose file nothing reads again, and leaves their summary and errors.
"""

from __future__ import annotations

import io
import zipfile

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from termwise.ingest.models import ImportJob, JobStatus
from termwise.pupils import holdings
from termwise.pupils.models import Enrolment, Pupil, SchoolPupilId

FINISHED = (JobStatus.succeeded, JobStatus.failed)
_ZIP_MAGIC = b"PK\x03\x04"


def _needles(session: Session, pupil: Pupil) -> list[bytes]:
    mis_ids = session.scalars(
        select(SchoolPupilId.mis_id).where(SchoolPupilId.pupil_id == pupil.id)
    )
    return [n.encode() for n in [pupil.upn or "", *mis_ids] if len(n) >= 4]


def _mentions(content: bytes, needles: list[bytes]) -> bool:
    if any(n in content for n in needles):
        return True
    if not content.startswith(_ZIP_MAGIC):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as bundle:  # a OneRoster bundle
            return any(any(n in bundle.read(m) for n in needles) for m in bundle.namelist())
    except (zipfile.BadZipFile, OSError):
        return False


def naming(session: Session, pupil: Pupil) -> list[ImportJob]:
    """The import jobs, at schools the pupil is or was enrolled at, whose file names them."""
    needles = _needles(session, pupil)
    if not needles:
        return []
    schools = select(Enrolment.school_id).where(Enrolment.pupil_id == pupil.id)
    jobs = session.scalars(
        select(ImportJob).where(ImportJob.school_id.in_(schools)).order_by(ImportJob.id)
    )
    return [job for job in jobs if _mentions(job.content, needles)]


def rows(jobs: list[ImportJob]) -> list[holdings.Row]:
    return [
        {
            "import_id": job.id,
            "filename": job.filename,
            "file_format": job.file_format,
            "uploaded_by": job.created_by,
            "uploaded_at": holdings.plain(job.created_at),
            "status": holdings.plain(job.status),
        }
        for job in jobs
    ]


def empty_finished(session: Session, jobs: list[ImportJob]) -> int:
    """Empty the files of the finished jobs among ``jobs``; how many were emptied."""
    done = [job.id for job in jobs if job.status in FINISHED]
    if done:
        session.execute(update(ImportJob).where(ImportJob.id.in_(done)).values(content=b""))
    return len(done)
