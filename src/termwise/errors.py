"""One error family, rendered once as RFC 9457 ``application/problem+json``."""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger(__name__)

PROBLEM_MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "https://termwise.org/problems/"


class FieldError(BaseModel):
    """One rejected field: where it is (a JSON pointer into the request) and why."""

    pointer: str
    message: str
    code: str


class Problem(BaseModel):
    """An RFC 9457 problem document."""

    type: str
    title: str
    status: int
    detail: str | None = None
    errors: list[FieldError] | None = None
    # The OAuth 2.0 error code (RFC 6749 section 5.2), on answers of the token endpoint only.
    error: str | None = None


class TermwiseError(Exception):
    """Base of every error the API returns on purpose."""

    status: int = 500
    code: str = "internal-error"
    title: str = "Internal server error"
    headers: dict[str, str] | None = None
    oauth_error: str | None = None

    def __init__(
        self,
        detail: str | None = None,
        *,
        errors: list[FieldError] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail or self.title)
        self.detail = detail
        self.errors = errors
        if headers is not None:
            self.headers = headers

    def problem(self) -> Problem:
        return Problem(
            type=TYPE_BASE + self.code,
            title=self.title,
            status=self.status,
            detail=self.detail,
            errors=self.errors,
            error=self.oauth_error,
        )


class BadRequest(TermwiseError):
    status, code, title = 400, "bad-request", "Bad request"


class Unauthorized(TermwiseError):
    status, code, title = 401, "unauthorized", "Not signed in"
    headers = {"WWW-Authenticate": "Bearer"}


class InvalidRequest(BadRequest):
    """The token endpoint's answer to a missing or malformed parameter."""

    oauth_error = "invalid_request"


class UnsupportedGrantType(BadRequest):
    oauth_error = "unsupported_grant_type"


class InvalidGrant(BadRequest):
    """A wrong password, or a refresh token that is unknown, expired, revoked or reused."""

    code, title = "invalid-grant", "Sign-in refused"
    oauth_error = "invalid_grant"


class InvalidClient(Unauthorized):
    """Client credentials that are unknown, wrong or revoked."""

    code, title = "invalid-client", "Client authentication failed"
    oauth_error = "invalid_client"
    headers = {"WWW-Authenticate": 'Basic realm="termwise"'}


class Forbidden(TermwiseError):
    status, code, title = 403, "forbidden", "Not allowed"


class NotFound(TermwiseError):
    status, code, title = 404, "not-found", "Not found"


class Conflict(TermwiseError):
    status, code, title = 409, "conflict", "Conflict"


class Gone(TermwiseError):
    status, code, title = 410, "gone", "No longer valid"


class PreconditionFailed(TermwiseError):
    status, code, title = 412, "precondition-failed", "The resource has changed"


class PayloadTooLarge(TermwiseError):
    status, code, title = 413, "payload-too-large", "Request body too large"


class UnsupportedMediaType(TermwiseError):
    status, code, title = 415, "unsupported-media-type", "Unsupported content type"


class Unprocessable(TermwiseError):
    status, code, title = 422, "validation-error", "The request is not valid"


def refused(pointer: str, message: str, code: str = "invalid") -> Unprocessable:
    """A 422 naming the one field (a JSON pointer into the request) that is wrong, and why."""
    return Unprocessable(message, errors=[FieldError(pointer=pointer, message=message, code=code)])


class PreconditionRequired(TermwiseError):
    status, code, title = 428, "precondition-required", "If-Match header required"


class TooManyRequests(TermwiseError):
    status, code, title = 429, "too-many-requests", "Too many requests"


class ServiceUnavailable(TermwiseError):
    status, code, title = 503, "service-unavailable", "Service unavailable"


def problem_response(problem: Problem, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(
        problem.model_dump(exclude_none=True),
        status_code=problem.status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=headers,
    )


def responses(*errors: type[TermwiseError]) -> dict[int | str, dict[str, Any]]:
    """The ``responses=`` entry for a route, so the generated client knows its errors."""
    return {
        error.status: {
            "model": Problem,
            "description": error.title,
            "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        for error in errors
    }


def json_pointer(location: tuple[Any, ...] | list[Any]) -> str:
    """``("body", "items", 3, "upn")`` → ``/items/3/upn``; query and path keep their prefix."""
    parts = list(location)
    if parts and parts[0] == "body":
        parts = parts[1:]
    return "/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in parts)


async def _on_termwise_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, TermwiseError)
    return problem_response(exc.problem(), exc.headers)


def _method_not_allowed(allowed: set[str]) -> JSONResponse:
    return problem_response(
        Problem(type=TYPE_BASE + "method-not-allowed", title="Method Not Allowed", status=405),
        {"Allow": ", ".join(sorted(allowed))},
    )


async def _on_validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    # DELETE /invitations/accept reaches DELETE /invitations/{invitation_id} and fails there
    # on "accept"; but the path is another route's, written out, which has no DELETE.
    allowed = allowed_methods(request)
    if allowed and request.method not in allowed:
        return _method_not_allowed(allowed)
    raw = list(exc.errors())
    if any(e.get("type") == "json_invalid" for e in raw):
        first = next(e for e in raw if e.get("type") == "json_invalid")
        reason = (first.get("ctx") or {}).get("error", "invalid JSON")
        return problem_response(BadRequest(f"The body is not valid JSON: {reason}.").problem())
    errors = [
        FieldError(
            pointer=json_pointer(e.get("loc", ())),
            message=str(e.get("msg", "invalid")),
            code=str(e.get("type", "invalid")),
        )
        for e in raw
    ]
    detail = "; ".join(f"{e.pointer}: {e.message}" for e in errors[:5])
    return problem_response(Unprocessable(detail, errors=errors).problem())


def allowed_methods(request: Request) -> set[str]:
    """Every method the API documents for the request's path, across all its routes (the
    router only knows the first route whose path matched). A path written out in full
    (``/invitations/accept``) is that route's alone, not also a value of ``{invitation_id}``."""
    path = request.url.path
    routes = [r for r in request.app.routes if isinstance(r, APIRoute) and r.include_in_schema]
    exact = [r for r in routes if r.path == path]
    found: set[str] = set()
    for route in exact or [r for r in routes if r.path_regex.match(path)]:
        found |= route.methods or set()
    return found


async def _on_http_exception(request: Request, exc: Exception) -> JSONResponse:
    """Framework errors (unknown route, wrong method, a streamed body over the limit) in the
    same problem form as ours, with our type and title where we have one for the status. A
    method the path does not have is a 405 naming every method it does have."""
    assert isinstance(exc, StarletteHTTPException)
    status = exc.status_code
    headers = dict(exc.headers) if exc.headers else {}
    if status in (404, 405) and request.url.path.startswith("/api/"):
        allowed = allowed_methods(request)
        if allowed and request.method not in allowed:
            return _method_not_allowed(allowed)
    ours = next((cls for cls in TermwiseError.__subclasses__() if cls.status == status), None)
    phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
    detail = exc.detail if isinstance(exc.detail, str) and exc.detail != phrase else None
    if ours is not None:
        problem = ours(detail).problem()
    else:
        code = phrase.lower().replace(" ", "-")
        problem = Problem(type=TYPE_BASE + code, title=phrase, status=status, detail=detail)
    return problem_response(problem, headers or None)


async def _on_stale_data(_request: Request, _exc: Exception) -> JSONResponse:
    # Another request changed the row between our read and our write.
    return problem_response(PreconditionFailed("Someone else changed this; reload it.").problem())


async def _on_database_down(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DBAPIError)
    if isinstance(exc, OperationalError) or exc.connection_invalidated:
        log.warning("database unavailable: %s", exc.orig)
        return problem_response(
            ServiceUnavailable("The database is unavailable; try again shortly.").problem(),
            {"Retry-After": "5"},
        )
    log.exception("database error", exc_info=exc)
    return problem_response(TermwiseError().problem())


async def _on_unexpected(_request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error", exc_info=exc)
    return problem_response(TermwiseError().problem())


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(TermwiseError, _on_termwise_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_exception)
    app.add_exception_handler(StaleDataError, _on_stale_data)
    app.add_exception_handler(DBAPIError, _on_database_down)
    app.add_exception_handler(Exception, _on_unexpected)
