"""The OpenAPI document: generated from the app, committed, and checked for drift."""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from termwise.errors import PROBLEM_MEDIA_TYPE, PreconditionRequired


def build_openapi(app: FastAPI) -> dict[str, Any]:
    document = get_openapi(
        title=app.title,
        version=app.version,
        description=app.description,
        routes=app.routes,
    )
    # Errors are only ever problem+json: FastAPI also lists the route's own media type, and
    # adds its own validation-error schema to routes that did not declare a 422.
    problem = {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for path in document.get("paths", {}).values():
        for operation in path.values():
            _require_if_match_where_refused_without_it(operation)
            _declare_what_any_request_may_meet(operation, problem)
            for status, response in operation.get("responses", {}).items():
                content = response.get("content", {})
                if status == "422" and PROBLEM_MEDIA_TYPE not in content:
                    response["description"] = "The request is not valid"
                    response["content"] = dict(problem)
                elif PROBLEM_MEDIA_TYPE in content:
                    for other in [m for m in content if m != PROBLEM_MEDIA_TYPE]:
                        del content[other]
    _link_creates_to_what_takes_their_id(document)
    schemas = document.get("components", {}).get("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    return document


def _declare_what_any_request_may_meet(operation: dict[str, Any], problem: dict[str, Any]) -> None:
    """A body that cannot be parsed is a 400 wherever there is a body, and any request may find
    the database unavailable (503, with Retry-After)."""
    answers = operation.setdefault("responses", {})
    if "requestBody" in operation:
        answers.setdefault(
            "400", {"description": "The body could not be read", "content": dict(problem)}
        )
    answers.setdefault(
        "503", {"description": "The database is unavailable; try again", "content": dict(problem)}
    )


def _require_if_match_where_refused_without_it(operation: dict[str, Any]) -> None:
    """If-Match is optional to validation (its absence is a 428, not a 422), so FastAPI documents
    it as optional: an operation that answers 428 without it requires it."""
    if str(PreconditionRequired.status) not in operation.get("responses", {}):
        return
    for parameter in operation.get("parameters", []):
        if parameter["in"] == "header" and parameter["name"] == "If-Match":
            parameter["required"] = True
            parameter["schema"].pop("anyOf", None)
            parameter["schema"]["type"] = "string"


def _link_creates_to_what_takes_their_id(document: dict[str, Any]) -> None:
    """OpenAPI links from each ``X:create`` to ``X:read``, ``X:update`` and ``X:delete``: the id
    the create answers fills the one path parameter the create did not have, the others come
    from the create's own path. Client generators and stateful testing follow them."""
    operations = {
        operation["operationId"]: (path, operation)
        for path, methods in document.get("paths", {}).items()
        for operation in methods.values()
    }
    for operation_id, (path, create) in operations.items():
        family, _, verb = operation_id.rpartition(":")
        if verb != "create":
            continue
        answered = next(
            (r for status, r in create.get("responses", {}).items() if status.startswith("2")),
            None,
        )
        if answered is None:
            continue
        own = set(_path_parameters(path))
        links = {}
        for then in ("read", "update", "delete"):
            found = operations.get(f"{family}:{then}")
            if found is None:
                continue
            fresh = [name for name in _path_parameters(found[0]) if name not in own]
            if len(fresh) > 1:
                continue
            parameters = {name: f"$request.path.{name}" for name in _path_parameters(found[0])}
            parameters |= {name: "$response.body#/id" for name in fresh}
            links[then.capitalize()] = {
                "operationId": f"{family}:{then}",
                "parameters": parameters,
            }
        if links:
            answered["links"] = links


def _path_parameters(path: str) -> list[str]:
    return [part[1:-1] for part in path.split("/") if part.startswith("{") and part.endswith("}")]


def install_openapi(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = build_openapi(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def render(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
