"""Test databases: SQLite files or fresh PostgreSQL databases, always built by the migrations."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def postgres_admin_url() -> str:
    return os.environ.get("TERMWISE_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)


def _libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def require_postgres() -> None:
    """Under CI an unreachable PostgreSQL fails the run; on a laptop it skips."""
    try:
        with psycopg.connect(_libpq(postgres_admin_url()), connect_timeout=5):
            return
    except psycopg.OperationalError as exc:
        message = f"PostgreSQL unreachable at {postgres_admin_url()}: {exc}"
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)


@contextmanager
def fresh_database(kind: str, directory: Path) -> Iterator[str]:
    """An empty database of ``kind`` that exists only inside the ``with`` block."""
    if kind == "sqlite":
        yield f"sqlite:///{directory / f'{uuid.uuid4().hex}.db'}"
        return
    require_postgres()
    name = f"termwise_test_{uuid.uuid4().hex[:12]}"
    admin = _libpq(postgres_admin_url())
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield (
            make_url(postgres_admin_url()).set(database=name).render_as_string(hide_password=False)
        )
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_cli(url: str, *args: str) -> tuple[int, str]:
    """Run `termwise ARGS` against the database at ``url``; returns the exit code and output."""
    from click.testing import CliRunner

    from termwise.cli import main

    result = CliRunner().invoke(main, list(args), env={"TERMWISE_DATABASE_URL": url})
    return result.exit_code, result.output


def row_counts(url: str) -> dict[str, int]:
    """Rows in every table the models define, to prove a command changed nothing."""
    from sqlalchemy import func, select

    from termwise.db import make_engine
    from termwise.models import Base

    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return {
                table.name: connection.scalar(select(func.count()).select_from(table)) or 0
                for table in Base.metadata.sorted_tables
            }
    finally:
        engine.dispose()
