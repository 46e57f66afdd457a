"""Bench: a pupil progress meeting's pre-filled agenda and an intervention's impact, against the
bare SQL behind each in the same run.

What is measured. The tracking bench's trust (``bench/tracking.py``, with ``--schools`` schools,
default 1: 420 pupils a school, R to Y6, 60 a year group in two classes of 30, results in
reading, writing and maths at six termly points) gets, through the real server
(`termwise serve`) signed in as the trust leader:

- an intervention in maths for six of the first school's Y3 pupils who started it on the same
  step (the step most of the year group was on at this year's autumn point, so there are similar
  pupils to compare with), from early January to the end of June: after the autumn point and
  before the summer one, so its impact runs from autumn to summer
  (``POST /api/v1/schools/{id}/interventions``);
- a pupil progress meeting for the class Y3A (30 pupils) at this year's summer point, held four
  days after it (``POST /api/v1/classes/{id}/meetings``): its agenda comes from the class's flags
  in each core subject, with the pupils' interventions beside them.

Then the medians of --runs sequential requests (after a warm-up) of

- the meeting with its agenda: ``GET /api/v1/meetings/{id}``;
- the intervention's impact with its comparison group: ``GET /api/v1/interventions/{id}/impact``

and, in the same run, each one's floor:

- bare SQL: every statement the endpoint's work runs (``meetings.service.read`` /
  ``interventions.impact.measure``, called in this process with the endpoint's arguments after
  the look-up the endpoint does first, and captured as sent to the driver), run again on a plain
  DB-API connection (psycopg with no server-side prepared statements, as the server's engine;
  sqlite3) and fetched, all of them per run; the median of --runs after a warm-up. The bench
  checks that the in-process agenda and impact are the API's.

``--breakdown`` also times both calls in this process (no HTTP, no authentication) with each of
their statements' bare SQL, and bare HTTP returning the same bytes; ``--profile`` prints where
the in-process time goes (cProfile); ``--explain`` the plan of each one's longest statement.

Last line on stdout: ``meetings agenda_ratio=A impact_ratio=B`` (API over bare SQL), after one
line of figures for each. The goal: each ratio ≤ 1.5.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import signal
import sys
import tempfile
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session

from ingest_harness import bare_server, fresh_database, log, migrate, running_server, url_text
from termwise.assessment.models import Assessment, AssessmentPoint, ScaleStep, Subject
from termwise.db import make_engine, make_sessionmaker
from termwise.interventions import impact
from termwise.interventions.models import Intervention
from termwise.interventions.schemas import ImpactRead
from termwise.meetings import service
from termwise.orgs.models import School, YearGroup
from termwise.pupils.models import Enrolment
from termwise.tenancy import SYSTEM
from tracking import (
    CLASSES,
    PER_YEAR_GROUP,
    TIMEOUT,
    Statement,
    Trustwide,
    capturing,
    create_organisation,
    dbapi,
    explain,
    generate,
    load,
    median_ms,
    session_on,
    sign_in,
    spread,
    timed,
    timing_statements,
)

YEAR_GROUP = "Y3"
CLASS = "A"
SUBJECT = "maths"
IN_GROUP = 6


# --- what the bench sets up --------------------------------------------------------------


def intervention_pupils(url: URL, org: Trustwide) -> list[int]:
    """Six of the first school's Y3 pupils on the year group's most common maths step at this
    year's autumn point (the rest on that step are the similar pupils to compare with)."""
    school = org.school_ids[0]
    autumn = org.points[(org.this_year.starts_on.year, "aut")]
    with session_on(url) as session:
        in_year_group = (
            select(Enrolment.pupil_id)
            .join(YearGroup, YearGroup.id == Enrolment.year_group_id)
            .where(
                Enrolment.school_id == school,
                Enrolment.academic_year_id == org.this_year.id,
                YearGroup.code == YEAR_GROUP,
            )
        )
        rows = session.execute(
            select(Assessment.pupil_id, ScaleStep.code)
            .join(ScaleStep, ScaleStep.id == Assessment.step_id)
            .join(Subject, Subject.id == Assessment.subject_id)
            .where(
                Subject.code == SUBJECT,
                Assessment.point_id == autumn,
                Assessment.pupil_id.in_(in_year_group),
            )
            .order_by(Assessment.pupil_id)
        ).all()
    on_step: dict[str, list[int]] = {}
    for pupil_id, step in rows:
        on_step.setdefault(step, []).append(pupil_id)
    step, pupils = max(on_step.items(), key=lambda item: len(item[1]))
    log(f"{YEAR_GROUP} {SUBJECT} at autumn: {len(pupils)} of {len(rows)} pupils on {step}; "
        f"{min(IN_GROUP, len(pupils))} of them in the intervention")  # fmt: skip
    return pupils[:IN_GROUP]


def point_day(url: URL, point_id: int) -> date:
    with session_on(url) as session:
        day = session.scalar(
            select(AssessmentPoint.assessed_on).where(AssessmentPoint.id == point_id)
        )
    assert day is not None
    return day


def _post(client: httpx.Client, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = client.post(path, json=body)
    if response.status_code != 201:
        raise RuntimeError(f"POST {path}: HTTP {response.status_code}: {response.text[:2000]}")
    created: dict[str, Any] = response.json()
    return created


def _get(client: httpx.Client, path: str) -> httpx.Response:
    response = client.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"GET {path}: HTTP {response.status_code}: {response.text[:2000]}")
    return response


# --- the statements behind the endpoints -------------------------------------------------


Found = tuple[Any, int]  # the meeting or the intervention, and its school's trust
LookUp = Callable[[Session], Found]
Work = Callable[[Session, Found], dict[str, Any]]


def in_process(url: URL, look_up: LookUp, work: Work) -> tuple[list[Statement], dict[str, Any]]:
    """Run ``work`` (after ``look_up``, not captured) in a fresh session of this process; the
    statements ``work`` sent to the driver, and its answer."""
    engine = make_engine(url_text(url))
    try:
        with make_sessionmaker(engine)() as session:
            found = look_up(session)
            with capturing(engine) as seen:
                answer = work(session, found)
    finally:
        engine.dispose()
    return seen, answer


def the_meeting(meeting_id: int) -> LookUp:
    """What ``GET /meetings/{id}`` reads before its work: the meeting with its class (which the
    endpoint's session then holds, as this one does) and its school's trust."""
    return lambda session: service.meeting_for(session, SYSTEM, meeting_id)


def the_intervention(intervention_id: int) -> LookUp:
    """What ``GET /interventions/{id}/impact`` reads before its work (the router's ``_found``):
    the intervention with its school."""

    def look_up(session: Session) -> Found:
        intervention, school = session.execute(
            select(Intervention, School)
            .join(School, School.id == Intervention.school_id)
            .where(Intervention.id == intervention_id)
        ).one()
        return intervention, school.trust_id

    return look_up


def read_meeting(session: Session, found: Found) -> dict[str, Any]:
    """The endpoint's work: ``meetings.service.read``, as JSON."""
    meeting, trust_id = found
    return service.read(session, meeting, trust_id).model_dump(mode="json")


def measure_impact(session: Session, found: Found) -> dict[str, Any]:
    """The endpoint's work: ``interventions.impact.measure``, as JSON."""
    intervention, trust_id = found
    return ImpactRead(**impact.measure(session, intervention, trust_id)).model_dump(mode="json")


# --- where the time goes -----------------------------------------------------------------


def breakdown(
    url: URL,
    name: str,
    look_up: LookUp,
    work: Work,
    runs: int,
    profile: bool,
) -> None:
    """In this process (no HTTP, no authentication): the call as a whole, how many statements
    it runs and their time in the driver's ``execute``, each statement's bare SQL (median of
    ``runs``); with ``profile``, cProfile's top functions."""
    engine = make_engine(url_text(url))
    try:
        with make_sessionmaker(engine)() as session:
            found = look_up(session)
            whole = median_ms(timed(lambda: work(session, found), runs))
            with timing_statements(engine) as spent, capturing(engine) as seen:
                work(session, found)
            log(f"in-process {name}: {whole:.1f} ms; {len(spent)} statements, "
                f"{sum(spent) * 1000:.1f} ms in the driver's execute")  # fmt: skip
            with dbapi(url) as run:
                for statement in seen:
                    bare = median_ms(timed(partial(run, statement), runs))
                    log(f"  bare {bare:6.2f} ms  {' '.join(statement.sql.split())[:120]}")
            if profile:
                profiler = cProfile.Profile()
                profiler.enable()
                for _ in range(runs):
                    work(session, found)
                profiler.disable()
                out = io.StringIO()
                stats = pstats.Stats(profiler, stream=out)
                stats.sort_stats("cumulative").print_stats(30)
                stats.sort_stats("tottime").print_stats(15)
                log(f"cProfile of {runs} {name} calls:\n{out.getvalue()}")
    finally:
        engine.dispose()


def bare_http(workdir: Path, bodies: dict[str, bytes], runs: int) -> None:
    """For scale: a minimal FastAPI app under the same uvicorn set-up answering with the very
    bytes each endpoint returned (``ingest_harness.bare_server``), timed the same way."""
    with (
        bare_server(workdir, bodies) as bare,
        httpx.Client(base_url=bare.base_url, timeout=TIMEOUT) as client,
    ):
        client.headers["Authorization"] = "Bearer x"  # a header of the same kind, ignored
        for name, body in bodies.items():
            path = f"/bare/{name}"
            if _get(client, path).content != body:
                raise RuntimeError("the bare app did not return the same bytes")
            log(f"bare HTTP {name}: {spread(timed(partial(_get, client, path), runs))}")


# --- the run -------------------------------------------------------------------------------


def measure(
    url: URL, workdir: Path, org: Trustwide, args: argparse.Namespace
) -> dict[str, tuple[float, float, int]]:
    school = org.school_ids[0]
    this = org.this_year.starts_on.year
    summer = org.points[(this, "sum")]
    class_id = org.classes[(school, this, YEAR_GROUP, CLASS)]
    pupils = intervention_pupils(url, org)
    held_on = point_day(url, summer) + timedelta(days=4)
    with (
        running_server(url, workdir, {"TERMWISE_ACCESS_TOKEN_MINUTES": "240"}) as server,
        httpx.Client(base_url=server.base_url, timeout=TIMEOUT) as client,
    ):
        sign_in(client)
        intervention = _post(
            client,
            f"/api/v1/schools/{school}/interventions",
            {
                "name": "Bench maths catch-up",
                "wave": "group",
                "subject": SUBJECT,
                "trigger": "attainment",
                "staff_role": "teaching assistant",
                "starts_on": date(this + 1, 1, 5).isoformat(),
                "ends_on": date(this + 1, 6, 30).isoformat(),
                "sessions_per_week": 3,
                "minutes_per_session": 30,
                "cost": 1200.0,
                "pupil_ids": pupils,
            },
        )
        meeting = _post(
            client,
            f"/api/v1/classes/{class_id}/meetings",
            {"kind": "class_teacher", "held_on": held_on.isoformat(), "point_id": summer},
        )
        paths = {
            "agenda": f"/api/v1/meetings/{meeting['id']}",
            "impact": f"/api/v1/interventions/{intervention['id']}/impact",
        }
        bodies: dict[str, Any] = {}
        raw: dict[str, bytes] = {}
        api: dict[str, list[float]] = {}
        for name, path in paths.items():
            response = _get(client, path)
            bodies[name] = response.json()
            raw[name] = response.content
            api[name] = timed(partial(_get, client, path), args.runs)
            log(f"API {name}: {spread(api[name])}, {len(response.content):,} bytes")

    agenda = bodies["agenda"]["agenda"]
    with_interventions = sum(1 for p in agenda if p["interventions"])
    log(f"agenda: {len(agenda)} of the class's {PER_YEAR_GROUP // len(CLASSES)} pupils, "
        f"{with_interventions} with an intervention")  # fmt: skip
    result = bodies["impact"]
    if not result["measurable"]:
        print(f"warning: the impact is not measurable: {result['reason']}", file=sys.stderr)
    elif result["difference"] is None:
        print(f"warning: the impact has no comparison: {result['comparison_note']}",
              file=sys.stderr)  # fmt: skip
    log(f"impact: {result['group_size']} pupils, measurable {result['measurable']}, "
        f"{result['comparison_size']} similar pupils, difference {result['difference']} "
        f"{result['interval']}")  # fmt: skip

    calls: dict[str, tuple[LookUp, Work]] = {
        "agenda": (the_meeting(meeting["id"]), read_meeting),
        "impact": (the_intervention(intervention["id"]), measure_impact),
    }
    statements: dict[str, list[Statement]] = {}
    for name, (look_up, work) in calls.items():
        statements[name], answer = in_process(url, look_up, work)
        same = answer["agenda"] == agenda if name == "agenda" else answer == result
        if not same:
            raise RuntimeError(f"this process's {name} is not the API's")
    log("same answers in this process as from the API")

    figures: dict[str, tuple[float, float, int]] = {}
    with dbapi(url) as run:
        for name, seen in statements.items():

            def all_of_them(seen: list[Statement] = seen) -> None:
                for statement in seen:
                    run(statement)

            sql = timed(all_of_them, args.runs)
            log(f"SQL {name}: {len(seen)} statements: {spread(sql)}")
            figures[name] = (median_ms(api[name]), median_ms(sql), len(seen))

    if args.breakdown or args.profile:
        for name, (look_up, work) in calls.items():
            breakdown(url, name, look_up, work, args.runs, args.profile)
        bare_http(workdir, raw, args.runs)
    if args.explain:
        for name, seen in statements.items():
            explain(url, name, max(seen, key=lambda s: len(s.sql)))
    return figures


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL server to create a throw-away database on "
        "(postgresql+psycopg://…); default: a temporary SQLite file",
    )
    parser.add_argument("--schools", type=int, default=1, help="schools in the trust (1)")
    parser.add_argument("--runs", type=int, default=21, help="timed runs of each (21, at least 5)")
    parser.add_argument(
        "--breakdown",
        action="store_true",
        help="also time the agenda and the impact in this process, with their statements",
    )
    parser.add_argument(
        "--profile", action="store_true", help="also profile both in this process (cProfile)"
    )
    parser.add_argument(
        "--explain",
        action="store_true",
        help="print the plan of the longest statement of each (a flags statement, the gains)",
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
        org = create_organisation(url, args.schools)
        load(url, generate(url, org))
        log(f"{args.schools} school(s): {org.counts['pupils']:,} pupils, "
            f"{org.counts['results']:,} results")  # fmt: skip
        figures = measure(url, Path(tmp), org, args)
    for name, (api_ms, sql_ms, count) in figures.items():
        print(f"{name} api_ms={api_ms:.1f} sql_ms={sql_ms:.1f} statements={count}")
    agenda_ratio = figures["agenda"][0] / figures["agenda"][1]
    impact_ratio = figures["impact"][0] / figures["impact"][1]
    print(f"meetings agenda_ratio={agenda_ratio:.2f} impact_ratio={impact_ratio:.2f}")


if __name__ == "__main__":
    main()
