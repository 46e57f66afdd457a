"""The route class every API router uses: it refuses a body of the wrong media type with 415,
instead of letting a form post to a JSON endpoint fail later as a confusing validation error."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import APIRouter, params
from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.responses import Response

from termwise.errors import UnsupportedMediaType

FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})
JSON_TYPES = frozenset({"application/json"})


class MediaTypeCheckedRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        if self.body_field is None:
            return handler
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
            return await handler(request)

        return checked


def api_router(**options: Any) -> APIRouter:
    """The router every area builds its routes on."""
    return APIRouter(route_class=MediaTypeCheckedRoute, **options)
