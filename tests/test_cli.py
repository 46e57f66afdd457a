"""The `termwise` command as an operator uses it, on a database of its own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import inspect, select, text
from sqlalchemy.orm import Session

from termwise.auth import service
from termwise.auth.models import User
from termwise.cli import main
from termwise.db import make_engine
from termwise.models import Base
from tests.conftest import make_settings
from tests.databases import fresh_database, row_counts, run_cli


@pytest.fixture
def cli_database(database_kind: str, tmp_path: Path) -> Iterator[str]:
    with fresh_database(database_kind, tmp_path) as url:
        yield url


def test_migrate_builds_every_table(cli_database: str) -> None:
    code, output = run_cli(cli_database, "migrate")
    assert code == 0, output
    engine = make_engine(cli_database)
    try:
        tables = set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
    assert set(Base.metadata.tables) <= tables


def test_create_superuser_then_refuses_the_same_email(cli_database: str) -> None:
    run_cli(cli_database, "migrate")
    code, output = run_cli(
        cli_database, "create-superuser", "Admin@Example.org", "--password", "a-long-unusual-phrase"
    )
    assert code == 0, output
    engine = make_engine(cli_database)
    with engine.connect() as connection:
        admin = connection.execute(select(User.email, User.is_platform_admin)).one()
    engine.dispose()
    assert admin == ("admin@example.org", True)

    code, output = run_cli(
        cli_database, "create-superuser", "admin@example.org", "--password", "another-long-phrase"
    )
    assert code != 0
    assert "already exists" in output


@pytest.mark.parametrize(
    ("password", "reason"),
    [("short", "at least 12"), ("aaaaaaaaaaaaaaaa", "too easy"), ("theadminpassword", "e-mail")],
)
def test_create_superuser_refuses_a_weak_password(
    cli_database: str, password: str, reason: str
) -> None:
    run_cli(cli_database, "migrate")
    code, output = run_cli(
        cli_database, "create-superuser", "theadmin@example.org", "--password", password
    )
    assert code != 0
    assert reason in output
    assert row_counts(cli_database)["users"] == 0


def test_demo_loads_a_trust_and_a_second_run_changes_nothing(cli_database: str) -> None:
    run_cli(cli_database, "migrate")
    code, output = run_cli(cli_database, "demo")
    assert code == 0, output
    assert "larkspur-demo-2026" in output and "trust.leader@larkspur.example" in output
    first = row_counts(cli_database)
    assert first["schools"] == 4 and first["trusts"] == 2 and first["api_clients"] == 2
    code, output = run_cli(cli_database, "demo")
    assert code == 0 and "already present" in output
    assert row_counts(cli_database) == first


def test_the_demo_leaves_postgresql_with_statistics_on_what_it_loaded(
    cli_database: str, database_kind: str
) -> None:
    if database_kind != "postgres":
        pytest.skip("SQLite's planner does not need statistics to plan the tracker")
    run_cli(cli_database, "migrate")
    run_cli(cli_database, "demo")
    engine = make_engine(cli_database)
    with engine.connect() as connection:
        analysed = dict(
            connection.execute(
                text(
                    "SELECT relname, last_analyze IS NOT NULL FROM pg_stat_user_tables "
                    "WHERE relname IN ('assessments', 'enrolments', 'pupils')"
                )
            ).all()
        )
    engine.dispose()
    assert analysed == {"assessments": True, "enrolments": True, "pupils": True}


def test_serve_refuses_to_start_with_a_weak_key(cli_database: str) -> None:
    result = CliRunner().invoke(
        main,
        ["serve"],
        env={"TERMWISE_DATABASE_URL": cli_database, "TERMWISE_SECRET_KEY": "changeme"},
    )
    assert result.exit_code != 0
    assert "too weak" in result.output


def test_clients_create_prints_a_secret_that_signs_in_and_list_shows_it(cli_database: str) -> None:
    run_cli(cli_database, "migrate")
    run_cli(cli_database, "demo")
    code, output = run_cli(
        cli_database, "clients", "create", "--school", "990101", "--kind", "mis", "--name", "Arbor"
    )
    assert code == 0, output
    values = dict(line.split(":", 1) for line in output.splitlines() if line.startswith("client_"))
    client_id, secret = values["client_id"].strip(), values["client_secret"].strip()
    settings = make_settings(cli_database)
    engine = make_engine(cli_database)
    try:
        with Session(engine) as session:
            issued = service.client_credentials(session, settings, client_id, secret)
            session.commit()
        assert issued.access_token
    finally:
        engine.dispose()

    code, listed = run_cli(cli_database, "clients", "list", "--school", "990101")
    assert code == 0
    line = next(x for x in listed.splitlines() if x.startswith(client_id))
    assert "active" in line and "last used never" not in line and "Arbor" in line


def test_clients_create_refuses_an_mis_client_for_a_whole_trust(cli_database: str) -> None:
    run_cli(cli_database, "migrate")
    run_cli(cli_database, "demo")
    before = row_counts(cli_database)["api_clients"]

    code, output = run_cli(cli_database, "clients", "create", "--trust", "1", "--kind", "mis")

    assert code != 0 and "school" in output
    assert row_counts(cli_database)["api_clients"] == before


def test_schools_import_adds_a_trusts_schools_from_the_register(cli_database: str) -> None:
    register = Path(__file__).parent / "orgs" / "fixtures" / "gias_heatherfield.csv"
    run_cli(cli_database, "migrate")
    run_cli(cli_database, "demo")
    before = row_counts(cli_database)["schools"]

    code, output = run_cli(cli_database, "schools", "import", str(register), "--trust", "1")

    assert code == 0, output
    assert "3 created, 0 updated, 0 unchanged, 1 skipped" in output
    assert "skipped 998103 Old Mill Infant School (the register lists it as closed)" in output
    assert row_counts(cli_database)["schools"] == before + 3


def test_schools_import_of_a_file_in_error_adds_nothing_and_says_why(
    cli_database: str, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("URN,EstablishmentName\r\n998301,Nowhere\r\n")
    run_cli(cli_database, "migrate")
    run_cli(cli_database, "demo")
    before = row_counts(cli_database)["schools"]

    code, output = run_cli(cli_database, "schools", "import", str(bad), "--trust", "1")

    assert code != 0 and "LA (code)" in output
    assert row_counts(cli_database)["schools"] == before


def test_retention_says_what_would_go_and_erases_nothing_without_apply(cli_database: str) -> None:
    run_cli(cli_database, "migrate")
    run_cli(cli_database, "demo")
    code, output = run_cli(cli_database, "retention", "--dry-run")
    assert code == 0, output
    assert "Larkspur Learning Trust (trust 1): keep 6 years; 0 pupils" in output
    assert "Nothing was erased" in output
    code, output = run_cli(cli_database, "retention", "--apply", "--dry-run")
    assert code != 0 and "not both" in output
