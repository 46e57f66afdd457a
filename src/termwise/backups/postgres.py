"""PostgreSQL: ``pg_dump --format=custom`` to a file, ``pg_restore --clean`` from it.

The tools are PostgreSQL's own client programs; they connect with a libpq URI made from the
SQLAlchemy URL, and get the password from the environment, never from the command line."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import SQLAlchemyError

from termwise.backups.common import (
    VERSION_TABLE,
    BackupError,
    after_restore,
    check_revision,
    create_private,
    describe,
    holds_data,
    row_counts,
    size_in_bytes,
)
from termwise.config import Settings

# The first bytes of every pg_dump custom-format archive.
HEADER = b"PGDMP"


def libpq_uri(url: str) -> tuple[str, str | None]:
    """The libpq URI of a SQLAlchemy URL, without its password, and the password apart."""
    parsed = make_url(url)
    without_password = URL.create(
        "postgresql",
        username=parsed.username,
        host=parsed.host,
        port=parsed.port,
        database=parsed.database,
        query=parsed.query,
    )
    return without_password.render_as_string(hide_password=False), parsed.password


def backup(url: str, path: Path) -> str:
    pg_dump = _tool("pg_dump")
    uri, password = libpq_uri(url)
    create_private(path)
    try:
        _run([pg_dump, "--format=custom", f"--file={path}", f"--dbname={uri}"], password)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    tables = sum(1 for line in _list(path) if " TABLE DATA " in line)
    return (
        f"Backed up {tables} tables from {_safe(url)} to {path} "
        f"({size_in_bytes(path.stat().st_size)})."
    )


def restore(settings: Settings, url: str, path: Path, *, force: bool) -> str:
    pg_restore = _tool("pg_restore")
    revision = check_revision(settings, backup_revision(path))
    present = _counts(url)
    if holds_data(present) and not force:
        raise BackupError(
            f"{_safe(url)} holds data ({describe(present)}): restoring would replace it. "
            "Back it up first, then run again with --force."
        )
    uri, password = libpq_uri(url)
    _run(
        [
            pg_restore,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            # All or nothing: a failure part-way leaves the database as it was.
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={uri}",
            str(path),
        ],
        password,
    )
    counts = _counts(url)
    return (
        f"Restored {describe(counts)} from {path} ({size_in_bytes(path.stat().st_size)}) "
        f"into {_safe(url)}.\n{after_restore(settings, revision)}"
    )


def backup_revision(path: Path) -> str | None:
    """The schema revision a pg_dump archive records; refuses anything else."""
    refusal = f"{path} is not a Termwise backup of a PostgreSQL database"
    with path.open("rb") as file:
        if file.read(len(HEADER)) != HEADER:
            raise BackupError(f"{refusal} (not a pg_dump --format=custom archive).")
    pg_restore = _tool("pg_restore")
    try:
        # Read every block of the archive, writing the script nowhere: a damaged or truncated
        # file is refused here, before the database is touched.
        _run([pg_restore, f"--file={os.devnull}", str(path)], None)
        script = _run(
            [pg_restore, "--data-only", f"--table={VERSION_TABLE}", "--file=-", str(path)], None
        )
    except BackupError as exc:
        raise BackupError(f"{refusal}: {exc}") from exc
    lines = iter(script.splitlines())
    for line in lines:
        if line.startswith("COPY ") and f".{VERSION_TABLE} " in line:
            first = next(lines, "\\.")
            return "" if first == "\\." else first.strip()
    raise BackupError(f"{refusal} (it has no {VERSION_TABLE}).")


def _list(path: Path) -> list[str]:
    return _run([_tool("pg_restore"), "--list", str(path)], None).splitlines()


def _counts(url: str) -> dict[str, int]:
    from termwise.db import make_engine

    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return row_counts(connection)
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip()
        raise BackupError(f"could not read {_safe(url)}: {reason}") from exc
    finally:
        engine.dispose()


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} is not installed (or not on PATH). Backups of PostgreSQL need its client "
            "tools, of the server's major version or newer: on Debian or Ubuntu, "
            "`apt install postgresql-client`."
        )
    return found


def _run(command: list[str], password: str | None) -> str:
    environment = dict(os.environ)
    if password is not None:
        environment["PGPASSWORD"] = password
    result = subprocess.run(  # noqa: S603  (our own arguments, no shell)
        command, env=environment, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        message = result.stderr.strip() or f"exit status {result.returncode}"
        if password:
            message = message.replace(password, "***")
        raise BackupError(f"{Path(command[0]).name} failed: {message}")
    return result.stdout


def _safe(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)
