from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from termwise.openapi import render

COMMITTED = Path(__file__).resolve().parents[1] / "openapi" / "openapi.json"


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
