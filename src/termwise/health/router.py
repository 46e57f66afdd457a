from __future__ import annotations

import logging
from typing import Literal

from fastapi import Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from termwise import __version__
from termwise.routing import api_router

log = logging.getLogger(__name__)
router = api_router(tags=["health"])


class HealthRead(BaseModel):
    status: Literal["ok", "unavailable"]
    database: Literal["ok", "unreachable"]
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
