"""Fixtures shared by the tracking tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from termwise.main import create_app
from tests.conftest import make_settings


@pytest.fixture
def threshold_3_client(
    database_url: str, engine: Any, session_factory: sessionmaker[Session]
) -> Iterator[TestClient]:
    """A client of an app whose suppression threshold is 3 instead of 5."""
    settings = make_settings(database_url, suppression_threshold=3)
    with TestClient(create_app(settings, engine=engine, session_factory=session_factory)) as c:
        yield c
