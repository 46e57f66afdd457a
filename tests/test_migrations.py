"""The migrations are the schema: they round-trip and match the models on both databases."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, inspect, text

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


def test_downgrading_target_group_names_renames_groups_sharing_a_name_across_subjects(
    database_kind: str, tmp_path: Path
) -> None:
    """Before 0005 a name was unique per term; going back keeps the first group's name and adds
    the subject to the others' (numbered if that is taken), so no group is lost."""
    with fresh_database(database_kind, tmp_path) as url:
        settings = make_settings(url)
        migrate.upgrade(settings, "head", url)
        engine = make_engine(url)
        try:
            with engine.begin() as connection:
                _group_rows(connection)
            migrate.downgrade(settings, "0004", url)
            with engine.connect() as connection:
                names = connection.execute(
                    text(
                        "SELECT s.code, g.name FROM target_groups g"
                        " JOIN subjects s ON s.id = g.subject_id ORDER BY g.id"
                    )
                ).all()
            assert [tuple(n) for n in names] == [
                ("maths", "Y4 boost"),
                ("reading", "Y4 boost (reading 2)"),
                ("writing", "Y4 boost (reading)"),
                ("maths", "Y6 boost"),
            ]
            assert _unique_keys(engine) == {("school_id", "academic_year_id", "term", "name")}
            migrate.upgrade(settings, "head", url)
            assert _unique_keys(engine) == {
                ("school_id", "academic_year_id", "term", "subject_id", "name")
            }
        finally:
            engine.dispose()


def _unique_keys(engine: Engine) -> set[tuple[str, ...]]:
    return {
        tuple(c["column_names"]) for c in inspect(engine).get_unique_constraints("target_groups")
    }


def _group_rows(connection: Connection) -> None:
    now = datetime.now(UTC)
    stamps = {"created_at": now, "updated_at": now, "version": 1}
    connection.execute(
        text(
            "INSERT INTO trusts (id, name, created_at, updated_at, version)"
            " VALUES (1, 'Trust', :created_at, :updated_at, :version)"
        ),
        stamps,
    )
    connection.execute(
        text(
            "INSERT INTO schools (id, trust_id, urn, laestab, name, phase, created_at,"
            " updated_at, version) VALUES (1, 1, '100001', '1234567', 'School', 'primary',"
            " :created_at, :updated_at, :version)"
        ),
        stamps,
    )
    year = connection.scalar(text("SELECT min(id) FROM academic_years"))
    if year is None:
        year = connection.scalar(
            text(
                "INSERT INTO academic_years (code, starts_on, ends_on)"
                " VALUES ('2026/27', :starts, :ends) RETURNING id"
            ),
            {"starts": date(2026, 9, 1), "ends": date(2027, 8, 31)},
        )
    subjects = {
        code: id_ for code, id_ in connection.execute(text("SELECT code, id FROM subjects"))
    }
    groups = [
        ("maths", "spr", "Y4 boost"),
        ("reading", "spr", "Y4 boost"),
        ("writing", "spr", "Y4 boost (reading)"),
        ("maths", "sum", "Y6 boost"),
    ]
    for index, (subject, term, name) in enumerate(groups, start=1):
        connection.execute(
            text(
                "INSERT INTO target_groups (id, school_id, subject_id, academic_year_id, term,"
                " name, created_by, created_at, updated_at, version)"
                " VALUES (:id, 1, :subject, :year, :term, :name, 'head@example.org',"
                " :created_at, :updated_at, :version)"
            ),
            {"id": index, "subject": subjects[subject], "year": year, "term": term, "name": name}
            | stamps,
        )
