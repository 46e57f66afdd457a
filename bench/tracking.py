"""Bench: how close the tracking API comes to the bare SQL (and bare HTTP) behind it.

What is measured. A trust of S schools (default 50), each with 420 pupils this year (R to Y6,
60 a year group in two classes), their enrolments and characteristics for this academic year
and the last, and results in reading, writing and maths at six termly points (aut, spr and sum
of last year and this year) on the ``year_steps`` scale, spread like the demo's pupils (most on
track; some slow, stuck, accelerating or falling behind), is loaded straight into a fresh
database (PostgreSQL ``COPY``, SQLite ``executemany``; loading is not what is measured). Then,
through the real server (`termwise serve`, one process) and signed in as a trust leader, the
medians of --runs sequential requests (after a warm-up) are taken for

- one school's grid: ``GET /api/v1/schools/{id}/tracking/grid?subject=reading&point_id=…``
- one class tracker: ``GET /api/v1/classes/{id}/tracking?subject=reading``
- the trust-wide flags: ``GET /api/v1/trusts/{id}/tracking/flags?subject=reading&point_id=…``

and, in the same run, the floor each could reach:

- bare SQL: the statement that produces the numbers, exactly as the endpoint's code compiles it
  (``grid.school_grid`` / ``class_tracker.class_tracker`` / ``flags.flag_counts`` are run once
  and the SQL and parameters they send to the driver are captured), run again on a plain DB-API
  connection (psycopg / sqlite3) and fetched; medians of --runs after a warm-up;
- bare HTTP: a minimal FastAPI app under the same uvicorn set-up, answering with the very bytes
  the real endpoint returned (``ingest_harness.bare_server``), timed the same way.

The grid's floor is bare SQL + bare HTTP. Last line on stdout:
``tracking school_grid_api_ms=A school_grid_floor_ms=B trust_flags_api_ms=C
trust_flags_sql_ms=D ratio=R`` (one line) with R = max(A/B, C/D); the class tracker's figures
are on the line before it.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import signal
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Engine, event, select, text
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session

from ingest_harness import (
    bare_server,
    fresh_database,
    log,
    migrate,
    pg_connect,
    running_server,
    url_text,
)
from termwise import security
from termwise.assessment.models import AssessmentPoint, Scale, ScaleStep, Subject
from termwise.audit.recorder import act_as
from termwise.auth.models import RoleAssignment, User
from termwise.auth.roles import Role
from termwise.db import make_engine, make_sessionmaker
from termwise.demo.pupils import (
    NAME_GROUPS,
    TRAJECTORIES,
    TRAJECTORY_WEIGHTS,
    TRAJECTORY_WEIGHTS_DISADVANTAGED,
    TRAJECTORY_WEIGHTS_SEN,
    _path,
    expected_step,
    step_code,
)
from termwise.orgs.models import AcademicYear, Phase, School, SchoolClass, Trust, YearGroup
from termwise.orgs.years import current_academic_year
from termwise.pupils.names import search_name
from termwise.pupils.upn import make_upn
from termwise.tenancy import SYSTEM
from termwise.tracking import choice, class_tracker, flags, grid
from termwise.tracking.aggregates import Disclosure
from termwise.tracking.measures import Cohort

YEAR_GROUPS = ("R", "Y1", "Y2", "Y3", "Y4", "Y5", "Y6")
PER_YEAR_GROUP = 60
CLASSES = ("A", "B")
SUBJECTS = ("reading", "writing", "maths")
SLOTS = (("aut", "Autumn", (12, 10)), ("spr", "Spring", (3, 25)), ("sum", "Summer", (7, 10)))
SUBJECT = "reading"
LEADER_EMAIL = "leader@bench.example"
LEADER_PASSWORD = "bench-trust-leader-2026"  # noqa: S105
RECORDED_BY = "bench"
ABSENT_RATE = 0.01
WARMUP = 2
TIMEOUT = httpx.Timeout(connect=10, read=600, write=60, pool=10)


def median_ms(seconds: Sequence[float]) -> float:
    return statistics.median(seconds) * 1000


def timed(call: Callable[[], object], runs: int, warmup: int = WARMUP) -> list[float]:
    for _ in range(warmup):
        call()
    took = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        took.append(time.perf_counter() - started)
    return took


def spread(seconds: Sequence[float]) -> str:
    ms = sorted(s * 1000 for s in seconds)
    return f"median {statistics.median(ms):.1f} ms (min {ms[0]:.1f}, max {ms[-1]:.1f}, n={len(ms)})"


# --- the trust -----------------------------------------------------------------------------


@dataclass
class Trustwide:
    trust_id: int
    school_ids: list[int]
    # (academic year start, slot) → point id
    points: dict[tuple[int, str], int]
    # (school id, year start, year group, class letter) → class id
    classes: dict[tuple[int, int, str, str], int]
    this_year: AcademicYear
    counts: dict[str, int] = field(default_factory=dict)


@contextmanager
def session_on(url: URL) -> Iterator[Session]:
    engine = make_engine(url_text(url))
    try:
        with make_sessionmaker(engine)() as session:
            act_as(session, SYSTEM)
            yield session
    finally:
        engine.dispose()


def create_organisation(url: URL, schools: int) -> Trustwide:
    """The few rows that go through the ORM (and so the audit log): the trust, its schools,
    classes, six points, and a trust leader."""
    with session_on(url) as session:
        this_year = current_academic_year(session)
        last_year = session.scalars(
            select(AcademicYear).where(
                AcademicYear.starts_on == date(this_year.starts_on.year - 1, 9, 1)
            )
        ).one()
        year_groups = {
            y.code: y
            for y in session.scalars(select(YearGroup).where(YearGroup.code.in_(YEAR_GROUPS)))
        }
        trust = Trust(name="Bench Tracking Trust", reference="99008888")
        session.add(trust)
        session.flush()
        school_rows = [
            School(
                trust_id=trust.id, urn=f"{996000 + n:06d}", laestab=f"999{6000 + n:04d}",
                name=f"Bench Primary School {n + 1:03d}", phase=Phase.primary,
            )
            for n in range(schools)
        ]  # fmt: skip
        session.add_all(school_rows)
        session.flush()
        class_rows: dict[tuple[int, int, str, str], SchoolClass] = {}
        for school in school_rows:
            for year in (last_year, this_year):
                for code in YEAR_GROUPS:
                    for letter in CLASSES:
                        class_rows[(school.id, year.starts_on.year, code, letter)] = SchoolClass(
                            school_id=school.id, academic_year_id=year.id,
                            name=f"{code}{letter}", year_groups=[year_groups[code]],
                        )  # fmt: skip
        session.add_all(class_rows.values())
        points: dict[tuple[int, str], AssessmentPoint] = {}
        for year in (last_year, this_year):
            start = year.starts_on.year
            for ordinal, (slot, name, (month, day)) in enumerate(SLOTS, start=1):
                points[(start, slot)] = AssessmentPoint(
                    trust_id=trust.id, academic_year_id=year.id, code=slot, name=name, slot=slot,
                    ordinal=ordinal, assessed_on=date(start + (month < 9), month, day),
                )  # fmt: skip
        session.add_all(points.values())
        user = User(
            email=LEADER_EMAIL, full_name="Bench Trust Leader",
            password_hash=security.hash_password(LEADER_PASSWORD),
        )  # fmt: skip
        session.add(user)
        session.flush()
        session.add(RoleAssignment(user_id=user.id, role=Role.trust_leader, trust_id=trust.id))
        session.commit()
        return Trustwide(
            trust_id=trust.id,
            school_ids=[s.id for s in school_rows],
            points={k: p.id for k, p in points.items()},
            classes={k: c.id for k, c in class_rows.items()},
            this_year=this_year,
        )


@dataclass
class Rows:
    pupils: list[tuple[Any, ...]] = field(default_factory=list)
    enrolments: list[tuple[Any, ...]] = field(default_factory=list)
    characteristics: list[tuple[Any, ...]] = field(default_factory=list)
    assessments: list[tuple[Any, ...]] = field(default_factory=list)


PUPIL_COLUMNS = (
    "id", "trust_id", "upn", "legal_first_name", "legal_last_name", "preferred_first_name",
    "preferred_last_name", "date_of_birth", "gender", "search_name", "version", "created_at",
    "updated_at",
)  # fmt: skip
ENROLMENT_COLUMNS = (
    "id", "pupil_id", "academic_year_id", "school_id", "year_group_id", "class_id", "created_at",
    "updated_at",
)  # fmt: skip
CHARACTERISTIC_COLUMNS = (
    "pupil_id", "academic_year_id", "fsm", "ever6_fsm", "pupil_premium", "eal", "sen_status",
    "looked_after", "more_able", "created_at", "updated_at",
)  # fmt: skip
ASSESSMENT_COLUMNS = (
    "id", "pupil_id", "subject_id", "point_id", "school_id", "scale_id", "step_id", "score",
    "non_result", "source", "recorded_by", "recorded_at", "version",
)  # fmt: skip


def generate(url: URL, org: Trustwide) -> Rows:
    """Every pupil, enrolment, characteristic and result, as tuples in the tables' columns."""
    with session_on(url) as session:
        years = {
            y.starts_on.year: y.id
            for y in session.scalars(
                select(AcademicYear).where(
                    AcademicYear.starts_on.in_(
                        [date(org.this_year.starts_on.year - n, 9, 1) for n in (0, 1)]
                    )
                )
            )
        }
        year_groups = {y.code: y.id for y in session.scalars(select(YearGroup))}
        subjects = {s.code: s.id for s in session.scalars(select(Subject))}
        scale_id = session.scalars(
            select(Scale.id).where(Scale.code == "year_steps", Scale.trust_id.is_(None))
        ).one()
        step_ids = {
            s.code: s.id
            for s in session.scalars(select(ScaleStep).where(ScaleStep.scale_id == scale_id))
        }
        first_pupil = (session.scalar(text("SELECT COALESCE(MAX(id), 0) FROM pupils")) or 0) + 1
    now = datetime.now(UTC)
    this, last = org.this_year.starts_on.year, org.this_year.starts_on.year - 1
    rng = random.Random(f"termwise-bench-tracking:{len(org.school_ids)}")
    groups = list(NAME_GROUPS.values())
    weights = [g.weight for g in groups]
    out = Rows()
    pupil_id = first_pupil
    enrolment_id = assessment_id = 1
    for s, school_id in enumerate(org.school_ids):
        for g, code in enumerate(YEAR_GROUPS):
            for serial in range(PER_YEAR_GROUP):
                letter = CLASSES[serial * len(CLASSES) // PER_YEAR_GROUP]
                group = rng.choices(groups, weights=weights)[0]
                female = rng.random() < 0.5
                first = rng.choice(group.girls if female else group.boys)
                last_name = rng.choice(group.surnames)
                born = date(this - 5 - g, 9, 1) + timedelta(days=rng.randrange(365))
                upn = make_upn(f"999{6000 + s:04d}{g}{serial:04d}")
                out.pupils.append(
                    (pupil_id, org.trust_id, upn, first, last_name, None, None, born,
                     "F" if female else "M", search_name(first, None, last_name, None), 1, now,
                     now)
                )  # fmt: skip
                # Characteristics, stable over the two years.
                ability = rng.gauss(0, 1)
                disadvantaged = rng.random() < 0.27
                sen = (
                    "ehc_plan" if ability < -2.05
                    else "sen_support" if (ability < -1.0 and rng.random() < 0.65)
                    or rng.random() < 0.05
                    else "none"
                )  # fmt: skip
                eal = rng.random() < group.eal
                more_able = sen == "none" and ability > 1.1 and rng.random() < 0.85
                on_roll = [(last, YEAR_GROUPS[g - 1])] if g > 0 else []
                on_roll.append((this, code))
                for year, year_group in on_roll:
                    out.enrolments.append(
                        (enrolment_id, pupil_id, years[year], school_id, year_groups[year_group],
                         org.classes[(school_id, year, year_group, letter)], now, now)
                    )  # fmt: skip
                    enrolment_id += 1
                    out.characteristics.append(
                        (pupil_id, years[year], disadvantaged, disadvantaged, disadvantaged, eal,
                         sen, False, more_able, now, now)
                    )  # fmt: skip
                # Results: an offset from the expectation moved along a trajectory.
                trajectory_weights = (
                    TRAJECTORY_WEIGHTS_SEN if sen != "none"
                    else TRAJECTORY_WEIGHTS_DISADVANTAGED if disadvantaged
                    else TRAJECTORY_WEIGHTS
                )  # fmt: skip
                trajectory = rng.choices(TRAJECTORIES, weights=trajectory_weights)[0]
                adjust = 0.35 - (0.45 if disadvantaged else 0.0) + (0.6 if more_able else 0.0)
                adjust += {"none": 0.0, "sen_support": -0.5, "ehc_plan": -2.0}[sen]
                timeline = [
                    (year, slot, expected_step(year_group, index))
                    for year, year_group in on_roll
                    for index, (slot, _, _) in enumerate(SLOTS)
                ]
                for subject in SUBJECTS:
                    subject_ability = ability + rng.gauss(0, 0.5) + adjust
                    kind = trajectory if rng.random() < 0.8 else TRAJECTORIES[0]
                    base = max(-4, min(3, math.floor(0.9 * subject_ability + 0.5)))
                    path = _path(rng, kind, base, [e for _, _, e in timeline])
                    for (year, slot, _), step in zip(timeline, path, strict=True):
                        absent = rng.random() < ABSENT_RATE
                        point = org.points[(year, slot)]
                        assessed = datetime(year + (slot != "aut"), 1, 15, 16, tzinfo=UTC)
                        out.assessments.append(
                            (assessment_id, pupil_id, subjects[subject], point, school_id,
                             scale_id, None if absent else step_ids[step_code(step)], None,
                             "absent" if absent else None, "mis", RECORDED_BY, assessed, 1)
                        )  # fmt: skip
                        assessment_id += 1
                pupil_id += 1
    org.counts = {
        "pupils": len(out.pupils),
        "enrolments": len(out.enrolments),
        "results": len(out.assessments),
    }
    return out


TABLES = (
    ("pupils", PUPIL_COLUMNS, "pupils"),
    ("enrolments", ENROLMENT_COLUMNS, "enrolments"),
    ("pupil_characteristics", CHARACTERISTIC_COLUMNS, "characteristics"),
    ("assessments", ASSESSMENT_COLUMNS, "assessments"),
)


def load(url: URL, rows: Rows) -> None:
    """PostgreSQL: COPY each table; SQLite: one executemany each; one transaction; ANALYZE."""
    started = time.perf_counter()
    if url.get_backend_name() == "postgresql":
        with pg_connect(url) as connection:
            with connection.transaction(), connection.cursor() as cursor:
                for table, columns, attr in TABLES:
                    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                        for row in getattr(rows, attr):
                            copy.write_row(row)
                # The sequences of the tables given explicit ids.
                for table in ("pupils", "enrolments", "assessments"):
                    cursor.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                        f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"
                    )
            connection.autocommit = True
            connection.execute("VACUUM ANALYZE")
    else:
        with closing(sqlite3.connect(url.database or "", isolation_level=None)) as connection:
            connection.execute("PRAGMA foreign_keys = ON")
            connection.execute("BEGIN")
            for table, columns, attr in TABLES:
                marks = ", ".join("?" * len(columns))
                connection.executemany(
                    f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",  # noqa: S608
                    (tuple(_sqlite(v) for v in row) for row in getattr(rows, attr)),
                )
            connection.execute("COMMIT")
            connection.execute("ANALYZE")
    log(f"loaded in {time.perf_counter() - started:.1f}s (and analysed)")


def _sqlite(value: Any) -> Any:
    """How SQLAlchemy stores a value on SQLite (naive UTC text for timestamps)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    return value


# --- the statements behind the endpoints -------------------------------------------------


@dataclass(frozen=True)
class Statement:
    sql: str
    parameters: Any


@contextmanager
def capturing(engine: Engine) -> Iterator[list[Statement]]:
    """Every statement (as sent to the driver, with its parameters) run on ``engine``."""
    seen: list[Statement] = []

    def hook(_conn: Any, _cursor: Any, sql: str, parameters: Any, *_: Any) -> None:
        seen.append(Statement(sql, parameters))

    event.listen(engine, "before_cursor_execute", hook)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", hook)


@dataclass(frozen=True)
class Floors:
    grid: Statement
    class_tracker: Statement
    flags: Statement


def _calls(
    session: Session, org: Trustwide, point_id: int, class_id: int
) -> dict[str, Callable[[], object]]:
    """The ``aggregates`` call behind each endpoint, with the endpoint's arguments."""
    everyone = Disclosure(threshold=None, show_pupils=True)
    points = choice.resolve_points(session, org.trust_id, point_id)
    subject = choice.subjects(session, SUBJECT)
    school = org.school_ids[0]
    return {
        "grid": lambda: grid.school_grid(
            session, school, points, subject, Cohort([school]), everyone
        ),
        "class": lambda: class_tracker.class_tracker(
            session, class_id, school, org.trust_id, org.this_year, subject
        ),
        "flags": lambda: flags.flag_counts(
            session, points, subject, Cohort(list(org.school_ids)), everyone
        ),
    }


def endpoint_statements(url: URL, org: Trustwide, point_id: int, class_id: int) -> Floors:
    """Run the aggregates the three endpoints call and keep the statement that does the work
    in each (the longest; the rest are look-ups of a row or two)."""
    engine = make_engine(url_text(url))
    try:
        with make_sessionmaker(engine)() as session:
            seen: dict[str, list[Statement]] = {}
            for name, call in _calls(session, org, point_id, class_id).items():
                with capturing(engine) as seen[name]:
                    call()
    finally:
        engine.dispose()
    return Floors(
        *(max(seen[name], key=lambda s: len(s.sql)) for name in ("grid", "class", "flags"))
    )


def breakdown(url: URL, org: Trustwide, point_id: int, class_id: int, runs: int) -> None:
    """Where the time goes in this process (no HTTP, no authentication): each endpoint's
    ``aggregates`` call as a whole, how many statements it runs, and how long they spend in the
    driver's ``execute`` (psycopg has every row by then; sqlite3 only the first)."""
    engine = make_engine(url_text(url))
    try:
        with make_sessionmaker(engine)() as session:
            for name, call in _calls(session, org, point_id, class_id).items():
                whole = median_ms(timed(call, runs))
                with timing_statements(engine) as spent:
                    call()
                log(
                    f"in-process {name}: {whole:.1f} ms; {len(spent)} statements,"
                    f" {sum(spent) * 1000:.1f} ms in the driver's execute"
                )
    finally:
        engine.dispose()


@contextmanager
def timing_statements(engine: Engine) -> Iterator[list[float]]:
    """Seconds each statement spends in the driver's ``execute``."""
    spent: list[float] = []
    started: list[float] = []

    def before(*_: Any) -> None:
        started.append(time.perf_counter())

    def after(*_: Any) -> None:
        spent.append(time.perf_counter() - started.pop())

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    try:
        yield spent
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)


@contextmanager
def dbapi(url: URL) -> Iterator[Callable[[Statement], list[Any]]]:
    """A plain DB-API connection and a function running one statement and fetching its rows."""
    if url.get_backend_name() == "postgresql":
        # As the server's engine: no server-side prepared statements.
        with pg_connect(url, autocommit=True, prepare_threshold=None) as connection:

            def run_pg(statement: Statement) -> list[Any]:
                with connection.cursor() as cursor:
                    cursor.execute(statement.sql, statement.parameters)
                    return cursor.fetchall()

            yield run_pg
    else:
        with closing(sqlite3.connect(url.database or "", isolation_level=None)) as lite:

            def run_sqlite(statement: Statement) -> list[Any]:
                return lite.execute(statement.sql, statement.parameters).fetchall()

            yield run_sqlite


def explain(url: URL, name: str, statement: Statement) -> None:
    """The plan, to stderr: PostgreSQL EXPLAIN (ANALYZE, BUFFERS); SQLite EXPLAIN QUERY PLAN."""
    if url.get_backend_name() == "postgresql":
        with pg_connect(url, autocommit=True) as connection:
            plan = connection.execute(
                f"EXPLAIN (ANALYZE, BUFFERS) {statement.sql}",
                statement.parameters,
            ).fetchall()
        lines = [row[0] for row in plan]
    else:
        with closing(sqlite3.connect(url.database or "")) as connection:
            plan = connection.execute(
                f"EXPLAIN QUERY PLAN {statement.sql}", statement.parameters
            ).fetchall()
        lines = [f"{row[0]:>4} {row[1]:>4} {row[3]}" for row in plan]
    log(f"plan of the {name} statement:\n" + "\n".join(lines))


# --- the run -------------------------------------------------------------------------------


@dataclass
class Figures:
    api: dict[str, list[float]] = field(default_factory=dict)
    sql: dict[str, list[float]] = field(default_factory=dict)
    http: dict[str, list[float]] = field(default_factory=dict)
    peak_rss_mb: float = 0.0


def sign_in(client: httpx.Client) -> None:
    response = client.post(
        "/api/v1/auth/token",
        data={"grant_type": "password", "username": LEADER_EMAIL, "password": LEADER_PASSWORD},
    )
    response.raise_for_status()
    client.headers["Authorization"] = f"Bearer {response.json()['access_token']}"


def _get(client: httpx.Client, path: str) -> httpx.Response:
    response = client.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"GET {path}: HTTP {response.status_code}: {response.text[:2000]}")
    return response


def check_same_numbers(bodies: dict[str, Any], results: dict[str, list[Any]]) -> None:
    """The bare SQL's rows carry the numbers the API returned."""
    grid, tracker, flags = bodies["grid"], bodies["class"], bodies["flags"]
    cohort = sum(c["cohort"] for c in grid["columns"])
    # The grid's rows: its cells ("cell", …, pupils in the 8th column), then its scales' steps.
    grouped = sum(row[7] for row in results["grid"] if row[0] == "cell")
    placements = sum(len(p["placements"]) for p in tracker["pupils"])
    api_flags = sorted(
        (c["school_id"], c["year_group"], c["flag"], c["count"]) for c in flags["counts"]
    )
    sql_flags = sorted((row[0], row[1], row[3], row[4]) for row in results["flags"])
    if (cohort, placements, api_flags) != (grouped, len(results["class"]), sql_flags):
        raise RuntimeError(
            f"the bare SQL disagrees with the API: grid cohort {cohort} vs {grouped}, class "
            f"placements {placements} vs {len(results['class'])}, flags equal: "
            f"{api_flags == sql_flags}"
        )
    log(f"same numbers: grid cohort {cohort}, class placements {placements}, "
        f"{len(api_flags)} flag counts over {sum(c[3] for c in api_flags)} pupils")  # fmt: skip


def grants_statements(url: URL) -> list[Statement]:
    """What a request runs to know who is asking: the trust leader's principal and grants
    (``auth.service.load_principal``), as the server runs it before any endpoint's work."""
    from termwise.auth.service import load_principal

    engine = make_engine(url_text(url))
    try:
        with make_sessionmaker(engine)() as session:
            user_id = session.scalars(select(User.id).where(User.email == LEADER_EMAIL)).one()
        # A connection sees an engine's listeners only if they were there when it was made.
        with capturing(engine) as statements, make_sessionmaker(engine)() as session:
            load_principal(session, f"user:{user_id}")
        return [s for s in statements if not s.sql.startswith(("BEGIN", "ROLLBACK"))]
    finally:
        engine.dispose()


def measure(url: URL, workdir: Path, org: Trustwide, args: argparse.Namespace) -> Figures:
    school = org.school_ids[0]
    this = org.this_year.starts_on.year
    point_id = org.points[(this, "sum")]
    class_id = org.classes[(school, this, "Y3", "A")]
    paths = {
        "grid": f"/api/v1/schools/{school}/tracking/grid?subject={SUBJECT}&point_id={point_id}",
        "class": f"/api/v1/classes/{class_id}/tracking?subject={SUBJECT}",
        "flags": f"/api/v1/trusts/{org.trust_id}/tracking/flags?subject={SUBJECT}"
        f"&point_id={point_id}",
    }
    figures = Figures()
    with (
        running_server(url, workdir, {"TERMWISE_ACCESS_TOKEN_MINUTES": "240"}) as server,
        httpx.Client(base_url=server.base_url, timeout=TIMEOUT) as client,
    ):
        sign_in(client)
        server.reset_peak_rss()
        bodies: dict[str, bytes] = {}
        for name, path in paths.items():
            bodies[name] = _get(client, path).content
            figures.api[name] = timed(partial(_get, client, path), args.runs)
            log(f"API {name}: {spread(figures.api[name])}, {len(bodies[name]):,} bytes")
        figures.peak_rss_mb = server.peak_rss_mb()
        if args.profile:
            profile(server.pid, client, paths, workdir, args.profile)

    statements = endpoint_statements(url, org, point_id, class_id)
    results: dict[str, list[Any]] = {}
    with dbapi(url) as run:
        for name, statement in zip(
            ("grid", "class", "flags"),
            (statements.grid, statements.class_tracker, statements.flags),
            strict=True,
        ):
            results[name] = run(statement)
            figures.sql[name] = timed(partial(run, statement), args.runs)
            log(f"SQL {name}: {spread(figures.sql[name])}, {len(results[name]):,} rows")
        grants = grants_statements(url)
        figures.sql["grants"] = timed(lambda: [run(s) for s in grants], args.runs)
        log(f"SQL grants look-up ({len(grants)} statements): {spread(figures.sql['grants'])}")
    check_same_numbers({k: json.loads(v) for k, v in bodies.items()}, results)
    if args.breakdown:
        breakdown(url, org, point_id, class_id, args.runs)
    if args.explain:
        explain(url, "grid", statements.grid)
        explain(url, "trust flags", statements.flags)

    with (
        bare_server(workdir, bodies) as bare,
        httpx.Client(base_url=bare.base_url, timeout=TIMEOUT) as client,
    ):
        client.headers["Authorization"] = "Bearer x"  # a header of the same kind, ignored
        for name in bodies:
            path = f"/bare/{name}"
            if _get(client, path).content != bodies[name]:
                raise RuntimeError("the bare app did not return the same bytes")
            figures.http[name] = timed(partial(_get, client, path), args.runs)
            log(f"bare HTTP {name}: {spread(figures.http[name])}")
    return figures


def profile(
    pid: int, client: httpx.Client, paths: dict[str, str], workdir: Path, seconds: int
) -> None:
    """py-spy (raw, idle samples too: wall-clock time) on the server while each endpoint is
    requested in a loop."""
    import subprocess

    spy = Path(sys.executable).with_name("py-spy")
    for name in ("grid", "class", "flags"):
        out = workdir.parent / f"tracking-pyspy-{name}-{pid}.txt"
        recorder = subprocess.Popen(  # noqa: S603
            [str(spy), "record", "-p", str(pid), "-d", str(seconds), "-r", "200", "-f", "raw",
             "--idle", "-o", str(out)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + seconds
        requests = 0
        while time.monotonic() < deadline and recorder.poll() is None:
            _get(client, paths[name])
            requests += 1
        recorder.wait(timeout=60)
        log(f"py-spy {name}: {requests} requests, raw profile in {out}")


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--schools", type=int, default=50, help="schools in the trust (50)")
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL server to create a throw-away database on "
        "(postgresql+psycopg://…); default: a temporary SQLite file",
    )
    parser.add_argument("--runs", type=int, default=21, help="timed runs of each (21, at least 5)")
    parser.add_argument(
        "--explain", action="store_true", help="print the plans of the grid and flags statements"
    )
    parser.add_argument(
        "--breakdown",
        action="store_true",
        help="also time the endpoints' aggregates calls in this process, and their parts",
    )
    parser.add_argument(
        "--profile",
        type=int,
        metavar="SECONDS",
        help="also record the server with py-spy for SECONDS per endpoint (raw files in /tmp)",
    )
    args = parser.parse_args(argv)
    if not 1 <= args.schools <= 999:
        parser.error("--schools must be between 1 and 999")
    if args.runs < 5:
        parser.error("--runs must be at least 5")
    return args


def main() -> None:
    args = parse_args()
    signal.signal(signal.SIGTERM, lambda signum, _frame: sys.exit(128 + signum))
    with (
        tempfile.TemporaryDirectory(prefix="termwise-bench-") as tmp,
        fresh_database(args.database_url, Path(tmp)) as url,
    ):
        migrate(url)
        log("migrated")
        org = create_organisation(url, args.schools)
        rows = generate(url, org)
        counts = org.counts
        log(f"{args.schools} schools: {counts['pupils']:,} pupils, "
            f"{counts['enrolments']:,} enrolments, {counts['results']:,} results")  # fmt: skip
        load(url, rows)
        del rows
        figures = measure(url, Path(tmp), org, args)
    api = {k: median_ms(v) for k, v in figures.api.items()}
    sql = {k: median_ms(v) for k, v in figures.sql.items()}
    http = {k: median_ms(v) for k, v in figures.http.items()}
    # The floor of a read: its bare SQL + bare HTTP with the same bytes + the grants look-up
    # every authenticated request makes first.
    floor = {k: sql[k] + http[k] + sql["grants"] for k in ("grid", "class", "flags")}
    log(f"server peak RSS {figures.peak_rss_mb:.0f} MB; grants look-up {sql['grants']:.2f} ms; "
        f"grid floor = SQL {sql['grid']:.1f} + HTTP {http['grid']:.1f} + grants; flags bare "
        f"HTTP {http['flags']:.1f} ms")  # fmt: skip
    ratio = max(api["grid"] / floor["grid"], api["flags"] / floor["flags"])
    print(
        f"tracking class_tracker_api_ms={api['class']:.1f} class_tracker_sql_ms={sql['class']:.1f}"
        f" class_tracker_floor_ms={floor['class']:.1f}"
        f" class_ratio={api['class'] / floor['class']:.2f}"
    )
    print(
        f"tracking school_grid_api_ms={api['grid']:.1f} school_grid_floor_ms={floor['grid']:.1f} "
        f"trust_flags_api_ms={api['flags']:.1f} trust_flags_floor_ms={floor['flags']:.1f} "
        f"ratio={ratio:.2f}"
    )


if __name__ == "__main__":
    main()
