"""An app that locks an address after a few failed sign-ins, for the lockout tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from termwise.config import Settings
from termwise.main import create_app
from tests.conftest import make_settings

MAX_FAILURES = 3
LOCK_MINUTES = 10


@pytest.fixture
def lockout_settings(database_url: str) -> Settings:
    return make_settings(
        database_url, sign_in_max_failures=MAX_FAILURES, sign_in_lock_minutes=LOCK_MINUTES
    )


@pytest.fixture
def lockout_client(
    lockout_settings: Settings, engine: Engine, session_factory: sessionmaker[Session]
) -> Iterator[TestClient]:
    app = create_app(lockout_settings, engine=engine, session_factory=session_factory)
    with TestClient(app) as client:
        yield client
