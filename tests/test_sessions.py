"""The database sessions requests get: a read runs without a transaction on PostgreSQL, and a
read that tries to write fails before anything reaches the database."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import psycopg
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event, func, select, text
from sqlalchemy.orm import Session, sessionmaker

from termwise.config import Settings
from termwise.db import make_engine, make_read_sessionmaker, make_sessionmaker
from termwise.main import create_app
from termwise.orgs.models import Trust
from tests.databases import _libpq
from tests.world import World


def test_a_read_session_refuses_to_write_and_writes_nothing(
    session_factory: sessionmaker[Session], db: Session
) -> None:
    before = db.scalar(select(func.count()).select_from(Trust))
    with make_read_sessionmaker(session_factory)() as reader:
        reader.add(Trust(name="Written by a GET", reference="T-GET"))
        with pytest.raises(RuntimeError, match="safe method"):
            reader.flush()
    assert db.scalar(select(func.count()).select_from(Trust)) == before


def test_on_postgresql_a_read_request_runs_its_statements_outside_a_transaction(
    database_kind: str, settings: Settings, engine: Engine, world: World
) -> None:
    if database_kind != "postgres":
        pytest.skip("SQLite reads in a transaction of its own file lock")
    autocommit: list[bool] = []

    def record(connection: object, *_: object) -> None:
        autocommit.append(connection.connection.dbapi_connection.autocommit)  # type: ignore[attr-defined]

    event.listen(engine, "before_cursor_execute", record)
    try:
        with TestClient(create_app(settings, engine=engine)) as client:
            school = client.get(
                f"/api/v1/schools/{world.schools['a1']}", headers=world.headers("head_a1")
            )
            assert school.status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert autocommit and all(autocommit)
    # Writers still get a transaction: the sessions of other methods are unchanged.
    with make_sessionmaker(engine)() as writer:
        assert not writer.connection().connection.dbapi_connection.autocommit  # type: ignore[union-attr]


def test_on_postgresql_a_pooled_connection_the_server_closed_is_replaced_before_use(
    database_kind: str, settings: Settings, world: World
) -> None:
    if database_kind != "postgres":
        pytest.skip("a SQLite database is a file: no server closes its connections")
    with psycopg.connect(_libpq(settings.database_url), autocommit=True) as admin:
        started = admin.execute("SELECT clock_timestamp()").fetchone()
        assert started is not None
        engine = make_engine(settings.database_url)
        try:
            with TestClient(create_app(settings, engine=engine)) as client:
                url = f"/api/v1/schools/{world.schools['a1']}"
                assert client.get(url, headers=world.headers("head_a1")).status_code == 200
                # The server ends this app's sessions, as on a restart. Only those begun in this
                # test: the suite's shared connections are left alone. The 5 s timeout waits
                # until each backend has gone, so the next request meets a closed connection
                # rather than racing the termination.
                ended = admin.execute(
                    "SELECT count(pg_terminate_backend(pid, 5000)) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                    "AND backend_start >= %s",
                    (started[0],),
                ).fetchone()
                assert ended is not None and ended[0] >= 1
                assert client.get(url, headers=world.headers("head_a1")).status_code == 200
        finally:
            engine.dispose()


def test_two_sqlite_writers_queue_for_the_lock_instead_of_one_failing(tmp_path: Path) -> None:
    """Each read before it writes. Begun DEFERRED, the second would fail at once upgrading its
    lock (SQLite's deadlock rule: a 503 to its caller); begun IMMEDIATE, it waits its turn."""
    engine = make_engine(f"sqlite:///{tmp_path / 'writers.db'}")
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE tally (n INTEGER)")
    factory = make_sessionmaker(engine)
    outcome: list[str] = []

    def second_writer() -> None:
        with factory() as session:
            session.execute(text("SELECT count(*) FROM tally"))
            session.execute(text("INSERT INTO tally VALUES (2)"))
            session.commit()
            outcome.append("written")

    with factory() as first:
        first.execute(text("SELECT count(*) FROM tally"))
        first.execute(text("INSERT INTO tally VALUES (1)"))
        other = threading.Thread(target=second_writer)
        other.start()
        time.sleep(0.3)
        first.commit()
    other.join(timeout=10)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM tally").scalar() == 2
    assert outcome == ["written"]
    engine.dispose()
