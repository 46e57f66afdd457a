"""The `termwise` command: migrate, back up and restore, serve, manage accounts, load the demo,
dump the API."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import click
from sqlalchemy import select, text
from sqlalchemy.orm import Session, sessionmaker

from termwise.config import ConfigError, Settings, get_settings


@contextmanager
def _sessions() -> Iterator[sessionmaker[Session]]:
    """Sessions on the configured database; the engine is closed however the command ends."""
    from termwise.db import make_engine, make_sessionmaker

    engine = make_engine(get_settings().database_url)
    try:
        yield make_sessionmaker(engine)
    finally:
        engine.dispose()


@contextmanager
def _session() -> Iterator[Session]:
    """A session attributed to the command line."""
    from termwise.audit.recorder import act_as
    from termwise.tenancy import SYSTEM

    with _sessions() as factory, factory() as session:
        act_as(session, SYSTEM)
        yield session


def _fail(message: str) -> NoReturn:
    click.secho(f"error: {message}", fg="red", err=True)
    sys.exit(1)


@click.group(help="Termwise: the termly school-improvement cycle. Settings come from TERMWISE_*.")
def main() -> None:
    pass


@main.command(help="Upgrade the database schema (to the newest revision by default).")
@click.argument("revision", default="head")
def migrate(revision: str) -> None:
    from termwise import migrate as migrations

    settings = get_settings()
    migrations.upgrade(settings, revision)
    click.echo(f"Database at {revision}: {_safe_url(settings.database_url)}")


@main.command(help="Downgrade the database schema to REVISION ('base' empties it).")
@click.argument("revision")
def downgrade(revision: str) -> None:
    from termwise import migrate as migrations

    migrations.downgrade(get_settings(), revision)
    click.echo(f"Database downgraded to {revision}.")


@main.command(
    help="Back up the database to FILE, a new file: SQLite's online backup (safe while serving) "
    "or PostgreSQL's pg_dump. The file holds pupils' personal data: store it encrypted."
)
@click.argument("path", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path))
def backup(path: Path) -> None:
    from termwise import backups

    try:
        click.echo(backups.backup(get_settings(), path))
    except backups.BackupError as exc:
        _fail(str(exc))


@main.command(
    help="Replace the database with the backup in FILE (stop the service first). Refuses a file "
    "that is not a Termwise backup, and a database holding data unless --force."
)
@click.argument(
    "path", metavar="FILE", type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("--force", is_flag=True, help="Replace a database that holds data.")
def restore(path: Path, force: bool) -> None:
    from termwise import backups

    try:
        click.echo(backups.restore(get_settings(), path, force=force))
    except backups.BackupError as exc:
        _fail(str(exc))


@main.command(help="Serve the API and the web app.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=1, show_default=True, type=int)
def serve(host: str, port: int, workers: int) -> None:
    import uvicorn

    settings = get_settings()
    try:
        settings.signing_key()
    except ConfigError as exc:
        _fail(str(exc))
    uvicorn.run(
        "termwise.main:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=True,
        **uvicorn_logging(settings),
    )


def uvicorn_logging(settings: Settings) -> dict[str, Any]:
    """Logging in the configured format; uvicorn's access log is off, since the service writes
    its own line per request (with the route and the caller, which uvicorn cannot know)."""
    from termwise.observability.logging import log_config

    return {"log_config": log_config(settings.log_format), "access_log": False}


@main.command("create-superuser", help="Create a platform administrator.")
@click.argument("email")
@click.option("--password", required=True, help="At least 12 characters, not easy to guess.")
@click.option("--name", "full_name", default="Platform administrator", show_default=True)
def create_superuser(email: str, password: str, full_name: str) -> None:
    from termwise import security
    from termwise.auth.models import User
    from termwise.auth.service import normalise_email

    email = normalise_email(email)
    if "@" not in email or email.startswith("@") or email.endswith("@"):
        _fail(f"{email!r} is not an e-mail address.")
    weakness = security.password_weakness(password, email)
    if weakness:
        _fail(f"the password {weakness}.")
    with _session() as session:
        if session.scalar(select(User.id).where(User.email == email)) is not None:
            _fail(f"a user with the e-mail {email} already exists.")
        session.add(
            User(
                email=email,
                full_name=full_name,
                password_hash=security.hash_password(password),
                is_platform_admin=True,
            )
        )
        session.commit()
    click.echo(f"Created platform administrator {email}.")


@main.command(help="Load the demo trust (synthetic people only); running it again changes nothing.")
def demo() -> None:
    from termwise.demo import DEMO_PASSWORD, load_demo

    with _session() as session:
        summary = load_demo(session)
        session.commit()
        if session.get_bind().dialect.name == "postgresql":
            # Thousands of rows just arrived: give the planner their statistics now, not at
            # autovacuum's next pass (or never, where it is off). Without them the tracker's
            # joins scan every result of a point once per pupil.
            session.execute(text("ANALYZE"))
            session.commit()
    click.echo(summary.describe(DEMO_PASSWORD))


@main.command(
    "import",
    help="Import a file for a school: FORMAT is csv, ctf (Common Transfer File) or oneroster. "
    "Exits 1 if nothing was imported, 2 if some rows were rejected (partial mode).",
)
@click.argument("file_format", metavar="FORMAT", type=click.Choice(["csv", "ctf", "oneroster"]))
@click.argument(
    "path", metavar="FILE", type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("--school", "urn", required=True, help="The school's URN.")
@click.option(
    "--mode",
    type=click.Choice(["all", "partial"]),
    default="all",
    show_default=True,
    help="all: one bad row rejects the file. partial: import the valid rows.",
)
@click.option("--reason", help="Why results at a closed assessment point are being corrected.")
def import_file(file_format: str, path: Path, urn: str, mode: str, reason: str | None) -> None:
    from termwise.ingest import imports
    from termwise.ingest.models import JobStatus
    from termwise.orgs.models import School
    from termwise.tenancy import SYSTEM

    with _sessions() as factory:
        with factory() as session:
            school = session.scalar(select(School).where(School.urn == urn))
            if school is None:
                _fail(f"no school with URN {urn}.")
            job = imports.create_job(
                session,
                school,
                SYSTEM,
                file_format=file_format,
                filename=path.name,
                content=path.read_bytes(),
                mode="partial" if mode == "partial" else "all",
            )
            session.commit()
            job_id, school_name = job.id, school.name
        click.echo(f"Importing {path.name} into {school_name} (job {job_id}).")
        with click.progressbar(length=3, label="Importing", show_eta=False) as bar:

            def advance(phase: str) -> None:
                bar.label = phase.capitalize()
                bar.update(1)

            job = imports.run_job(
                factory, job_id, principal=SYSTEM, correction_reason=reason, on_progress=advance
            )
            bar.update(3)
    click.echo(_describe_job(job))
    if job.status is not JobStatus.succeeded:
        sys.exit(1)
    if job.errors:
        sys.exit(2)  # partial mode: imported, but some rows were rejected


def _describe_job(job: Any) -> str:
    lines = [f"Import {job.status.value}."]
    summary = job.summary or {}
    for kind in ("pupils", "results"):
        part = summary.get(kind)
        if part:
            lines.append(
                f"  {kind}: {part['created']} created, {part['updated']} updated, "
                f"{part['unchanged']} unchanged, {part['rejected']} rejected"
            )
            quality = part["quality"]
            if quality["invalid_upns"]["count"]:
                lines.append(f"    invalid UPNs: {quality['invalid_upns']['count']}")
            for code, item in quality["unknown_codes"].items():
                lines.append(f"    unknown {code}: {item['count']} row(s)")
            for missing in quality["missing_results"]:
                if missing["count"]:
                    lines.append(
                        f"    no {missing['subject']} result at {missing['academic_year']} "
                        f"{missing['point']}: {missing['count']} pupil(s)"
                    )
    errors = job.errors or []
    for error in errors[:20]:
        lines.append(f"  {error['pointer']}: {error['message']} ({error['code']})")
    if len(errors) > 20:
        lines.append(f"  … and {len(errors) - 20} more errors")
    return "\n".join(lines)


@main.group(help="A trust's schools.")
def schools() -> None:
    pass


@schools.command("import", help="Add or update a trust's schools from a DfE register (GIAS) CSV.")
@click.argument(
    "path", metavar="FILE", type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("--trust", "trust_id", type=int, required=True, help="The trust's id.")
def import_schools(path: Path, trust_id: int) -> None:
    from termwise.errors import TermwiseError
    from termwise.orgs.models import Trust
    from termwise.orgs.register import import_register

    with _session() as session:
        trust = session.get(Trust, trust_id)
        if trust is None:
            _fail(f"no trust {trust_id}")
        try:
            result = import_register(session, trust, path.read_bytes())
        except TermwiseError as exc:
            for error in exc.errors or []:
                click.echo(f"  {error.pointer}: {error.message}", err=True)
            _fail(exc.detail or exc.title)
        session.commit()
        for row in result.rows:
            reason = f" ({row.reason})" if row.reason else ""
            click.echo(f"row {row.row}: {row.outcome} {row.urn} {row.name}{reason}")
        click.echo(
            f"{result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged, {result.skipped} skipped"
        )


@main.group(help="Machine clients: a school's MIS, a trust's dashboard.")
def clients() -> None:
    pass


@clients.command("create", help="Create a client and print its id and secret (shown only now).")
@click.option("--school", "urn", help="The school's URN (an MIS client belongs to a school).")
@click.option("--trust", "trust_id", type=int, help="The trust's id, for a trust-wide dashboard.")
@click.option("--kind", type=click.Choice(["mis", "dashboard"]), required=True)
@click.option("--name", default=None, help="What it is, e.g. 'Arbor MIS'.")
def create_client(urn: str | None, trust_id: int | None, kind: str, name: str | None) -> None:
    from termwise.auth.roles import ClientKind
    from termwise.clients import service
    from termwise.clients.schemas import ClientCreate
    from termwise.errors import TermwiseError
    from termwise.tenancy import SYSTEM

    if (urn is None) == (trust_id is None):
        _fail("name exactly one of --school URN or --trust ID")
    with _session() as session:
        school, trust = _school_or_trust(session, urn, trust_id)
        body = ClientCreate(name=name or f"{kind.upper()} client", kind=ClientKind(kind))
        try:
            client, secret = service.create(session, SYSTEM, body, trust=trust, school=school)
        except TermwiseError as exc:
            _fail(exc.detail or exc.title)
        session.commit()
        click.echo(f"client_id:     {client.client_id}")
        click.echo(f"client_secret: {secret}")
        click.echo("The secret is not stored and will not be shown again.")


@clients.command(
    "list", help="List the clients of a school or trust, with when each was last used."
)
@click.option("--school", "urn", help="The school's URN.")
@click.option("--trust", "trust_id", type=int, help="The trust's id.")
def list_clients(urn: str | None, trust_id: int | None) -> None:
    from termwise.clients import service

    if (urn is None) == (trust_id is None):
        _fail("name exactly one of --school URN or --trust ID")
    with _session() as session:
        school, trust = _school_or_trust(session, urn, trust_id)
        query = service.of_school(school.id) if school else service.of_trust(trust.id)
        for client in session.scalars(query):
            used = (
                client.last_used_at.isoformat(timespec="minutes")
                if client.last_used_at
                else "never"
            )
            state = "active" if client.is_active else "revoked"
            click.echo(
                f"{client.client_id}\t{client.kind.value}\t{state}\tlast used {used}\t{client.name}"
            )


def _school_or_trust(session: Session, urn: str | None, trust_id: int | None) -> tuple[Any, Any]:
    from termwise.orgs.models import School, Trust

    if urn is not None:
        school = session.scalar(select(School).where(School.urn == urn))
        if school is None:
            _fail(f"no school with URN {urn}")
        return school, session.get(Trust, school.trust_id)
    trust = session.get(Trust, trust_id)
    if trust is None:
        _fail(f"no trust {trust_id}")
    return None, trust


@main.command(
    help="Erase pupils past their trust's retention policy (years after their last academic "
    "year on its roll). --dry-run (the default) only says what would go."
)
@click.option("--apply", "apply_", is_flag=True, help="Erase them (one transaction a trust).")
@click.option("--dry-run", is_flag=True, help="Only say what would go (the default).")
@click.option("--trust", "trust_id", type=int, default=None, help="Only this trust's pupils.")
def retention(apply_: bool, dry_run: bool, trust_id: int | None) -> None:
    from datetime import date

    from sqlalchemy import select

    from termwise.orgs.models import Trust
    from termwise.pupils import retention as policy

    if apply_ and dry_run:
        _fail("--apply or --dry-run, not both")
    settings = get_settings()
    with _session() as session:
        query = select(Trust).order_by(Trust.id)
        if trust_id is not None:
            query = query.where(Trust.id == trust_id)
        for trust in session.scalars(query):
            found = policy.plan(session, trust, settings.retention_years, date.today())
            click.echo(
                f"{found.trust_name} (trust {found.trust_id}): keep {found.years} years; "
                f"{len(found.due)} pupils whose last year here ended before "
                f"{found.cutoff.isoformat()}"
            )
            for due in found.due:
                click.echo(f"  pupil {due.pupil_id}: last year ended {due.left_on.isoformat()}")
            if apply_ and found.due:
                rows = policy.apply(session, found)
                session.commit()
                summary = ", ".join(f"{table} {n}" for table, n in sorted(rows.items()) if n)
                click.echo(f"  erased {len(found.due)} pupils: {summary or 'no rows'}")
    if not apply_:
        click.echo("Nothing was erased: run with --apply to erase.")


@main.command(help="Write the OpenAPI document, or with --check fail if the file differs.")
@click.option("--output", type=click.Path(path_type=Path), default=Path("openapi/openapi.json"))
@click.option("--check", is_flag=True, help="Compare instead of writing.")
def openapi(output: Path, check: bool) -> None:
    from termwise.main import create_app
    from termwise.openapi import render

    document = render(create_app(Settings(demo=True)).openapi())
    if check:
        current = output.read_text(encoding="utf-8") if output.exists() else ""
        if current != document:
            _fail(f"{output} is out of date: run `make openapi` and commit the result.")
        click.echo(f"{output} matches the app.")
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(document, encoding="utf-8")
    click.echo(f"Wrote {output}.")


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
