"""The route class every API router uses. It refuses, before any handler runs:

- a body of the wrong media type (415), instead of a confusing validation error later;
- a NUL character anywhere in the path, query or JSON body (422): PostgreSQL cannot store one,
  and no legitimate school data contains it.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import APIRouter, params
from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.responses import Response

from termwise.errors import FieldError, Unprocessable, UnsupportedMediaType

API_PREFIX = "/api/v1"
FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})
JSON_TYPES = frozenset({"application/json"})


def _refuse_nul(request: Request, body: bytes) -> None:
    where = None
    if "\x00" in request.url.path or "%00" in request.url.path:
        where = "/path"
    elif "%00" in request.url.query or "\x00" in request.url.query:
        where = "/query"
    elif b"\\u0000" in body or b"\x00" in body:
        where = "/"
    if where is not None:
        raise Unprocessable(
            "Text must not contain NUL characters.",
            errors=[FieldError(pointer=where, message="contains a NUL character", code="nul")],
        )


class MediaTypeCheckedRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        if self.body_field is None:

            async def without_body(request: Request) -> Response:
                _refuse_nul(request, b"")
                return await handler(request)

            return without_body
        accepted = FORM_TYPES if isinstance(self.body_field.field_info, params.Form) else JSON_TYPES

        async def checked(request: Request) -> Response:
            media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
            has_body = request.headers.get("content-length", "0") != "0" or (
                "transfer-encoding" in request.headers
            )
            json_suffix = accepted is JSON_TYPES and media_type.endswith("+json")
            if has_body and media_type not in accepted and not json_suffix:
                raise UnsupportedMediaType(
                    f"Send the body as {' or '.join(sorted(accepted))}, not "
                    f"{media_type or 'an unnamed type'}."
                )
            _refuse_nul(request, await request.body() if accepted is JSON_TYPES else b"")
            return await handler(request)

        return checked


def operation_id(route: APIRoute) -> str:
    # Stable ids such as `schools:list`, so generated client names never move with the code.
    return route.name


def api_router(prefix: str = "", **options: Any) -> APIRouter:
    """The router every area builds its routes on, under ``/api/v1``: its routes carry their
    whole path, so the app can hold them directly (see ``termwise.main``)."""
    return APIRouter(
        prefix=API_PREFIX + prefix,
        route_class=MediaTypeCheckedRoute,
        generate_unique_id_function=operation_id,
        **options,
    )
