"""Bench: reading a raising attainment plan with 20 bound criteria, against computing those 20
measures by their bare SQL in the same run.

What is measured. One school of 420 pupils (R to Y6, 60 a year group, results in reading,
writing and maths at six termly points: the tracking bench's trust, ``bench/tracking.py``, with
``--schools`` schools, default 1) and an active plan for it with 20 criteria bound to the
measures catalogue: % at ARE in each core subject for each of Y1 to Y6 (18), the disadvantaged
gap in reading and the number stuck in maths for the whole school. Then, through the real server
(`termwise serve`) signed in as the trust leader, the median of --runs sequential
``GET /api/v1/plans/{id}`` (after a warm-up); and, in the same run, the floor:

- bare SQL: the statements the catalogue runs to work out those 20 values (captured as sent to
  the driver while the plan is read in this process: one per cohort and subject, since criteria
  of one subject share their pupils' rows), run again on a plain DB-API connection, all of them
  per run; the median of --runs after a warm-up.

Last line on stdout: ``plans criteria=20 api_ms=A sql_ms=B ratio=A/B``. The goal: ratio ≤ 1.5,
and under 300 ms on PostgreSQL.
"""

from __future__ import annotations

import argparse
import signal
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy.engine import URL

from ingest_harness import fresh_database, log, migrate, running_server, url_text
from termwise.db import make_engine, make_sessionmaker
from termwise.orgs.models import School, TermName
from termwise.plans import service
from termwise.plans.models import Criterion, ImplementationPhase, Plan, PlanState, Priority, Theme
from termwise.tenancy import SYSTEM
from termwise.tracking.aggregates import Disclosure
from tracking import (
    TIMEOUT,
    Statement,
    Trustwide,
    capturing,
    create_organisation,
    dbapi,
    generate,
    load,
    median_ms,
    session_on,
    sign_in,
    spread,
    timed,
)

SUBJECTS = ("reading", "writing", "maths")
YEARS = ("Y1", "Y2", "Y3", "Y4", "Y5", "Y6")


def make_plan(url: URL, org: Trustwide) -> int:
    """An active plan for the first school with 20 bound criteria, each a target for the summer."""
    school_id = org.school_ids[0]
    summer = org.points[(org.this_year.starts_on.year, "sum")]
    with session_on(url) as session:
        plan = Plan(school_id=school_id, academic_year_id=org.this_year.id, term=TermName.autumn,
                    title="Bench plan", state=PlanState.active, created_by="bench")  # fmt: skip
        session.add(plan)
        session.flush()
        priority = Priority(plan_id=plan.id, ordinal=1, title="Standards", theme=Theme.standards,
                            phase=ImplementationPhase.deliver)  # fmt: skip
        session.add(priority)
        session.flush()
        bound: list[dict[str, Any]] = [
            {"measure": "pct_at_are", "subject": s, "year_groups": y}
            for s in SUBJECTS
            for y in YEARS
        ]
        bound += [
            {"measure": "gap_percent", "subject": "reading", "year_groups": "",
             "subgroup": "disadvantaged"},
            {"measure": "stuck", "subject": "maths", "year_groups": ""},
        ]  # fmt: skip
        for ordinal, binding in enumerate(bound, start=1):
            session.add(
                Criterion(
                    plan_id=plan.id,
                    priority_id=priority.id,
                    ordinal=ordinal,
                    description=f"Criterion {ordinal}",
                    point_id=summer,
                    baseline=50.0,
                    target=70.0,
                    **binding,
                )
            )
        session.commit()
        return plan.id


def plan_statements(url: URL, plan_id: int) -> tuple[list[Statement], int]:
    """The statements the catalogue runs for the plan's criteria, and how many criteria had a
    value (read in this process as the endpoint reads it)."""
    engine = make_engine(url_text(url))
    try:
        with make_sessionmaker(engine)() as session:
            plan = session.get(Plan, plan_id)
            assert plan is not None
            school = session.get(School, plan.school_id)
            assert school is not None
            everyone = Disclosure(threshold=None, show_pupils=True)
            with capturing(engine) as seen:
                read = service.read_plan(session, SYSTEM, plan, school, everyone)
            valued = sum(1 for c in read.criteria if c.current_value is not None)
    finally:
        engine.dispose()
    # The measures' own statements: the per-pupil rows (the rest look up a row or two).
    return [s for s in seen if "FROM enrolments AS e" in s.sql], valued


def measure(
    url: URL, workdir: Path, org: Trustwide, plan_id: int, runs: int
) -> tuple[float, float]:
    path = f"/api/v1/plans/{plan_id}"
    with (
        running_server(url, workdir, {"TERMWISE_ACCESS_TOKEN_MINUTES": "240"}) as server,
        httpx.Client(base_url=server.base_url, timeout=TIMEOUT) as client,
    ):
        sign_in(client)
        body = client.get(path)
        body.raise_for_status()
        criteria = body.json()["criteria"]
        valued = sum(1 for c in criteria if c["current_value"] is not None)
        api = timed(lambda: client.get(path).raise_for_status(), runs)
        log(f"API plan: {spread(api)}, {len(body.content):,} bytes, {valued} of "
            f"{len(criteria)} criteria valued")  # fmt: skip
    statements, in_process = plan_statements(url, plan_id)
    if in_process != valued:
        raise RuntimeError(f"the API valued {valued} criteria, this process {in_process}")

    with dbapi(url) as run:

        def all_of_them() -> None:
            for statement in statements:
                run(statement)

        sql = timed(all_of_them, runs)
        log(f"SQL: {len(statements)} statements for the 20 measures: {spread(sql)}")
    return median_ms(api), median_ms(sql)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL server to create a throw-away database on "
        "(postgresql+psycopg://…); default: a temporary SQLite file",
    )
    parser.add_argument("--schools", type=int, default=1, help="schools in the trust (1)")
    parser.add_argument("--runs", type=int, default=21, help="timed runs of each (21, at least 5)")
    args = parser.parse_args(argv)
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
        org = create_organisation(url, args.schools)
        load(url, generate(url, org))
        log(f"{args.schools} school(s): {org.counts['pupils']:,} pupils, "
            f"{org.counts['results']:,} results")  # fmt: skip
        plan_id = make_plan(url, org)
        api_ms, sql_ms = measure(url, Path(tmp), org, plan_id, args.runs)
    print(f"plans criteria=20 api_ms={api_ms:.1f} sql_ms={sql_ms:.1f} ratio={api_ms / sql_ms:.2f}")


if __name__ == "__main__":
    main()
