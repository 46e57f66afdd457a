"""Bench: a head teacher's home, against the bare SQL behind it in the same run.

What is measured. The tracking bench's trust (``bench/tracking.py``, with ``--schools`` schools,
default 1: 420 pupils a school, R to Y6, 60 a year group in two classes of 30, results in
reading, writing and maths at six termly points) gets, straight through the ORM:

- a head teacher of the first school (a user with a password and a school-level
  ``head_teacher`` role): a trust leader's home is the trust overview's
  link and near empty, a head teacher's is the school's;
- an active plan for that school with 10 criteria bound to the measures catalogue (% at ARE in
  each core subject for Y2, Y4 and Y6, and the number stuck in maths), each with a baseline of
  50 and a summer target (90%; 5 pupils stuck) so that most are at risk or off track, and three
  actions the head teacher leads (one overdue);

and, through the real server (`termwise serve`) signed in as the head teacher
(``grant_type=password``), a pupil progress meeting for the class Y3A a fortnight from today
(``POST /api/v1/classes/{id}/meetings``), so the home has a next meeting. Then the median of
--runs sequential ``GET /api/v1/me/home`` (after a warm-up): the school's headline % at ARE per
subject and combined with its change since the point before, its pupils stuck or falling behind
and those newly so, the plan's criteria at risk, the next meeting and data collection, the
school's category, and the head teacher's own plan and meeting actions.

And, in the same run, the floor:

- bare SQL: every statement ``home.service.home`` runs, called in this process with the
  principal the server builds for the head teacher (``auth.service.load_principal``, not
  captured: the request runs it before the home's work too) and the server's suppression
  threshold, captured as sent to the driver, and run again in order on a plain DB-API
  connection (psycopg with no server-side prepared statements, as the server's engine; sqlite3)
  and fetched, all of them per run; the median of --runs after a warm-up. The bench checks that
  the in-process home is the API's.

``--breakdown`` also times the call in this process (no HTTP, no authentication) with each of
its statements' bare SQL, the statements run more than once, and bare HTTP returning the same
bytes; ``--profile`` prints where the in-process time goes (cProfile); ``--explain`` the plan of
the longest statement.

Last two lines on stdout: ``home statements=N`` and ``home api_ms=A sql_ms=B ratio=A/B``.
The goal: ratio ≤ 1.5 and under 200 ms on PostgreSQL.
"""

from __future__ import annotations

import argparse
import signal
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session

from ingest_harness import fresh_database, log, migrate, running_server
from meetings import Found, LookUp, _get, _post, bare_http, breakdown, in_process
from termwise import security
from termwise.auth.models import RoleAssignment, User
from termwise.auth.roles import Role
from termwise.auth.service import load_principal
from termwise.config import Settings
from termwise.home import service
from termwise.orgs.models import TermName
from termwise.plans.models import (
    Criterion,
    ImplementationPhase,
    Plan,
    PlanAction,
    PlanState,
    Priority,
    Theme,
)
from tracking import (
    TIMEOUT,
    Statement,
    Trustwide,
    create_organisation,
    dbapi,
    explain,
    generate,
    load,
    median_ms,
    session_on,
    spread,
    timed,
)

HEAD_EMAIL = "head@bench.example"
HEAD_PASSWORD = "bench-head-teacher-2026"  # noqa: S105
SUBJECTS = ("reading", "writing", "maths")
YEARS = ("Y2", "Y4", "Y6")
MEETING_CLASS = ("Y3", "A")
MEETING_IN_DAYS = 14
# The server's own: the bench does not set TERMWISE_SUPPRESSION_THRESHOLD.
THRESHOLD: int = Settings.model_fields["suppression_threshold"].default


# --- what the bench sets up --------------------------------------------------------------


def make_head_teacher(url: URL, school_id: int) -> int:
    """A user with a password and the head teacher's role at ``school_id``."""
    with session_on(url) as session:
        user = User(
            email=HEAD_EMAIL, full_name="Bench Head Teacher",
            password_hash=security.hash_password(HEAD_PASSWORD),
        )  # fmt: skip
        session.add(user)
        session.flush()
        session.add(RoleAssignment(user_id=user.id, role=Role.head_teacher, school_id=school_id))
        session.commit()
        return user.id


def make_plan(url: URL, org: Trustwide, head_id: int) -> int:
    """An active plan for the first school: 10 bound criteria, each a target for the summer,
    and three actions the head teacher leads (the first overdue)."""
    school_id = org.school_ids[0]
    summer = org.points[(org.this_year.starts_on.year, "sum")]
    today = date.today()
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
        bound.append({"measure": "stuck", "subject": "maths", "year_groups": ""})
        for ordinal, binding in enumerate(bound, start=1):
            session.add(
                Criterion(
                    plan_id=plan.id,
                    priority_id=priority.id,
                    ordinal=ordinal,
                    description=f"Criterion {ordinal}",
                    point_id=summer,
                    baseline=50.0,
                    target=90.0 if binding["measure"] == "pct_at_are" else 5.0,
                    **binding,
                )
            )
        for n, due in enumerate((today - timedelta(days=7), today + timedelta(days=30),
                                 today + timedelta(days=90)), start=1):  # fmt: skip
            action = PlanAction(plan_id=plan.id, priority_id=priority.id,
                                description=f"Action {n}", lead_user_id=head_id,
                                due_on=due)  # fmt: skip
            session.add(action)
        session.commit()
        return plan.id


def sign_in_as(client: httpx.Client, email: str, password: str) -> None:
    """As ``tracking.sign_in``, for someone other than the trust leader."""
    response = client.post(
        "/api/v1/auth/token",
        data={"grant_type": "password", "username": email, "password": password},
    )
    response.raise_for_status()
    client.headers["Authorization"] = f"Bearer {response.json()['access_token']}"


# --- the statements behind the endpoint --------------------------------------------------


def the_head_teacher(head_id: int) -> LookUp:
    """What ``GET /me/home`` does before its work: the principal ``authenticate`` builds from
    the token's subject (with the server's suppression threshold beside it)."""

    def look_up(session: Session) -> Found:
        principal = load_principal(session, f"user:{head_id}")
        assert principal is not None
        return principal, THRESHOLD

    return look_up


def read_home(session: Session, found: Found) -> dict[str, Any]:
    """The endpoint's work: ``home.service.home``, as JSON."""
    principal, threshold = found
    return service.home(session, principal, threshold).model_dump(mode="json")


def repeated(statements: list[Statement]) -> None:
    """The SQL texts run more than once, and how many of those runs repeat one before them
    with the same parameters (the same rows read again)."""
    texts = Counter(s.sql for s in statements)
    same = Counter((s.sql, repr(s.parameters)) for s in statements)
    again = len(statements) - len(same)
    log(f"{len(statements)} statements: {len(texts)} distinct SQL texts; {again} repeat an "
        f"earlier one with the same parameters")  # fmt: skip
    for sql, times in texts.most_common():
        if times > 1:
            repeats = sum(n - 1 for (text, _), n in same.items() if text == sql)
            log(f"  {times:3d}x ({repeats} repeats)  {' '.join(sql.split())[:120]}")


# --- the run -------------------------------------------------------------------------------


def measure(
    url: URL, workdir: Path, org: Trustwide, head_id: int, args: argparse.Namespace
) -> tuple[float, float, int]:
    school = org.school_ids[0]
    this = org.this_year.starts_on.year
    class_id = org.classes[(school, this, *MEETING_CLASS)]
    held_on = date.today() + timedelta(days=MEETING_IN_DAYS)
    path = "/api/v1/me/home"
    with (
        running_server(url, workdir, {"TERMWISE_ACCESS_TOKEN_MINUTES": "240"}) as server,
        httpx.Client(base_url=server.base_url, timeout=TIMEOUT) as client,
    ):
        sign_in_as(client, HEAD_EMAIL, HEAD_PASSWORD)
        meeting = _post(
            client,
            f"/api/v1/classes/{class_id}/meetings",
            {"kind": "class_teacher", "held_on": held_on.isoformat()},
        )
        response = _get(client, path)
        body = response.json()
        api = timed(partial(_get, client, path), args.runs)
        log(f"API home: {spread(api)}, {len(response.content):,} bytes")

    if len(body["schools"]) != 1:
        raise RuntimeError(f"the head teacher's home has {len(body['schools'])} schools, not 1")
    home = body["schools"][0]
    if not home["next_meeting"] or home["next_meeting"]["meeting_id"] != meeting["id"]:
        print("warning: the home's next meeting is not the bench's", file=sys.stderr)
    if not home["criteria_at_risk"]:
        print("warning: no criterion of the plan is at risk", file=sys.stderr)
    log(f"home: kind {body['kind']}, point {home['point_name']}, headline "
        f"{[(h['subject'], h['value'], h['change']) for h in home['headline']]}, "
        f"stuck {home['stuck']}, falling behind {home['falling_behind']}, "
        f"{len(home['newly_flagged'] or [])} newly flagged shown, "
        f"{len(home['criteria_at_risk'])} of 10 criteria at risk, next meeting "
        f"{home['next_meeting']}, next collection {home['next_collection']}, mine "
        f"{body['mine']}")  # fmt: skip

    look_up = the_head_teacher(head_id)
    statements, answer = in_process(url, look_up, read_home)
    if answer != body:
        raise RuntimeError("this process's home is not the API's")
    log("same home in this process as from the API")

    with dbapi(url) as run:

        def all_of_them() -> None:
            for statement in statements:
                run(statement)

        sql = timed(all_of_them, args.runs)
        log(f"SQL home: {len(statements)} statements: {spread(sql)}")

    if args.breakdown or args.profile:
        repeated(statements)
        breakdown(url, "home", look_up, read_home, args.runs, args.profile)
        bare_http(workdir, {"home": response.content}, args.runs)
    if args.explain:
        explain(url, "home", max(statements, key=lambda s: len(s.sql)))
    return median_ms(api), median_ms(sql), len(statements)


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
        help="also time the home in this process, with its statements",
    )
    parser.add_argument(
        "--profile", action="store_true", help="also profile the home in this process (cProfile)"
    )
    parser.add_argument(
        "--explain", action="store_true", help="print the plan of its longest statement"
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
        head_id = make_head_teacher(url, org.school_ids[0])
        make_plan(url, org, head_id)
        api_ms, sql_ms, count = measure(url, Path(tmp), org, head_id, args)
    print(f"home statements={count}")
    print(f"home api_ms={api_ms:.1f} sql_ms={sql_ms:.1f} ratio={api_ms / sql_ms:.2f}")


if __name__ == "__main__":
    main()
