"""The OpenAPI document: generated from the app, committed, and checked for drift."""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from termwise.errors import PROBLEM_MEDIA_TYPE


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
            for status, response in operation.get("responses", {}).items():
                content = response.get("content", {})
                if status == "422" and PROBLEM_MEDIA_TYPE not in content:
                    response["description"] = "The request is not valid"
                    response["content"] = dict(problem)
                elif PROBLEM_MEDIA_TYPE in content:
                    for other in [m for m in content if m != PROBLEM_MEDIA_TYPE]:
                        del content[other]
    schemas = document.get("components", {}).get("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    return document


def install_openapi(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = build_openapi(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def render(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
