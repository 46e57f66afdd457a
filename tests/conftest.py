"""Every test runs against a real database built by the migrations, inside a transaction that
is rolled back afterwards. ``--database postgres`` runs the same tests on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker

from termwise import migrate
from termwise.audit.recorder import act_as
from termwise.config import Settings
from termwise.db import make_engine
from termwise.main import create_app
from termwise.tenancy import SYSTEM
from tests.databases import fresh_database
from tests.world import TEST_KEY, World, build_world


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--database",
        choices=("sqlite", "postgres"),
        default="sqlite",
        help="Which database the tests run on.",
    )


@pytest.fixture(scope="session")
def database_kind(request: pytest.FixtureRequest) -> str:
    kind: str = request.config.getoption("--database")
    return kind


@pytest.fixture(scope="session")
def scratch_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("databases")


def make_settings(database_url: str, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "database_url": database_url,
        "secret_key": TEST_KEY,
        "spa_dir": Path("/nonexistent"),
        # A sweeper thread would share the test's connection; tests run jobs themselves.
        "import_sweep_seconds": 0,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def database_url(database_kind: str, scratch_dir: Path) -> Iterator[str]:
    with fresh_database(database_kind, scratch_dir) as url:
        migrate.upgrade(make_settings(url), "head", url)
        yield url


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def world(engine: Engine) -> World:
    """Two trusts, their schools, classes, people in several roles and clients; committed once."""
    with Session(engine) as session:
        act_as(session, SYSTEM)
        world = build_world(session)
        session.commit()
    return world


@pytest.fixture
def connection(engine: Engine, world: World) -> Iterator[Connection]:
    with engine.connect() as connection:
        transaction = connection.begin()
        yield connection
        transaction.rollback()


@pytest.fixture
def session_factory(connection: Connection) -> sessionmaker[Session]:
    # Commits inside the code under test only release a savepoint; the test's rollback undoes all.
    return sessionmaker(
        bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
    )


@pytest.fixture
def db(session_factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session for arranging and checking data in the test's own transaction."""
    with session_factory() as session:
        act_as(session, SYSTEM)
        yield session


@pytest.fixture
def settings(database_url: str) -> Settings:
    return make_settings(database_url)


@pytest.fixture
def app(settings: Settings, engine: Engine, session_factory: sessionmaker[Session]) -> FastAPI:
    return create_app(settings, engine=engine, session_factory=session_factory)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as client:
        yield client
