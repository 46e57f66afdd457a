"""Rate limits: pushes per client, token refreshes per address and client sign-ins per client
are counted per minute in the database (so every replica shares the count) and refused with a
429 and Retry-After once over, before any work is done; another client is not affected, and the
next minute starts again."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from termwise.config import Settings
from termwise.errors import TooManyRequests
from termwise.main import create_app
from termwise.pupils.models import Pupil
from termwise.rate_limits import RateWindow, hit
from tests.helpers import assert_problem
from tests.ingest.pushes import pupil, push_pupils, upn
from tests.world import World


@pytest.fixture
def limited(settings: Settings, engine: Engine, session_factory: sessionmaker[Session]) -> FastAPI:
    strict = settings.model_copy(
        update={
            "rate_limit_pushes_per_minute": 2,
            "rate_limit_refreshes_per_minute": 1,
            "rate_limit_client_tokens_per_minute": 1,
        }
    )
    return create_app(strict, engine=engine, session_factory=session_factory)


def test_a_client_over_its_pushes_a_minute_is_refused_before_anything_is_written(
    limited: FastAPI, world: World, db: Session
) -> None:
    with TestClient(limited) as client:
        for n in (1, 2):
            assert push_pupils(client, world, [pupil(n)]).status_code == 200
        refused = push_pupils(client, world, [pupil(3)])
        body = assert_problem(refused, 429)
        assert "More than 2 pushes a minute" in body["detail"]
        assert 1 <= int(refused.headers["Retry-After"]) <= 60
        assert db.scalar(select(func.count()).where(Pupil.upn == upn(3))) == 0
        # Another school's MIS has its own count: its push is read (and judged on its rows).
        other = push_pupils(client, world, [pupil(4)], who="mis_b1", school="b1")
        assert other.status_code in (200, 422), other.text


def test_token_refreshes_and_client_sign_ins_are_limited_too(
    limited: FastAPI, world: World
) -> None:
    with TestClient(limited) as client:
        token = "/api/v1/auth/token"
        first = client.post(token, data={"grant_type": "refresh_token", "refresh_token": "x"})
        assert_problem(first, 400)
        again = client.post(token, data={"grant_type": "refresh_token", "refresh_token": "x"})
        assert_problem(again, 429)
        grant = {"grant_type": "client_credentials", "client_id": "test-mis_a1",
                 "client_secret": world.client_secrets["mis_a1"]}  # fmt: skip
        assert client.post(token, data=grant).status_code == 200
        assert_problem(client.post(token, data=grant), 429)


def test_the_count_is_per_minute_and_old_minutes_are_cleared(
    session_factory: sessionmaker[Session], db: Session
) -> None:
    minute = datetime(2026, 12, 4, 9, 0, 30, tzinfo=UTC)
    hit(session_factory, "test:key", 1, "tries", now=minute)
    with pytest.raises(TooManyRequests):
        hit(session_factory, "test:key", 1, "tries", now=minute)
    later = minute.replace(hour=11)
    hit(session_factory, "test:key", 1, "tries", now=later)
    starts = db.scalars(select(RateWindow.window_start).where(RateWindow.key == "test:key"))
    assert [s.hour for s in starts] == [11], "the new minute counts afresh; the old is cleared"
