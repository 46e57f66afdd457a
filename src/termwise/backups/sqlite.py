"""SQLite: copied page by page with the online backup API, a consistent snapshot even while
the service is writing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url

from termwise.backups.common import (
    VERSION_TABLE,
    BackupError,
    after_restore,
    check_revision,
    create_private,
    describe,
    holds_data,
    size_in_bytes,
)
from termwise.config import Settings

HEADER = b"SQLite format 3\x00"
# How long to wait for a writer to finish its transaction before giving up.
BUSY_SECONDS = 30.0


def backup(url: str, path: Path) -> str:
    database = database_path(url)
    if not database.is_file():
        raise BackupError(f"there is no database at {database}.")
    if path.resolve() == database.resolve():
        raise BackupError("the backup file is the database itself: name another file.")
    source = _open_read_only(database)
    try:
        if _revision(source) is None:
            raise BackupError(f"{database} is not a Termwise database (it has no {VERSION_TABLE}).")
        create_private(path)
        try:
            target = sqlite3.connect(path)
            try:
                source.backup(target)
            finally:
                target.close()
        except BaseException:
            path.unlink(missing_ok=True)
            raise
    except sqlite3.Error as exc:
        raise BackupError(f"could not read {database}: {exc}.") from exc
    finally:
        source.close()
    counts = _counts(path)
    return (
        f"Backed up {describe(counts)} from {database} to {path} "
        f"({size_in_bytes(path.stat().st_size)})."
    )


def restore(settings: Settings, url: str, path: Path, *, force: bool) -> str:
    database = database_path(url)
    if path.resolve() == database.resolve():
        raise BackupError("the backup file is the database itself: nothing to restore.")
    revision = check_revision(settings, backup_revision(path))
    if database.exists():
        try:
            present = _counts(database)
        except sqlite3.Error as exc:
            raise BackupError(f"{database} is not a SQLite database: {exc}.") from exc
        if holds_data(present) and not force:
            raise BackupError(
                f"{database} holds data ({describe(present)}): restoring would replace it. "
                "Back it up first, then run again with --force."
            )
    created = not database.exists()
    if created:
        if not database.parent.is_dir():
            raise BackupError(f"there is no directory {database.parent}.")
        create_private(database)
    source = _open_read_only(path)
    try:
        target = sqlite3.connect(database, timeout=BUSY_SECONDS)
        try:
            # One transaction on the database: a failure part-way leaves it as it was.
            source.backup(target)
        finally:
            target.close()
    except BaseException as exc:
        if created:
            database.unlink(missing_ok=True)
        if isinstance(exc, sqlite3.Error):
            raise BackupError(f"could not restore into {database}: {exc}.") from exc
        raise
    finally:
        source.close()
    counts = _counts(database)
    return (
        f"Restored {describe(counts)} from {path} into {database}.\n"
        f"{after_restore(settings, revision)}"
    )


def database_path(url: str) -> Path:
    name = make_url(url).database
    if not name or name == ":memory:" or name.startswith("file:"):
        raise BackupError("the database is not a SQLite file: nothing to back up or restore.")
    return Path(name)


def backup_revision(path: Path) -> str | None:
    """The schema revision a SQLite backup file records; refuses anything else."""
    refusal = f"{path} is not a Termwise backup of a SQLite database"
    with path.open("rb") as file:
        if file.read(len(HEADER)) != HEADER:
            raise BackupError(f"{refusal}.")
    try:
        connection = _open_read_only(path)
        try:
            (check,) = connection.execute("PRAGMA quick_check").fetchone()
            if check != "ok":
                raise BackupError(f"{refusal}: it is damaged ({check}).")
            revision = _revision(connection)
        finally:
            connection.close()
    except sqlite3.Error as exc:
        raise BackupError(f"{refusal}: {exc}.") from exc
    if revision is None:
        raise BackupError(f"{refusal} (it has no {VERSION_TABLE}).")
    return revision


def _revision(connection: sqlite3.Connection) -> str | None:
    found = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (VERSION_TABLE,)
    ).fetchone()
    if found is None:
        return None
    row = connection.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchone()  # noqa: S608
    return str(row[0]) if row else ""


def _counts(path: Path) -> dict[str, int]:
    connection = _open_read_only(path)
    try:
        names = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        return {
            name: connection.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]  # noqa: S608
            for name in names
        }
    finally:
        connection.close()


def _open_read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_SECONDS)
