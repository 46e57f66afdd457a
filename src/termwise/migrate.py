"""Schema migrations, run by `termwise migrate` and by the tests, never by `create_all`."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

from termwise.config import Settings


def alembic_config(settings: Settings, database_url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(settings.migrations_dir))
    config.set_main_option("file_template", "%%(year)d%%(month).2d%%(day).2d_%%(rev)s_%%(slug)s")
    # Passed as an attribute, not an ini option, so a URL's `%` is never interpolated.
    config.attributes["database_url"] = database_url or settings.database_url
    return config


def upgrade(settings: Settings, revision: str = "head", database_url: str | None = None) -> None:
    command.upgrade(alembic_config(settings, database_url), revision)


def downgrade(settings: Settings, revision: str, database_url: str | None = None) -> None:
    command.downgrade(alembic_config(settings, database_url), revision)


def check(settings: Settings, database_url: str | None = None) -> None:
    """Fail if the models have drifted from the migrations."""
    command.check(alembic_config(settings, database_url))


@lru_cache(maxsize=4)
def _heads(migrations_dir: Path) -> frozenset[str]:
    return frozenset(ScriptDirectory(str(migrations_dir)).get_heads())


def head_revisions(settings: Settings) -> frozenset[str]:
    """The revisions this version of the service expects the database to be at."""
    return _heads(settings.migrations_dir)


def current_revisions(connection: Connection) -> frozenset[str]:
    """The revisions the database is at; empty when it has never been migrated."""
    return frozenset(MigrationContext.configure(connection).get_current_heads())
