"""`termwise backup` and `termwise restore` on the database under test: the demo trust, backed up
and restored into an empty database, arrives whole; anything else is refused untouched."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from click.testing import CliRunner
from sqlalchemy import inspect, text

from termwise.backups.postgres import libpq_uri
from termwise.cli import main
from termwise.db import make_engine
from termwise.migrate import alembic_config
from tests.conftest import make_settings
from tests.databases import fresh_database, run_cli

Fingerprint = dict[str, tuple[int, str]]


def fingerprint(url: str) -> Fingerprint:
    """Every table's row count and a hash of its rows, sorted: equal only if every row is."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            tables: Fingerprint = {}
            for name in inspect(connection).get_table_names():
                rows = connection.execute(text(f'SELECT * FROM "{name}"')).all()  # noqa: S608
                lines = sorted(repr(tuple(row)) for row in rows)
                digest = hashlib.sha256("\n".join(lines).encode()).hexdigest()
                tables[name] = (len(rows), digest)
            return tables
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def client_tools(database_kind: str) -> None:
    """PostgreSQL backups need pg_dump and pg_restore: under CI their absence fails the run."""
    if database_kind != "postgres":
        return
    missing = [tool for tool in ("pg_dump", "pg_restore") if shutil.which(tool) is None]
    if missing:
        message = f"{' and '.join(missing)} not installed: PostgreSQL backups cannot be tested"
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)


@pytest.fixture(scope="module")
def demo_database(
    database_kind: str, tmp_path_factory: pytest.TempPathFactory, client_tools: None
) -> Iterator[str]:
    with fresh_database(database_kind, tmp_path_factory.mktemp("demo")) as url:
        for command in ("migrate", "demo"):
            code, output = run_cli(url, command)
            assert code == 0, output
        yield url


@pytest.fixture(scope="module")
def demo_backup(demo_database: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("backups") / "termwise.backup"
    code, output = run_cli(demo_database, "backup", str(path))
    assert code == 0, output
    return path


@pytest.fixture
def empty_database(database_kind: str, tmp_path: Path, client_tools: None) -> Iterator[str]:
    with fresh_database(database_kind, tmp_path) as url:
        yield url


@pytest.fixture
def database_with_data(empty_database: str) -> str:
    """A migrated database holding one platform administrator."""
    run_cli(empty_database, "migrate")
    code, output = run_cli(
        empty_database, "create-superuser", "admin@example.org", "--password", "a-long-odd-phrase"
    )
    assert code == 0, output
    return empty_database


@pytest.mark.parametrize("target", ["new", "migrated"])
def test_a_backup_restored_into_an_empty_database_holds_every_row_of_every_table(
    demo_database: str, demo_backup: Path, empty_database: str, target: str
) -> None:
    if target == "migrated":
        run_cli(empty_database, "migrate")
    expected = fingerprint(demo_database)
    assert expected["pupils"][0] > 500 and sum(rows for rows, _ in expected.values()) > 10_000

    code, output = run_cli(empty_database, "restore", str(demo_backup))

    assert code == 0, output
    assert fingerprint(empty_database) == expected
    total = sum(rows for rows, _ in expected.values())
    assert f"Restored {len(expected)} tables, {total} rows" in output
    assert "this version's newest" in output
    # The restored database takes new rows: its ids carry on after the restored ones.
    code, output = run_cli(
        empty_database, "create-superuser", "new@example.org", "--password", "a-long-odd-phrase"
    )
    assert code == 0, output


def test_a_backup_says_what_it_wrote_and_only_its_owner_may_read_it(
    demo_database: str, tmp_path: Path
) -> None:
    path = tmp_path / "nightly.backup"

    code, output = run_cli(demo_database, "backup", str(path))

    assert code == 0, output
    assert f"to {path} ({path.stat().st_size:,} bytes)" in output
    assert f"Backed up {len(fingerprint(demo_database))} tables" in output
    assert path.stat().st_mode & 0o777 == 0o600


def test_a_backup_never_replaces_an_existing_file(demo_database: str, tmp_path: Path) -> None:
    path = tmp_path / "yesterday.backup"
    path.write_bytes(b"yesterday's backup")

    code, output = run_cli(demo_database, "backup", str(path))

    assert code != 0 and "already exists" in output
    assert path.read_bytes() == b"yesterday's backup"


def _not_a_backup(kind: str, directory: Path, demo_backup: Path) -> Path:
    path = directory / f"{kind}.backup"
    if kind == "text":
        path.write_text("upn,surname\nA123456789012,Smith\n")
    elif kind == "another_sqlite_database":
        connection = sqlite3.connect(path)
        connection.execute("CREATE TABLE pupils (upn TEXT)")
        connection.commit()
        connection.close()
    else:  # the first half of a real backup
        content = demo_backup.read_bytes()
        path.write_bytes(content[: len(content) // 2])
    return path


@pytest.mark.parametrize("kind", ["text", "another_sqlite_database", "truncated_backup"])
def test_restoring_a_file_that_is_not_a_backup_is_refused_and_writes_nothing(
    database_with_data: str, demo_backup: Path, tmp_path: Path, kind: str
) -> None:
    path = _not_a_backup(kind, tmp_path, demo_backup)
    before = fingerprint(database_with_data)

    code, output = run_cli(database_with_data, "restore", "--force", str(path))

    assert code != 0
    assert "is not a Termwise backup" in output
    assert fingerprint(database_with_data) == before


def test_restoring_a_file_that_is_not_a_backup_creates_no_sqlite_database(
    database_kind: str, demo_backup: Path, tmp_path: Path
) -> None:
    if database_kind != "sqlite":
        pytest.skip("a PostgreSQL database exists before anything is restored into it")
    database = tmp_path / "termwise.db"
    path = _not_a_backup("text", tmp_path, demo_backup)

    code, output = run_cli(f"sqlite:///{database}", "restore", str(path))

    assert code != 0 and "is not a Termwise backup" in output
    assert not database.exists()


def test_restoring_into_a_database_holding_data_needs_force(
    demo_database: str, demo_backup: Path, database_with_data: str
) -> None:
    before = fingerprint(database_with_data)

    code, output = run_cli(database_with_data, "restore", str(demo_backup))

    assert code != 0
    assert "holds data" in output and "--force" in output
    assert fingerprint(database_with_data) == before

    code, output = run_cli(database_with_data, "restore", "--force", str(demo_backup))

    assert code == 0, output
    assert fingerprint(database_with_data) == fingerprint(demo_database)


def test_a_backup_from_a_newer_schema_is_refused(
    database_kind: str, database_with_data: str, tmp_path: Path
) -> None:
    # A database whose schema revision this version of Termwise has never heard of.
    engine = make_engine(database_with_data)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'f00dfeed'"))
    engine.dispose()
    newer = tmp_path / "newer.backup"
    code, output = run_cli(database_with_data, "backup", str(newer))
    assert code == 0, output

    with fresh_database(database_kind, tmp_path) as empty:
        code, output = run_cli(empty, "restore", str(newer))

        assert code != 0 and "f00dfeed" in output and "does not know" in output
        assert inspect_tables(empty) == set()


def inspect_tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_a_sqlite_backup_taken_during_a_write_holds_only_what_was_committed(
    database_kind: str, demo_database: str, tmp_path: Path
) -> None:
    if database_kind != "sqlite":
        pytest.skip("SQLite's online backup; pg_dump reads one snapshot by design")
    expected = fingerprint(demo_database)
    writer = sqlite3.connect(demo_database.removeprefix("sqlite:///"), isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        # A request's write, under way: one pupil renamed.
        writer.execute(
            "UPDATE pupils SET legal_last_name = 'Renamed' WHERE id = (SELECT MIN(id) FROM pupils)"
        )
        path = tmp_path / "while-serving.backup"

        code, output = run_cli(demo_database, "backup", str(path))

        assert code == 0, output
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert fingerprint(f"sqlite:///{path}") == expected


def _invoke(url: str, *args: str, **env: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), env={"TERMWISE_DATABASE_URL": url, **env})
    return result.exit_code, result.output


def test_postgresql_backup_without_pg_dump_says_how_to_get_it(
    database_kind: str, demo_database: str, tmp_path: Path
) -> None:
    if database_kind != "postgres":
        pytest.skip("SQLite needs no client tools")
    path = tmp_path / "never.backup"

    code, output = _invoke(demo_database, "backup", str(path), PATH=str(tmp_path))

    assert code != 0
    assert "pg_dump is not installed" in output and "postgresql-client" in output
    assert not path.exists()


def test_postgresql_commands_never_print_the_password(
    database_kind: str, demo_database: str, demo_backup: Path, tmp_path: Path
) -> None:
    if database_kind != "postgres":
        pytest.skip("a SQLite URL has no password")
    # The test server trusts local connections, so any password is accepted and must be hidden.
    with_password = demo_database.replace("postgres@", "postgres:never-shown-pw@", 1)
    assert "never-shown-pw" in with_password

    code, backed_up = _invoke(with_password, "backup", str(tmp_path / "a.backup"))
    assert code == 0, backed_up
    code, refused = _invoke(with_password, "restore", str(demo_backup))
    assert code != 0
    code, failed = _invoke(with_password + "_missing", "restore", str(demo_backup))
    assert code != 0 and "does not exist" in failed

    for output in (backed_up, refused, failed):
        assert "never-shown-pw" not in output and "***" in output


def test_the_libpq_uri_keeps_the_connection_and_leaves_the_password_out() -> None:
    uri, password = libpq_uri(
        "postgresql+psycopg://termwise:p%40ss@db.internal:5433/termwise?sslmode=require"
    )

    assert uri == "postgresql://termwise@db.internal:5433/termwise?sslmode=require"
    assert password == "p@ss"


def test_a_backup_from_an_older_schema_is_restored_as_it_was_and_then_migrates(
    database_kind: str, tmp_path: Path
) -> None:
    script = ScriptDirectory.from_config(alembic_config(make_settings("sqlite://")))
    head = script.get_revision(script.get_current_head())
    assert head is not None and isinstance(head.down_revision, str)
    older = head.down_revision
    with (
        fresh_database(database_kind, tmp_path) as old,
        fresh_database(database_kind, tmp_path) as restored,
    ):
        run_cli(old, "migrate", older)
        path = tmp_path / "old.backup"
        code, output = run_cli(old, "backup", str(path))
        assert code == 0, output

        code, output = run_cli(restored, "restore", str(path))

        assert code == 0, output
        assert f"revision {older}, older than" in output and "run `termwise migrate`" in output
        code, output = run_cli(restored, "migrate")
        assert code == 0, output
