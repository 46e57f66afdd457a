from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from termwise.db import Base, IdMixin, enum_of_values, utcnow


class IdempotencyRecord(Base):
    """The answer to a request sent with an Idempotency-Key, stored in the same transaction as
    its writes: a retry gets this answer back, and a request that died wrote neither."""

    __tablename__ = "idempotency_records"

    # Who sent it ("user:3", "client:7"): keys are the caller's own namespace.
    subject: Mapped[str] = mapped_column(String(40), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    # Method, path and a digest of the body, so a key reused for another request is refused.
    fingerprint: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class JobStatus(enum.StrEnum):
    queued = "queued"
    running = "running"
    succeeded = "succeeded"
    failed = "failed"


class ImportJob(IdMixin, Base):
    """A file upload being imported. The file itself is kept here, so any replica can run it."""

    __tablename__ = "import_jobs"

    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    file_format: Mapped[str] = mapped_column(String(20))
    filename: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    mode: Mapped[str] = mapped_column(String(10))
    status: Mapped[JobStatus] = mapped_column(enum_of_values(JobStatus, 10))
    rows_total: Mapped[int | None] = mapped_column(Integer)
    rows_done: Mapped[int] = mapped_column(Integer, default=0)
    summary: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    errors: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    created_by: Mapped[str] = mapped_column(String(254))
    # Who uploaded it ("user:3"): the job runs with their permissions as they are when it runs.
    created_by_subject: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    # A replica that claims the job holds it until then; an expired lease can be taken over.
    lease_until: Mapped[datetime | None]
