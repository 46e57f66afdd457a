"""`termwise backup` and `termwise restore`: a whole database to one file and back.

SQLite is copied with its online backup API, PostgreSQL with ``pg_dump``/``pg_restore``. Each
operation checks what it is given before it touches anything, and says what it did."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import make_url

from termwise.backups.common import BackupError
from termwise.config import Settings

__all__ = ["BackupError", "backup", "restore"]


def backup(settings: Settings, path: Path) -> str:
    """Write the configured database to ``path`` (a new file); returns what was done."""
    if path.exists():
        raise BackupError(f"{path} already exists: a backup never replaces a file, name a new one.")
    if not path.parent.is_dir():
        raise BackupError(f"there is no directory {path.parent}.")
    url = settings.database_url
    if _kind(url) == "sqlite":
        from termwise.backups import sqlite

        return sqlite.backup(url, path)
    from termwise.backups import postgres

    return postgres.backup(url, path)


def restore(settings: Settings, path: Path, *, force: bool = False) -> str:
    """Replace the configured database with the backup at ``path``; returns what was done.

    Refuses a file that is not a Termwise backup, a backup made by a newer Termwise, and
    (unless ``force``) a database that already holds data."""
    if not path.is_file():
        raise BackupError(f"there is no file {path}.")
    url = settings.database_url
    if _kind(url) == "sqlite":
        from termwise.backups import sqlite

        return sqlite.restore(settings, url, path, force=force)
    from termwise.backups import postgres

    return postgres.restore(settings, url, path, force=force)


def _kind(url: str) -> str:
    backend = make_url(url).get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise BackupError(f"cannot back up a {backend} database: only SQLite and PostgreSQL.")
    return backend
