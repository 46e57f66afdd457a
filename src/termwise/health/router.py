"""Liveness and readiness, including the database and its schema."""

from __future__ import annotations

import logging
from typing import Literal

from fastapi import Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from termwise import __version__
from termwise.errors import ServiceUnavailable, responses
from termwise.migrate import current_revisions, head_revisions
from termwise.routing import api_router

log = logging.getLogger(__name__)
router = api_router(tags=["health"])


class HealthRead(BaseModel):
    status: Literal["ok", "unavailable"]
    database: Literal["ok", "unreachable"]
    version: str


class LiveRead(BaseModel):
    status: Literal["ok"]
    version: str


class ReadyRead(BaseModel):
    status: Literal["ok"]
    database: Literal["ok"]
    schema_revision: str
    version: str


@router.get(
    "/health",
    name="health:read",
    response_model=HealthRead,
    responses={503: {"model": HealthRead, "description": "The database is unreachable"}},
)
def health(request: Request) -> JSONResponse:
    try:
        with request.app.state.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        log.warning("health check: database unreachable: %s", exc)
        body = HealthRead(status="unavailable", database="unreachable", version=__version__)
        return JSONResponse(body.model_dump(), status_code=503, headers={"Retry-After": "5"})
    body = HealthRead(status="ok", database="ok", version=__version__)
    return JSONResponse(body.model_dump())


@router.get("/health/live", name="health:live")
async def live() -> LiveRead:
    """The process answers. Touches nothing else: a restart would not mend the database."""
    return LiveRead(status="ok", version=__version__)


@router.get("/health/ready", name="health:ready", responses=responses(ServiceUnavailable))
def ready(request: Request) -> ReadyRead:
    """Ready for traffic: the database answers and its schema is at this version's revision."""
    heads = head_revisions(request.app.state.settings)
    try:
        with request.app.state.sessionmaker() as session:
            current = current_revisions(session.connection())
    except SQLAlchemyError as exc:
        log.warning("readiness: database unreachable: %s", exc)
        raise _unready("The database is unreachable.") from exc
    if not current:
        raise _unready("The database has no schema: run `termwise migrate`.")
    if current != heads:
        raise _unready(
            f"The database schema is at revision {', '.join(sorted(current))}; this version "
            f"needs {', '.join(sorted(heads))}: run `termwise migrate`."
        )
    return ReadyRead(
        status="ok", database="ok", schema_revision=", ".join(sorted(heads)), version=__version__
    )


def _unready(detail: str) -> ServiceUnavailable:
    return ServiceUnavailable(detail, headers={"Retry-After": "5"})
