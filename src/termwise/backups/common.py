"""What SQLite and PostgreSQL backups share: the error, the revision check, the counts."""

from __future__ import annotations

import os
from pathlib import Path

from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Connection, inspect, text

from termwise.config import Settings
from termwise.migrate import alembic_config

# The table Alembic keeps the schema's revision in: every Termwise database has it.
VERSION_TABLE = "alembic_version"
# What the migrations themselves put in a new database: the calendar, the national curriculum's
# subjects, scales and expectations, the default flag rule and the shipped maturity frameworks.
# A database whose rows are all in these tables holds nothing anyone entered.
REFERENCE_TABLES = frozenset(
    {
        VERSION_TABLE,
        "academic_years",
        "year_groups",
        "half_terms",
        "subjects",
        "scales",
        "scale_steps",
        "expected_progress",
        "expectations",
        "flag_rules",
        "frameworks",
    }
)


class BackupError(RuntimeError):
    """A backup or restore refused or failed; the message says why, with no password in it."""


def check_revision(settings: Settings, revision: str | None) -> str:
    """The backup's schema revision, refused if this version of Termwise does not know it."""
    if not revision:
        raise BackupError("the backup records no schema revision: it is not a Termwise backup.")
    script = ScriptDirectory.from_config(alembic_config(settings))
    try:
        known = script.get_revision(revision)
    except CommandError:
        known = None
    if known is None:
        raise BackupError(
            f"the backup is at schema revision {revision}, which this version of Termwise does "
            "not know: restore it with the version that made it (or a newer one)."
        )
    return revision


def after_restore(settings: Settings, revision: str) -> str:
    """What the operator must do next, if anything: migrate a backup from an older version."""
    head = ScriptDirectory.from_config(alembic_config(settings)).get_current_head()
    if revision == head:
        return f"Schema at revision {revision}, this version's newest."
    return (
        f"Schema at revision {revision}, older than this version's {head}: "
        "run `termwise migrate` before serving."
    )


def row_counts(connection: Connection) -> dict[str, int]:
    """Rows in every table of the database, whatever the models say."""
    counts = {}
    for name in sorted(inspect(connection).get_table_names()):
        quoted = connection.dialect.identifier_preparer.quote(name)
        counts[name] = connection.execute(text(f"SELECT COUNT(*) FROM {quoted}")).scalar_one()  # noqa: S608
    return counts


def holds_data(counts: dict[str, int]) -> bool:
    """Whether a database has any row beyond what the migrations put there."""
    return any(rows for name, rows in counts.items() if name not in REFERENCE_TABLES)


def describe(counts: dict[str, int]) -> str:
    return f"{len(counts)} tables, {sum(counts.values())} rows"


def size_in_bytes(size: int) -> str:
    return f"{size:,} bytes"


def create_private(path: Path) -> None:
    """Create ``path`` empty and readable by its owner only: it will hold pupils' data."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except OSError as exc:
        raise BackupError(f"could not create {path}: {exc.strerror}.") from exc
