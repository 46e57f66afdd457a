"""The database: engine, sessions, the declarative base and its mixins."""

from __future__ import annotations

import enum
import select
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

from fastapi import Request
from sqlalchemy import (
    ColumnElement,
    Connection,
    DateTime,
    Engine,
    Enum,
    Integer,
    MetaData,
    any_,
    bindparam,
    create_engine,
    event,
    text,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    QueryableAttribute,
    Session,
    declared_attr,
    mapped_column,
    sessionmaker,
)
from sqlalchemy.types import TypeDecorator
from starlette.concurrency import run_in_threadpool

# Every constraint gets a predictable name, so migrations can drop and alter them on both
# databases (SQLite's batch mode needs names to find them).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp on both databases (SQLite stores no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; use an aware UTC datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def enum_of_values(enum_class: type[enum.Enum], length: int) -> Enum:
    """A VARCHAR column holding the enum's values (not its member names), checked on write."""
    return Enum(
        enum_class,
        native_enum=False,
        length=length,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime()}

    # Models that set this to True have every insert, update and delete written to the audit log.
    __audited__: bool = False


class IdMixin:
    id: Mapped[int] = mapped_column(Integer, primary_key=True)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow, index=True)


class VersionedMixin:
    """An integer version that SQLAlchemy checks on every UPDATE: the ETag of the row."""

    version: Mapped[int] = mapped_column(Integer, nullable=False)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


def insert_ignoring_conflicts(session: Session, model: type[Base], **values: Any) -> None:
    """INSERT … ON CONFLICT DO NOTHING, so concurrent requests creating one row never collide."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    session.execute(insert(model).values(**values).on_conflict_do_nothing())


def one_of(
    session: Session, column: QueryableAttribute[Any], values: list[Any]
) -> ColumnElement[bool]:
    """``column IN (values)``; on PostgreSQL one array parameter, ``column = ANY(:values)``.

    A batch names thousands of pupils: as one array that is one parameter to bind instead of
    thousands, and PostgreSQL plans it as well as the list.
    """
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam(None, values, type_=postgresql.ARRAY(column.type)))
    return column.in_(values)


def reset_id_sequences(connection: Connection, *tables: str) -> None:
    """After rows were inserted with explicit ids, move PostgreSQL's id sequences past them."""
    if connection.dialect.name != "postgresql":
        return
    for table in tables:
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"
            )
        )


def make_engine(url: str, **kwargs: Any) -> Engine:
    is_sqlite = url.startswith("sqlite")
    if is_sqlite:
        kwargs.setdefault("connect_args", {"check_same_thread": False})
    elif url.startswith("postgresql"):
        # No server-side prepared statements: after a few runs PostgreSQL may switch one to a
        # generic plan, which for a look-up of many UPNs on a freshly filled table scans every
        # pupil of the trust (300 ms instead of 2 ms on a new school's first sync).
        kwargs.setdefault("connect_args", {"prepare_threshold": None})
    engine = create_engine(url, **kwargs)
    if is_sqlite:
        _make_sqlite_transactional(engine)
    elif engine.dialect.name == "postgresql":
        _replace_closed_connections(engine)
    return engine


def _replace_closed_connections(engine: Engine) -> None:
    """Hand out no pooled connection the server has closed (a restart, a fail-over, an idle
    timeout), without ``pool_pre_ping``'s round trip on every checkout.

    A pooled connection sits idle: the server has nothing to send it unless it is closing it.
    So a socket with something to read is suspect, and only then is it pinged; a dead one is
    discarded and the pool makes a new connection in its place."""

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        if dbapi_connection.closed or dbapi_connection.broken:
            raise DisconnectionError("the connection is closed")
        readable, _, _ = select.select([dbapi_connection.fileno()], [], [], 0)
        if not readable:
            return
        try:
            dbapi_connection.execute("SELECT 1")
            dbapi_connection.rollback()
        except Exception as exc:  # whatever the driver raises for a dead connection
            raise DisconnectionError("the server closed the connection") from exc


def _make_sqlite_transactional(engine: Engine) -> None:
    """Let SQLAlchemy, not the sqlite3 module, decide when transactions begin.

    The driver otherwise starts transactions late and ignores SAVEPOINT semantics; enforcing
    foreign keys is off by default in SQLite.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get(SQLITE_BEGIN, "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")


# How a SQLite transaction begins. A session that may write takes the write lock at BEGIN
# (IMMEDIATE): two writers then queue on the busy timeout. Begun DEFERRED, each would read
# first and then fail at once trying to upgrade its lock (SQLite's deadlock rule), a 503.
SQLITE_BEGIN = "termwise_sqlite_begin"


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    bind = engine
    if engine.dialect.name == "sqlite":
        bind = engine.execution_options(**{SQLITE_BEGIN: "IMMEDIATE"})
    return sessionmaker(bind=bind, expire_on_commit=False, autoflush=True)


# Requests of these methods only read (RFC 9110 safe methods).
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class ReadSession(Session):
    """The session of a request that only reads: one that tries to write is a bug, and fails
    before anything reaches the database."""


@event.listens_for(ReadSession, "before_flush")
def _refuse_writes(session: Session, *_: Any) -> None:
    if session.new or session.dirty or session.deleted:
        raise RuntimeError("a request of a safe method (GET, HEAD, OPTIONS) tried to write")


def make_read_sessionmaker(factory: sessionmaker[Session]) -> sessionmaker[Session]:
    """Sessions like ``factory``'s for requests that only read. On PostgreSQL each of their
    statements runs on its own (autocommit): a read needs no BEGIN and no COMMIT, two round
    trips of the three or four a small request makes."""
    options = dict(factory.kw)
    bind = options.get("bind")
    if isinstance(bind, Engine) and bind.dialect.name == "postgresql":
        options["bind"] = bind.execution_options(isolation_level="AUTOCOMMIT")
    elif isinstance(bind, Engine) and bind.dialect.name == "sqlite":
        options["bind"] = bind.execution_options(**{SQLITE_BEGIN: "DEFERRED"})
    return sessionmaker(class_=ReadSession, **options)


async def get_session(request: Request) -> AsyncIterator[Session]:
    """One transaction per request: committed before the response is sent, or rolled back.

    Making a session touches no connection, so it is made on the event loop; the commit or
    rollback is database work and goes to the thread pool, with the close, in one hop. A read
    has nothing to commit: its session is closed on the event loop (handing the connection
    back rolls back a transaction that is only reading, with no round trip on PostgreSQL).
    """
    if request.method in SAFE_METHODS:
        reader: Session = request.app.state.read_sessionmaker()
        try:
            yield reader
        finally:
            reader.close()
        return
    factory: sessionmaker[Session] = request.app.state.sessionmaker
    session = factory()
    try:
        yield session
    except BaseException:
        await run_in_threadpool(_end, session, commit=False)
        raise
    await run_in_threadpool(_end, session, commit=True)


def _end(session: Session, *, commit: bool) -> None:
    try:
        if commit:
            session.commit()
        else:
            session.rollback()
    finally:
        session.close()
