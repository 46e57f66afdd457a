"""Schema migrations, run by `termwise migrate` and by the tests, never by `create_all`."""

from __future__ import annotations

from alembic import command
from alembic.config import Config

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
