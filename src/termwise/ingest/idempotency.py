"""Idempotency-Key: a re-sent request is answered from the first result and applied once.

The key's record is inserted first, in the same transaction as the writes. A concurrent request
with the same key waits on that row; if the first commits, the second finds its answer; if the
first dies or is rolled back, neither its writes nor its key remain, and the retry runs afresh.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Annotated

from fastapi import Header
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from termwise.errors import Conflict
from termwise.ingest.models import IdempotencyRecord
from termwise.tenancy import Principal

IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=8,
        max_length=200,
        pattern=r"^[\x21-\x7e]+$",
        description="Any unique string (a UUID is ideal); a retry with the same key is applied "
        "once and answered with the first response.",
    ),
]


@dataclass(frozen=True)
class Replay:
    status_code: int
    body: str


def fingerprint(method: str, path: str, body: bytes) -> str:
    return hashlib.sha256(method.encode() + b" " + path.encode() + b"\n" + body).hexdigest()


def claim(session: Session, principal: Principal, key: str, print_: str) -> Replay | None:
    """Reserve ``key`` for this request, or return the stored answer of an earlier one."""
    stored = _stored(session, principal, key)
    if stored is None:
        try:
            with session.begin_nested():
                session.add(
                    IdempotencyRecord(
                        subject=principal.subject,
                        key=key,
                        fingerprint=print_,
                        status_code=0,
                        body="",
                    )
                )
                session.flush()
            return None
        except IntegrityError:
            # Another request with this key committed while we waited.
            stored = _stored(session, principal, key)
            assert stored is not None
    if stored.fingerprint != print_:
        raise Conflict("This Idempotency-Key was already used for a different request.")
    return Replay(stored.status_code, stored.body)


def remember(
    session: Session, principal: Principal, key: str, status_code: int, body: object
) -> None:
    session.execute(
        update(IdempotencyRecord)
        .where(IdempotencyRecord.subject == principal.subject, IdempotencyRecord.key == key)
        .values(status_code=status_code, body=json.dumps(body))
    )


def _stored(session: Session, principal: Principal, key: str) -> IdempotencyRecord | None:
    return session.scalar(
        select(IdempotencyRecord)
        .where(IdempotencyRecord.subject == principal.subject, IdempotencyRecord.key == key)
        .execution_options(populate_existing=True)
    )
