"""Rate limits shared by every replica: each limited thing counts its requests per minute in
the database (one row per key and minute), so two API servers behind a load balancer see the
same count. A request over the limit is a 429 with Retry-After, before it does any work.

The count is written in its own short transaction: a refused or failed request still counts."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials
from sqlalchemy import Integer, String, delete, update
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from termwise import security
from termwise.auth.dependencies import bearer
from termwise.db import Base, insert_ignoring_conflicts, utcnow
from termwise.errors import TooManyRequests

KEPT = timedelta(hours=1)


class RateWindow(Base):
    """How many requests one key (``push:client:7``, ``refresh:10.0.0.5``) made in one minute."""

    __tablename__ = "rate_windows"

    key: Mapped[str] = mapped_column(String(160), primary_key=True)
    window_start: Mapped[datetime] = mapped_column(primary_key=True)
    hits: Mapped[int] = mapped_column(Integer, default=0)


def hit(
    factory: sessionmaker[Session],
    key: str,
    per_minute: int,
    what: str,
    now: datetime | None = None,
) -> None:
    """Count one request for ``key``; refuse it if the minute's count is over ``per_minute``
    (0 turns the limit off)."""
    if per_minute <= 0:
        return
    now = now or utcnow()
    start = now.replace(second=0, microsecond=0)
    with factory() as session:
        insert_ignoring_conflicts(session, RateWindow, key=key, window_start=start, hits=0)
        hits = session.execute(
            update(RateWindow)
            .where(RateWindow.key == key, RateWindow.window_start == start)
            .values(hits=RateWindow.hits + 1)
            .returning(RateWindow.hits)
        ).scalar_one()
        if hits == 1:
            # A new minute for this key: its old minutes are of no more use.
            session.execute(
                delete(RateWindow).where(
                    RateWindow.key == key, RateWindow.window_start < start - KEPT
                )
            )
        session.commit()
    if hits > per_minute:
        wait = 60 - now.second
        raise TooManyRequests(
            f"More than {per_minute} {what} a minute; try again in {wait} seconds.",
            headers={"Retry-After": str(wait)},
        )


def _push_limit(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> None:
    """Per client (or person), read from the access token itself: counting must come before
    the request's own session first touches the database, or on SQLite the two would wait on
    each other. A missing or bad token is not counted; authentication refuses it next."""
    settings = request.app.state.settings
    if credentials is None:
        return
    try:
        claims = security.verify_access_token(credentials.credentials, settings.signing_key())
    except security.InvalidToken:
        return
    hit(request.app.state.sessionmaker, f"push:{claims.subject}",
        settings.rate_limit_pushes_per_minute, "pushes")  # fmt: skip


# For a route's ``dependencies=``: pushes and imports per client (or person) per minute. Route
# dependencies run before the route's own parameters, so before anything reads the database.
PUSH_LIMIT = Depends(_push_limit)
