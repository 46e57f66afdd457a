"""Bench: how close the MIS push API comes to the database's own bulk load.

What is measured. N assessment results (pupils x 5 subjects x 6 points) are pushed to the real
server (`termwise serve`, one process) through ``POST /api/v1/schools/{id}/assessments/batch``
in sequential requests of --batch rows on one HTTP connection. The clock runs end-to-end, from
before the first body is JSON-encoded on the client to after the last response is decoded and
its ``created`` count checked: that is ``api_rows_per_s``. Then, in the same run and the same
schema (after deleting the rows the API wrote; on PostgreSQL followed by VACUUM), the same rows,
already resolved to ids, are loaded by the database's fastest path in one transaction:
PostgreSQL ``COPY`` into a temporary table and one ``INSERT … SELECT … ON CONFLICT DO UPDATE``;
SQLite one ``executemany`` of ``INSERT … ON CONFLICT DO UPDATE``. That is ``raw_rows_per_s``.
Before the push the database is ANALYZEd, as autovacuum would have done for a school already in
Termwise; ``--first-sync`` leaves that out (see bench/README.md).

Why. The raw load is the ceiling: the API has to do the same write, plus parse and validate
JSON, resolve UPNs, subjects, points and step codes, keep history, audit and summarise what is
missing. ``ratio`` says what share of the database's speed the API keeps. The server's peak RSS
(VmHWM, reset after the pupils are pushed) shows what one batch costs in memory.

Last line on stdout:
``ingest rows=N api_rows_per_s=A raw_rows_per_s=B ratio=R peak_rss_mb=M``
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
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select, text
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session

from ingest_harness import fresh_database, log, migrate, pg_connect, running_server
from termwise import security
from termwise.assessment.models import AssessmentPoint
from termwise.audit.recorder import act_as
from termwise.auth.models import ApiClient
from termwise.auth.roles import CLIENT_KIND_PERMISSIONS, ClientKind
from termwise.db import make_engine, make_sessionmaker
from termwise.orgs.models import AcademicYear, Phase, School, Trust
from termwise.pupils.upn import make_upn
from termwise.tenancy import SYSTEM

YEAR = "2026/27"
SUBJECTS = ("reading", "writing", "maths", "science", "gps")
POINTS = ("aut1", "aut2", "spr1", "spr2", "sum1", "sum2")
YEAR_GROUPS = ("R", "Y1", "Y2", "Y3", "Y4", "Y5", "Y6")
LAESTAB = "9995101"  # UPNs are this + a 5-digit serial, so up to 99,999 pupils
PUPIL_CHUNK = 10_000
CLIENT_ID = "bench-mis"
CLIENT_NAME = "Bench MIS"
TIMEOUT = httpx.Timeout(connect=10, read=600, write=120, pool=10)

Row = dict[str, str]


@dataclass(frozen=True)
class BenchSchool:
    id: int
    client_secret: str


@dataclass(frozen=True)
class Api:
    school_id: int
    seconds: float
    peak_rss_mb: float


# --- the data ------------------------------------------------------------------------------


def pupil_count(rows: int) -> int:
    return math.ceil(rows / (len(SUBJECTS) * len(POINTS)))


def upn(n: int) -> str:
    return make_upn(f"{LAESTAB}{n:05d}")


def year_group(n: int) -> str:
    return YEAR_GROUPS[n % len(YEAR_GROUPS)]


def birthday(n: int) -> date:
    """Old enough for the pupil's year group in 2026/27."""
    return date(2021 - YEAR_GROUPS.index(year_group(n)), 1 + n % 12, 1 + n % 28)


def pupils(count: int) -> list[dict[str, Any]]:
    return [
        {
            "upn": upn(n),
            "mis_id": f"B{n:06d}",
            "legal_first_name": f"Pupil{n}",
            "legal_last_name": "Benchley",
            "date_of_birth": birthday(n).isoformat(),
            "gender": "FMX"[n % 3],
            "year_group": year_group(n),
        }
        for n in range(count)
    ]  # fmt: skip


def results(rows: int) -> list[Row]:
    """Point by point, then pupil by pupil, all subjects together: how an MIS sends a term."""
    rng = random.Random(2026)
    count = pupil_count(rows)
    out: list[Row] = []
    for point in POINTS:
        for n in range(count):
            for subject in SUBJECTS:
                value = _result_value(rng, subject, year_group(n))
                out.append(
                    {"upn": upn(n), "subject": subject, "academic_year": YEAR, "point": point,
                     "result": value}
                )  # fmt: skip
                if len(out) == rows:
                    return out
    return out


def _result_value(rng: random.Random, subject: str, group: str) -> str:
    """A mix of what schools record: year steps, teacher assessment, scaled scores, absences."""
    if rng.random() < 0.02:
        return "absent"
    if subject == "gps":
        return str(rng.randint(80, 120))
    if subject == "science":
        return rng.choice(("WTS", "EXS", "GDS"))
    return group + rng.choice("EDSM")


# --- setting up the school -----------------------------------------------------------------


@contextmanager
def session_on(url: URL) -> Iterator[Session]:
    engine = make_engine(url.render_as_string(hide_password=False))
    try:
        with make_sessionmaker(engine)() as session:
            act_as(session, SYSTEM)
            yield session
    finally:
        engine.dispose()


def create_school(url: URL) -> BenchSchool:
    """A trust, a school, an MIS client for it and the trust's six assessment points."""
    secret = security.new_secret()
    with session_on(url) as session:
        trust = Trust(name="Bench Learning Trust", reference="99009999")
        session.add(trust)
        session.flush()
        school = School(
            trust_id=trust.id, urn="995101", laestab=LAESTAB, name="Bench Primary School",
            phase=Phase.primary,
        )  # fmt: skip
        session.add(school)
        session.flush()
        session.add(
            ApiClient(
                client_id=CLIENT_ID, name=CLIENT_NAME, kind=ClientKind.mis,
                secret_digest=security.secret_digest(secret), trust_id=trust.id,
                school_id=school.id,
                scopes=" ".join(sorted(p.value for p in CLIENT_KIND_PERMISSIONS[ClientKind.mis])),
            )
        )  # fmt: skip
        _add_points(session, trust.id)
        session.commit()
        return BenchSchool(school.id, secret)


def _add_points(session: Session, trust_id: int) -> None:
    year = session.scalars(select(AcademicYear).where(AcademicYear.code == YEAR)).one()
    for ordinal, code in enumerate(POINTS, start=1):
        session.add(
            AssessmentPoint(
                trust_id=trust_id, academic_year_id=year.id, code=code,
                name=code.title(), slot=code[:3], ordinal=ordinal,
                assessed_on=date(2026 + (ordinal > 2), (10, 12, 2, 3, 5, 7)[ordinal - 1], 15),
            )
        )  # fmt: skip


def sign_in(client: httpx.Client, secret: str) -> None:
    response = client.post(
        "/api/v1/auth/token",
        data={"grant_type": "client_credentials", "client_id": CLIENT_ID, "client_secret": secret},
    )
    response.raise_for_status()
    client.headers["Authorization"] = f"Bearer {response.json()['access_token']}"


def push_pupils(client: httpx.Client, school_id: int, bodies: list[dict[str, Any]]) -> None:
    for start in range(0, len(bodies), PUPIL_CHUNK):
        chunk = bodies[start : start + PUPIL_CHUNK]
        response = client.post(
            f"/api/v1/schools/{school_id}/pupils/batch",
            json={"academic_year": YEAR, "pupils": chunk},
        )
        _expect_created(response, len(chunk))
    log(f"pushed {len(bodies):,} pupils")


def _expect_created(response: httpx.Response, count: int) -> None:
    if response.status_code != 200:
        raise RuntimeError(f"HTTP {response.status_code}: {response.text[:2000]}")
    created = response.json()["created"]
    if created != count:
        raise RuntimeError(f"expected {count} created, the server said {created}")


# --- the API -------------------------------------------------------------------------------


def push_results(client: httpx.Client, school_id: int, rows: list[Row], batch: int) -> float:
    """Seconds to push every row, end to end: encoding, HTTP, the server, decoding, checking."""
    path = f"/api/v1/schools/{school_id}/assessments/batch"
    headers = {"Content-Type": "application/json"}
    took: list[float] = []
    encoding = 0.0
    started = time.perf_counter()
    for start in range(0, len(rows), batch):
        part = rows[start : start + batch]
        sent = time.perf_counter()
        content = json.dumps({"results": part}, separators=(",", ":")).encode()
        encoding += time.perf_counter() - sent
        _expect_created(client.post(path, content=content, headers=headers), len(part))
        took.append(time.perf_counter() - sent)
        if len(took) % 10 == 0:
            log(f"  {start + len(part):,} rows pushed")
    seconds = time.perf_counter() - started
    log(
        f"API: {len(rows):,} rows in {seconds:.2f}s, {len(took)} requests, "
        f"median {statistics.median(took) * 1000:.0f} ms, max {max(took) * 1000:.0f} ms "
        f"(of which client JSON encoding {encoding:.2f}s in all)"
    )
    return seconds


# --- the database's own path ---------------------------------------------------------------

Resolved = tuple[int, int, int, int | None, int | None, float | None, str | None]

_VALUES = "pupil_id, subject_id, point_id, scale_id, step_id, score, non_result"
_SET = """
    scale_id = excluded.scale_id, step_id = excluded.step_id, score = excluded.score,
    non_result = excluded.non_result, school_id = excluded.school_id, source = excluded.source,
    recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at,
    version = assessments.version + 1
WHERE assessments.scale_id IS DISTINCT FROM excluded.scale_id
   OR assessments.step_id IS DISTINCT FROM excluded.step_id
   OR assessments.score IS DISTINCT FROM excluded.score
   OR assessments.non_result IS DISTINCT FROM excluded.non_result
"""
PG_TEMP = """
CREATE TEMPORARY TABLE incoming (
    pupil_id integer NOT NULL, subject_id integer NOT NULL, point_id integer NOT NULL,
    scale_id integer, step_id integer, score double precision, non_result varchar(12)
) ON COMMIT DROP
"""
PG_UPSERT = f"""
INSERT INTO assessments ({_VALUES}, school_id, source, recorded_by, recorded_at, version)
SELECT {_VALUES}, %(school)s, 'mis', %(by)s, %(at)s, 1 FROM incoming
ON CONFLICT (pupil_id, subject_id, point_id) DO UPDATE SET {_SET}
"""  # noqa: S608  (constant text, no values)
SQLITE_UPSERT = f"""
INSERT INTO assessments ({_VALUES}, school_id, source, recorded_by, recorded_at, version)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'mis', ?, ?, 1)
ON CONFLICT (pupil_id, subject_id, point_id) DO UPDATE SET {_SET.replace("DISTINCT FROM", "NOT")}
"""  # noqa: S608  (IS NOT: SQLite's null-safe comparison, in every version)


def _pairs(session: Session, query: str) -> dict[str, int]:
    return {key: value for key, value in session.execute(text(query)).all()}


def resolve(url: URL, rows: list[Row]) -> list[Resolved]:
    """The rows as ids, the way the service ends up with them (outside the timing)."""
    with session_on(url) as session:
        pupils_ = _pairs(session, "SELECT upn, id FROM pupils")
        subjects = _pairs(session, "SELECT code, id FROM subjects")
        points = _pairs(session, "SELECT code, id FROM assessment_points")
        score_scale = session.scalar(text("SELECT id FROM scales WHERE code = 'ks2_scaled'"))
        steps = {
            code.casefold(): (scale_id, step_id)
            for code, scale_id, step_id in session.execute(
                text(
                    "SELECT s.code, s.scale_id, s.id FROM scale_steps s JOIN scales c"
                    " ON c.id = s.scale_id WHERE c.code IN ('ks_ta', 'year_steps')"
                )
            ).all()
        }

    def one(row: Row) -> Resolved:
        key = (pupils_[row["upn"]], subjects[row["subject"]], points[row["point"]])
        value = row["result"]
        if value == "absent":
            return (*key, None, None, None, "absent")
        if value.isdigit():
            return (*key, score_scale, None, float(value), None)
        return (*key, *steps[value.casefold()], None, None)

    return [one(row) for row in rows]


def analyze(url: URL) -> None:
    """Bring the planner's statistics up to date, as autovacuum does before long."""
    if url.get_backend_name() == "postgresql":
        with pg_connect(url, autocommit=True) as connection:
            connection.execute("ANALYZE")
    else:
        with closing(sqlite3.connect(url.database or "", timeout=30)) as connection:
            connection.execute("ANALYZE")
    log("analysed the database")


def clear_assessments(url: URL) -> None:
    """Empty the table the API filled, so the raw load starts where the API started."""
    with session_on(url) as session:
        session.execute(text("DELETE FROM assessment_history"))
        session.execute(text("DELETE FROM assessments"))
        session.commit()
    if url.get_backend_name() == "postgresql":
        with pg_connect(url, autocommit=True) as connection:
            connection.execute("VACUUM ANALYZE assessments")


def load_raw(url: URL, school_id: int, rows: list[Resolved]) -> float:
    """Seconds for the database's fastest path to write the resolved rows, in one transaction."""
    now = datetime.now(UTC)
    if url.get_backend_name() == "postgresql":
        return _load_postgres(url, school_id, rows, now)
    return _load_sqlite(Path(url.database or ""), school_id, rows, now)


def _load_postgres(url: URL, school_id: int, rows: list[Resolved], now: datetime) -> float:
    with pg_connect(url) as connection:
        started = time.perf_counter()
        with connection.transaction(), connection.cursor() as cursor:
            cursor.execute(PG_TEMP)
            with cursor.copy(f"COPY incoming ({_VALUES}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            copied = time.perf_counter()
            cursor.execute(PG_UPSERT, {"school": school_id, "by": CLIENT_NAME, "at": now})
            written = cursor.rowcount
            upserted = time.perf_counter()
        seconds = time.perf_counter() - started
    log(f"raw: COPY {copied - started:.2f}s, INSERT … ON CONFLICT {upserted - copied:.2f}s, "
        f"COMMIT {started + seconds - upserted:.2f}s")  # fmt: skip
    _expect_written(written, len(rows))
    return seconds


def _load_sqlite(path: Path, school_id: int, rows: list[Resolved], now: datetime) -> float:
    # SQLAlchemy's SQLite DateTime text form, so the rows read back as the API's do.
    at = now.strftime("%Y-%m-%d %H:%M:%S.%f")
    params = [(*row, school_id, CLIENT_NAME, at) for row in rows]
    with closing(sqlite3.connect(path, isolation_level=None, timeout=30)) as connection:
        connection.execute("PRAGMA foreign_keys = ON")  # as the server has it
        started = time.perf_counter()
        connection.execute("BEGIN")
        cursor = connection.executemany(SQLITE_UPSERT, params)
        written = cursor.rowcount
        connection.execute("COMMIT")
        seconds = time.perf_counter() - started
    _expect_written(written, len(rows))
    return seconds


def _expect_written(written: int, count: int) -> None:
    if written != count:
        raise RuntimeError(f"the raw load wrote {written} rows, not {count}")


# --- the run -------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=300_000, help="results to push (300,000)")
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL server to create a throw-away database on "
        "(postgresql+psycopg://…); default: a temporary SQLite file",
    )
    parser.add_argument("--batch", type=int, default=5000, help="rows per request (5000)")
    parser.add_argument(
        "--first-sync",
        action="store_true",
        help="push the results straight after the pupils, before the database has statistics "
        "on them (a new school's first sync); by default the database is ANALYZEd first",
    )
    args = parser.parse_args(argv)
    if not 0 < args.rows <= 99_999 * len(SUBJECTS) * len(POINTS):
        parser.error("--rows must be between 1 and 2,999,970")
    if not 0 < args.batch <= 20_000:
        parser.error("--batch must be between 1 and 20,000 (the API's limit)")
    return args


def run_api(url: URL, workdir: Path, rows: list[Row], args: argparse.Namespace) -> Api:
    """Set up the school, serve and push the rows."""
    school = create_school(url)
    # Tokens last long enough for a slow run; signing in again mid-run would be noise.
    with (
        running_server(url, workdir, {"TERMWISE_ACCESS_TOKEN_MINUTES": "240"}) as server,
        httpx.Client(base_url=server.base_url, timeout=TIMEOUT) as client,
    ):
        sign_in(client, school.client_secret)
        push_pupils(client, school.id, pupils(pupil_count(len(rows))))
        if not args.first_sync:
            analyze(url)
        server.reset_peak_rss()
        seconds = push_results(client, school.id, rows, args.batch)
        return Api(school.id, seconds, server.peak_rss_mb())


def _exit_on_sigterm() -> None:
    """Let `kill` or `timeout` end a run through the finally blocks, so nothing is left over."""
    signal.signal(signal.SIGTERM, lambda signum, _frame: sys.exit(128 + signum))


def main() -> None:
    args = parse_args()
    _exit_on_sigterm()
    rows = results(args.rows)
    log(f"{len(rows):,} rows: {pupil_count(len(rows)):,} pupils x {len(SUBJECTS)} subjects "
        f"x {len(POINTS)} points, {args.batch} rows a request")  # fmt: skip
    with (
        tempfile.TemporaryDirectory(prefix="termwise-bench-") as tmp,
        fresh_database(args.database_url, Path(tmp)) as url,
    ):
        migrate(url)
        log("migrated")
        api = run_api(url, Path(tmp), rows, args)
        resolved = resolve(url, rows)
        clear_assessments(url)
        raw_seconds = load_raw(url, api.school_id, resolved)
        log(f"raw: {len(rows):,} rows in {raw_seconds:.2f}s")
    api_rate, raw_rate = len(rows) / api.seconds, len(rows) / raw_seconds
    print(
        f"ingest rows={len(rows)} api_rows_per_s={api_rate:.0f} raw_rows_per_s={raw_rate:.0f} "
        f"ratio={api_rate / raw_rate:.2f} peak_rss_mb={api.peak_rss_mb:.0f}"
    )


if __name__ == "__main__":
    main()
