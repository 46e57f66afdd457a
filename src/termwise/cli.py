"""The `termwise` command: migrate, serve, manage accounts, load the demo, dump the API."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

import click
from sqlalchemy import select
from sqlalchemy.orm import Session

from termwise.config import ConfigError, Settings, get_settings


@contextmanager
def _session() -> Iterator[Session]:
    """A session attributed to the command line; the engine is closed however the command ends."""
    from termwise.audit.recorder import act_as
    from termwise.db import make_engine, make_sessionmaker
    from termwise.tenancy import SYSTEM

    engine = make_engine(get_settings().database_url)
    try:
        with make_sessionmaker(engine)() as session:
            act_as(session, SYSTEM)
            yield session
    finally:
        engine.dispose()


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


@main.command(help="Serve the API and the web app.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=1, show_default=True, type=int)
def serve(host: str, port: int, workers: int) -> None:
    import uvicorn

    try:
        get_settings().signing_key()
    except ConfigError as exc:
        _fail(str(exc))
    uvicorn.run(
        "termwise.main:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=True,
    )


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
    click.echo(summary.describe(DEMO_PASSWORD))


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
