"""The migrations are the schema: they round-trip and match the models on both databases."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect

from termwise import migrate
from termwise.db import make_engine
from tests.conftest import make_settings
from tests.databases import fresh_database


def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_upgrade_downgrade_upgrade_round_trip_and_no_drift(
    database_kind: str, tmp_path: Path
) -> None:
    with fresh_database(database_kind, tmp_path) as url:
        settings = make_settings(url)
        migrate.upgrade(settings, "head", url)
        built = _tables(url)
        assert "schools" in built and "audit_events" in built
        migrate.downgrade(settings, "base", url)
        assert _tables(url) == set()
        migrate.upgrade(settings, "head", url)
        assert _tables(url) == built
        migrate.check(settings, url)  # raises if the models drifted from the migrations
