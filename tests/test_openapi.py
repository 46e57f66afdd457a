from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute

import termwise
from termwise.openapi import render

COMMITTED = Path(__file__).resolve().parents[1] / "openapi" / "openapi.json"
PACKAGE = Path(termwise.__file__).parent


def test_committed_openapi_document_matches_the_app(app: FastAPI) -> None:
    assert COMMITTED.read_text(encoding="utf-8") == render(app.openapi()), (
        "openapi/openapi.json is stale: run `make openapi` and commit it"
    )


def test_every_operation_has_a_stable_id_and_documents_its_errors(app: FastAPI) -> None:
    for path, operations in app.openapi()["paths"].items():
        for method, operation in operations.items():
            assert ":" in operation["operationId"], (method, path)
            for status, response in operation["responses"].items():
                if status.startswith(("4", "5")) and path != "/api/v1/health":
                    assert list(response["content"]) == ["application/problem+json"], (path, status)


def _declares_etag(operation: dict[str, Any]) -> bool:
    return any(
        status.startswith("2") and "ETag" in response.get("headers", {})
        for status, response in operation["responses"].items()
    )


def _if_match(operation: dict[str, Any]) -> dict[str, Any] | None:
    return next(
        (
            p
            for p in operation.get("parameters", [])
            if p["in"] == "header" and p["name"] == "If-Match"
        ),
        None,
    )


def _sends_etag(node: ast.AST) -> bool:
    """A call of set_etag, or an ETag header written by hand."""
    if isinstance(node, ast.Call):
        return isinstance(node.func, ast.Name) and node.func.id == "set_etag"
    return (
        isinstance(node, ast.Subscript)
        and isinstance(node.ctx, ast.Store)
        and isinstance(node.slice, ast.Constant)
        and str(node.slice.value).lower() == "etag"
    )


def _functions_that_send_an_etag() -> set[tuple[str, str]]:
    """(module, function) of every function in the package that sends an ETag header."""
    found = set()
    for file in PACKAGE.rglob("*.py"):
        module = ".".join(("termwise", *file.relative_to(PACKAGE).with_suffix("").parts))
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and any(
                _sends_etag(inner) for inner in ast.walk(node)
            ):
                found.add((module, node.name))
    return found - {("termwise.concurrency", "set_etag")}


def test_an_etag_is_sent_only_by_handlers_whose_operations_declare_it_and_all_of_those(
    app: FastAPI,
) -> None:
    document = app.openapi()
    declaring = {
        (route.endpoint.__module__, route.endpoint.__name__)
        for route in app.routes
        if isinstance(route, APIRoute)
        for method in route.methods
        if _declares_etag(document["paths"][route.path_format][method.lower()])
    }
    senders = _functions_that_send_an_etag()
    # A helper that sends the ETag for its handler would be a sender that declares nothing.
    assert senders == declaring
    assert len(declaring) >= 6


def test_if_match_is_required_exactly_where_its_absence_is_a_428(app: FastAPI) -> None:
    for path, operations in app.openapi()["paths"].items():
        for method, operation in operations.items():
            if_match = _if_match(operation)
            required = if_match is not None and if_match["required"]
            assert required == ("428" in operation["responses"]), (method, path)
            if required:
                assert if_match["schema"]["type"] == "string", (method, path)


def test_every_operation_taking_if_match_can_read_the_etag_to_send_from_its_get(
    app: FastAPI,
) -> None:
    paths = app.openapi()["paths"]
    taking = [(m, p) for p, ops in paths.items() for m, op in ops.items() if _if_match(op)]
    assert taking
    for method, path in taking:
        assert "get" in paths[path] and _declares_etag(paths[path]["get"]), (method, path)
