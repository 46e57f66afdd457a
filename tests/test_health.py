from __future__ import annotations

from pathlib import Path

import psycopg
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.orm import Session

from termwise.config import Settings
from termwise.main import create_app
from termwise.migrate import head_revisions
from tests.conftest import make_settings
from tests.databases import _libpq, postgres_admin_url, require_postgres
from tests.helpers import assert_problem


def test_health_reports_ok_with_the_database_reachable(client: TestClient) -> None:
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["database"] == "ok"


def test_service_starts_with_the_database_down_and_recovers_when_it_returns(
    database_kind: str, tmp_path: Path
) -> None:
    if database_kind == "sqlite":
        missing = tmp_path / "not-yet" / "termwise.db"
        url = f"sqlite:///{missing}"
    else:
        require_postgres()
        name = f"termwise_down_{tmp_path.name[-8:].lower().replace('-', '_')}"
        url = postgres_admin_url().rsplit("/", 1)[0] + f"/{name}"
    app = create_app(make_settings(url))
    with TestClient(app) as client:
        down = client.get("/api/v1/health")
        assert down.status_code == 503
        assert down.json() == {
            "status": "unavailable",
            "database": "unreachable",
            "version": "0.1.0",
        }
        # An API call in the outage is a clear 503 problem, not a crash.
        api = client.get("/api/v1/schools", headers={"Authorization": "Bearer x"})
        assert api.status_code in (401, 503)

        if database_kind == "sqlite":
            missing.parent.mkdir()
        else:
            with psycopg.connect(_libpq(postgres_admin_url()), autocommit=True) as admin:
                admin.execute(f'CREATE DATABASE "{name}"')
        try:
            assert client.get("/api/v1/health").status_code == 200
        finally:
            app.state.engine.dispose()
            if database_kind != "sqlite":
                with psycopg.connect(_libpq(postgres_admin_url()), autocommit=True) as admin:
                    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_liveness_answers_without_touching_the_database(tmp_path: Path) -> None:
    app = create_app(make_settings(f"sqlite:///{tmp_path}/missing/termwise.db"))
    with TestClient(app) as client:
        response = client.get("/api/v1/health/live")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "version": "0.1.0"}


def test_readiness_reports_ok_with_the_database_migrated_to_the_head(
    client: TestClient, settings: Settings
) -> None:
    response = client.get("/api/v1/health/ready")
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["database"]) == ("ok", "ok")
    assert body["schema_revision"] == ", ".join(sorted(head_revisions(settings)))


def test_readiness_is_a_503_problem_naming_a_schema_behind_this_version(
    client: TestClient, db: Session, settings: Settings
) -> None:
    db.execute(text("UPDATE alembic_version SET version_num = 'older0000001'"))
    db.flush()
    body = assert_problem(client.get("/api/v1/health/ready"), 503)
    assert "older0000001" in body["detail"]
    assert all(head in body["detail"] for head in head_revisions(settings))
    assert "termwise migrate" in body["detail"]


def test_readiness_is_a_503_problem_when_the_database_was_never_migrated(
    client: TestClient, db: Session
) -> None:
    db.execute(text("DELETE FROM alembic_version"))
    db.flush()
    response = client.get("/api/v1/health/ready")
    body = assert_problem(response, 503)
    assert body["detail"] == "The database has no schema: run `termwise migrate`."
    assert response.headers["retry-after"] == "5"


def test_readiness_is_a_503_problem_when_an_empty_database_has_no_version_table(
    tmp_path: Path,
) -> None:
    app = create_app(make_settings(f"sqlite:///{tmp_path}/empty.db"))
    with TestClient(app) as client:
        body = assert_problem(client.get("/api/v1/health/ready"), 503)
    assert "no schema" in body["detail"]


def test_readiness_is_a_503_problem_while_the_database_is_unreachable(tmp_path: Path) -> None:
    app = create_app(make_settings(f"sqlite:///{tmp_path}/missing/termwise.db"))
    with TestClient(app) as client:
        response = client.get("/api/v1/health/ready")
    body = assert_problem(response, 503)
    assert body["detail"] == "The database is unreachable."
    assert response.headers["retry-after"] == "5"
