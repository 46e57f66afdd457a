from __future__ import annotations

from pathlib import Path

import psycopg
from fastapi.testclient import TestClient

from termwise.main import create_app
from tests.conftest import make_settings
from tests.databases import _libpq, postgres_admin_url, require_postgres


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
