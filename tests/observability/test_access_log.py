"""One log line per request: its id, method, route template, status, time taken and who called,
and nothing from the URL's values, the body or the caller's secrets."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
import uvicorn
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from termwise.cli import uvicorn_logging
from termwise.config import Settings
from termwise.observability.logging import TEXT_FORMAT, JsonFormatter, RequestIdFilter
from termwise.pupils.models import Pupil
from tests.world import PASSWORD, World


def _lines(caplog: pytest.LogCaptureFixture) -> list[dict[str, Any]]:
    formatter = JsonFormatter()
    return [json.loads(formatter.format(r)) for r in caplog.records if r.name == "termwise.access"]


@pytest.fixture
def access_log(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.INFO, logger="termwise.access")
    return caplog


def test_a_signed_in_request_logs_one_json_line_with_the_route_template_and_the_caller(
    client: TestClient, world: World, access_log: pytest.LogCaptureFixture
) -> None:
    response = client.get(
        f"/api/v1/schools/{world.schools['a1']}", headers=world.headers("head_a1")
    )
    assert response.status_code == 200
    [line] = _lines(access_log)
    assert line["request_id"] == response.headers["x-request-id"]
    assert line["method"] == "GET"
    assert line["route"] == "/api/v1/schools/{school_id}"
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert (line["principal_kind"], line["principal_id"]) == ("user", world.users["head_a1"])
    assert line["logger"] == "termwise.access" and line["level"] == "INFO"


def test_a_machine_client_is_logged_as_a_client(
    client: TestClient, world: World, access_log: pytest.LogCaptureFixture
) -> None:
    client.get("/api/v1/schools", headers=world.headers("mis_a1"))
    [line] = _lines(access_log)
    assert (line["principal_kind"], line["principal_id"]) == ("client", world.clients["mis_a1"])


def test_an_anonymous_or_refused_request_names_no_caller(
    client: TestClient, access_log: pytest.LogCaptureFixture
) -> None:
    client.get("/api/v1/schools", headers={"Authorization": "Bearer not-a-token"})
    [line] = _lines(access_log)
    assert line["status"] == 401
    assert "principal_kind" not in line and "principal_id" not in line


def test_paths_that_match_no_route_share_one_label(
    client: TestClient, access_log: pytest.LogCaptureFixture
) -> None:
    client.get("/api/v1/guess/12345")
    [line] = _lines(access_log)
    assert (line["route"], line["status"]) == ("unmatched", 404)
    assert "12345" not in json.dumps(line)


def test_no_name_token_password_or_query_value_reaches_the_log(
    client: TestClient, world: World, db: Session, access_log: pytest.LogCaptureFixture
) -> None:
    pupil = db.scalars(select(Pupil).where(Pupil.id == world.pupils["a1_r"])).one()
    token = world.token("head_a1")
    client.get(
        f"/api/v1/pupils/{pupil.id}",
        params={"updated_since": "2020-01-01T00:00:00Z", "q": "SecretSearchTerm"},
        headers={"Authorization": f"Bearer {token}"},
    )
    client.post(
        "/api/v1/auth/token",
        data={
            "grant_type": "password",
            "username": world.emails["head_a1"],
            "password": PASSWORD,
        },
    )
    client.get("/api/v1/invitations/accept/SecretInvitationToken")
    lines = _lines(access_log)
    assert [line["route"] for line in lines] == [
        "/api/v1/pupils/{pupil_id}",
        "/api/v1/auth/token",
        "/api/v1/invitations/accept/{token}",
    ]
    written = "\n".join(JsonFormatter().format(r) for r in access_log.records)
    for secret in (
        pupil.legal_first_name,
        pupil.legal_last_name,
        pupil.upn,
        token,
        PASSWORD,
        world.emails["head_a1"],
        "SecretSearchTerm",
        "2020-01-01",
        "SecretInvitationToken",
    ):
        assert secret not in written, secret


def test_other_lines_written_while_a_request_is_handled_name_its_id(
    database_kind: str, access_log: pytest.LogCaptureFixture, tmp_path: Any
) -> None:
    from termwise.main import create_app
    from tests.conftest import make_settings

    access_log.set_level(logging.INFO)
    access_log.handler.addFilter(RequestIdFilter())
    app = create_app(make_settings(f"sqlite:///{tmp_path}/missing/termwise.db"))
    with TestClient(app) as client:
        client.get("/api/v1/health", headers={"X-Request-ID": "outage-1"})
    warning = next(r for r in access_log.records if r.name == "termwise.health.router")
    assert json.loads(JsonFormatter().format(warning))["request_id"] == "outage-1"


def test_the_text_format_is_one_readable_line(
    client: TestClient, access_log: pytest.LogCaptureFixture
) -> None:
    client.get("/api/v1/health/live")
    [record] = [r for r in access_log.records if r.name == "termwise.access"]
    text = logging.Formatter(TEXT_FORMAT).format(record)
    assert "\n" not in text
    assert "INFO termwise.access: GET /api/v1/health/live 200 " in text


def test_the_log_format_is_chosen_by_termwise_log_format(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert Settings().log_format == "json"
    monkeypatch.setenv("TERMWISE_LOG_FORMAT", "text")
    assert Settings().log_format == "text"
    monkeypatch.setenv("TERMWISE_LOG_FORMAT", "xml")
    with pytest.raises(ValueError, match="log_format"):
        Settings()


@pytest.fixture
def restored_logging() -> Iterator[None]:
    """uvicorn configures logging for the whole process; put it back afterwards."""
    root = logging.getLogger()
    saved = [
        (logger, logger.handlers[:], logger.level, logger.propagate, logger.disabled)
        for logger in (root, *(logging.getLogger(n) for n in ("uvicorn", "uvicorn.access")))
    ]
    try:
        yield
    finally:
        for logger, handlers, level, propagate, disabled in saved:
            logger.handlers[:] = handlers
            logger.setLevel(level)
            logger.propagate = propagate
            logger.disabled = disabled


@pytest.mark.usefixtures("restored_logging")
def test_served_by_uvicorn_each_request_is_logged_once_as_json(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    config = uvicorn.Config("termwise.main:create_app", factory=True, **uvicorn_logging(settings))
    assert config.access_log is False
    logging.getLogger("uvicorn.access").info('127.0.0.1 - "GET /api/v1/health HTTP/1.1" 200')
    logging.getLogger("termwise.access").info(
        "GET /api/v1/health 200 1.0ms", extra={"route": "/api/v1/health", "status": 200}
    )
    lines = capsys.readouterr().err.splitlines()
    assert [json.loads(line)["route"] for line in lines] == ["/api/v1/health"]


@pytest.mark.usefixtures("restored_logging")
def test_served_by_uvicorn_with_the_text_format_lines_are_plain(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    text = settings.model_copy(update={"log_format": "text"})
    uvicorn.Config("termwise.main:create_app", factory=True, **uvicorn_logging(text))
    logging.getLogger("termwise.access").info("GET /api/v1/health 200 1.0ms")
    [line] = capsys.readouterr().err.splitlines()
    assert line.endswith("INFO termwise.access: GET /api/v1/health 200 1.0ms")


@pytest.mark.usefixtures("restored_logging")
def test_served_by_uvicorn_a_readiness_probe_logs_its_request_not_alembics_chatter(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    uvicorn.Config("termwise.main:create_app", factory=True, **uvicorn_logging(settings))
    logging.getLogger("alembic.runtime.migration").info("Context impl SQLiteImpl.")
    logging.getLogger("alembic.runtime.migration").warning("a real problem")
    lines = capsys.readouterr().err.splitlines()
    assert [json.loads(line)["message"] for line in lines] == ["a real problem"]
