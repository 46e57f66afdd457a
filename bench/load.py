"""Bench: mixed traffic as a trust makes it, against a bare FastAPI app serving the same bytes.

What is measured. The tracking bench's trust (``bench/tracking.py``: --schools schools of 420
pupils with results at six points) gets an active plan (the home bench's, ten bound criteria)
and an MIS client for its first school. Then --connections concurrent clients send, for
--seconds, requests in the proportions below, through the real server (`termwise serve
--workers N`):

- 25% a school's tracker grid, 15% its flag list (a random school and core subject),
- 25% a pupil's page (a random pupil of the first school), 15% the plan,
- 10% an MIS push of 50-500 of the first school's results, as its MIS re-sends them,
- 10% a plan edit: read the plan, change its title with the ETag read (If-Match).

Two clients editing the plan at once is a real race: the loser's 412 is the right answer and
is counted as a conflict, not an error. Anything else not 200 is an error.

The floor, in the same run: a bare FastAPI app under the same uvicorn (one process), answering
every request of the same mix (same method, same request body read, same response bytes, as
captured from the real server) without any work; the same connections and seconds.

Last line on stdout:
``load rps=R p50_ms=A p95_ms=B p99_ms=C errors=E bare_rps=B ratio=R/B``.
The goal on PostgreSQL: errors = 0, p95 < 150 ms, ratio >= 0.5 with --workers 2.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import text
from sqlalchemy.engine import URL

from home import make_head_teacher, make_plan
from ingest_harness import (
    Server,
    _free_port,
    _stop,
    _termwise_env,
    _wait_until_healthy,
    fresh_database,
    log,
    migrate,
    running_server,
    url_text,
)
from termwise.db import make_engine
from tracking import (
    LEADER_EMAIL,
    LEADER_PASSWORD,
    Trustwide,
    create_organisation,
    generate,
    load,
)

MIX = (("grid", 25), ("flags", 15), ("pupil", 25), ("plan", 15), ("push", 10), ("edit", 10))
SUBJECTS = ("reading", "writing", "maths")
TERMWISE = Path(sys.executable).parent / "termwise"

BARE_APP = """
import sys
from pathlib import Path

import uvicorn
from fastapi import FastAPI, Request, Response

folder = Path(sys.argv[2])
payloads = {p.stem: p.read_bytes() for p in folder.glob("*.json")}
app = FastAPI()


@app.api_route("/bare/{name}", methods=["GET", "POST", "PATCH"])
async def bare(name: str, request: Request) -> Response:
    await request.body()  # read what was sent, as the API must
    return Response(content=payloads[name], media_type="application/json")


uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), workers=1, log_level="warning")
"""


@dataclass
class Setup:
    base: str
    leader: str
    mis: str
    school_ids: list[int]
    first_school: int
    pupils: list[int]
    plan_id: int
    results: list[dict[str, str]]


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)
    errors: int = 0
    conflicts: int = 0
    samples: dict[str, str] = field(default_factory=dict)


def mis_client(url: URL, urn: str) -> tuple[str, str]:
    env = _termwise_env(url, TERMWISE_SECRET_KEY="x" * 40)
    done = subprocess.run(  # noqa: S603
        [str(TERMWISE), "clients", "create", "--school", urn, "--kind", "mis"],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    found = dict(re.findall(r"(client_id|client_secret):\s+(\S+)", done.stdout))
    return found["client_id"], found["client_secret"]


def school_results(url: URL, school_id: int) -> tuple[list[int], list[dict[str, str]]]:
    """The school's pupils, and its results at open points as its MIS would send them again."""
    engine = make_engine(url_text(url))
    try:
        with engine.connect() as db:
            pupils = [r[0] for r in db.execute(
                text("SELECT DISTINCT pupil_id FROM enrolments WHERE school_id = :s"),
                {"s": school_id})]  # fmt: skip
            rows = db.execute(text(
                "SELECT p.upn, s.code, y.code, ap.code, st.code "
                "FROM assessments a JOIN pupils p ON p.id = a.pupil_id "
                "JOIN subjects s ON s.id = a.subject_id "
                "JOIN assessment_points ap ON ap.id = a.point_id "
                "JOIN academic_years y ON y.id = ap.academic_year_id "
                "JOIN scale_steps st ON st.id = a.step_id "
                "WHERE a.school_id = :s AND ap.closed_at IS NULL"),
                {"s": school_id}).all()  # fmt: skip
    finally:
        engine.dispose()
    results = [{"upn": u, "subject": s, "academic_year": y, "point": p, "result": r}
               for u, s, y, p, r in rows]  # fmt: skip
    return pupils, results


def token(base: str, data: dict[str, str]) -> str:
    response = httpx.post(f"{base}/api/v1/auth/token", data=data, timeout=30)
    response.raise_for_status()
    return str(response.json()["access_token"])


def request_for(kind: str, setup: Setup, rng: random.Random) -> tuple[str, str, Any, str]:
    """(method, path, JSON body or None, which token) of one request of the mix."""
    school, subject = rng.choice(setup.school_ids), rng.choice(SUBJECTS)
    if kind == "grid":
        return "GET", f"/api/v1/schools/{school}/tracking/grid?subject={subject}", None, "leader"
    if kind == "flags":
        return "GET", f"/api/v1/schools/{school}/tracking/flags?subject={subject}", None, "leader"
    if kind == "pupil":
        return "GET", f"/api/v1/pupils/{rng.choice(setup.pupils)}", None, "leader"
    if kind == "plan":
        return "GET", f"/api/v1/plans/{setup.plan_id}", None, "leader"
    if kind == "push":
        size = rng.randint(50, 500)
        start = rng.randrange(max(1, len(setup.results) - size))
        body = {"results": setup.results[start : start + size]}
        return "POST", f"/api/v1/schools/{setup.first_school}/assessments/batch", body, "mis"
    return (
        "PATCH",
        f"/api/v1/plans/{setup.plan_id}",
        {"title": f"Plan {rng.randint(1, 9999)}"},
        "leader",
    )


async def client_loop(
    base: str, setup: Setup, tally: Tally, until: float, seed: int, bare: bool
) -> None:
    rng = random.Random(seed)
    kinds = [k for k, weight in MIX for _ in range(weight)]
    headers = {"leader": {"Authorization": f"Bearer {setup.leader}"},
               "mis": {"Authorization": f"Bearer {setup.mis}"}}  # fmt: skip
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        while time.perf_counter() < until:
            kind = rng.choice(kinds)
            method, path, body, who = request_for(kind, setup, rng)
            sent = dict(headers[who])
            if kind == "edit":
                # Read for the ETag, then change: two requests of the mix.
                read_path = "/bare/plan" if bare else path
                started = time.perf_counter()
                read = await client.get(read_path, headers=sent)
                tally.latencies.append(time.perf_counter() - started)
                sent["If-Match"] = read.headers.get("ETag", '"0"')
            target = f"/bare/{kind}" if bare else path
            started = time.perf_counter()
            response = await client.request(method, target, json=body, headers=sent)
            tally.latencies.append(time.perf_counter() - started)
            tally.statuses[f"{kind} {response.status_code}"] += 1
            if response.status_code == 200:
                tally.samples.setdefault(kind, response.text)
            elif kind == "edit" and response.status_code == 412 and not bare:
                tally.conflicts += 1
            else:
                tally.errors += 1
                if tally.errors <= 5:
                    log(f"error: {method} {path}: {response.status_code} {response.text[:300]}")


def run_mix(base: str, setup: Setup, connections: int, seconds: float, bare: bool) -> Tally:
    tally = Tally()
    until = time.perf_counter() + seconds

    async def everyone() -> None:
        await asyncio.gather(*(client_loop(base, setup, tally, until, n, bare)
                               for n in range(connections)))  # fmt: skip

    started = time.perf_counter()
    asyncio.run(everyone())
    tally.statuses["elapsed"] = int((time.perf_counter() - started) * 1000)
    return tally


@contextmanager
def bare_app(workdir: Path, samples: dict[str, str]) -> Iterator[Server]:
    folder = workdir / "bare-load"
    folder.mkdir(exist_ok=True)
    for name, body in samples.items():
        (folder / f"{name}.json").write_text(body)
    script = workdir / "bare_load_app.py"
    script.write_text(BARE_APP)
    port = _free_port()
    log_path = workdir / "bare-load.log"
    with log_path.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, str(script), str(port), str(folder)],
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    server = Server(process, f"http://127.0.0.1:{port}", log_path)
    try:
        _wait_until_healthy(server, "/bare/plan")
        yield server
    finally:
        _stop(process)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--schools", type=int, default=3)
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    with (
        tempfile.TemporaryDirectory(prefix="termwise-load-") as tmp,
        fresh_database(args.database_url, Path(tmp)) as url,
    ):
        migrate(url)
        org: Trustwide = create_organisation(url, args.schools)
        load(url, generate(url, org))
        head = make_head_teacher(url, org.school_ids[0])
        plan_id = make_plan(url, org, head)
        client_id, secret = mis_client(url, "996000")
        pupils, results = school_results(url, org.school_ids[0])
        log(f"{args.schools} schools; first school: {len(pupils)} pupils, "
            f"{len(results):,} results at open points")  # fmt: skip
        with running_server(url, Path(tmp), workers=args.workers) as server:
            setup = Setup(
                base=server.base_url,
                leader=token(server.base_url, {"grant_type": "password",
                                               "username": LEADER_EMAIL,
                                               "password": LEADER_PASSWORD}),
                mis=token(server.base_url, {"grant_type": "client_credentials",
                                            "client_id": client_id, "client_secret": secret}),
                school_ids=org.school_ids, first_school=org.school_ids[0], pupils=pupils,
                plan_id=plan_id, results=results,
            )  # fmt: skip
            warm = run_mix(server.base_url, setup, args.connections, 5, bare=False)
            tally = run_mix(server.base_url, setup, args.connections, args.seconds, bare=False)
        samples = warm.samples | tally.samples
        with bare_app(Path(tmp), samples) as bare:
            run_mix(bare.base_url, setup, args.connections, 3, bare=True)
            floor = run_mix(bare.base_url, setup, args.connections, args.seconds, bare=True)
    seconds = tally.statuses.pop("elapsed") / 1000
    bare_seconds = floor.statuses.pop("elapsed") / 1000
    rps = len(tally.latencies) / seconds
    bare_rps = len(floor.latencies) / bare_seconds
    log("answers: " + json.dumps(dict(sorted(tally.statuses.items()))))
    log(f"conflicts (412 on racing plan edits, the right answer): {tally.conflicts}")
    log(f"bare: p50 {percentile(floor.latencies, 0.5):.1f} ms, "
        f"p95 {percentile(floor.latencies, 0.95):.1f} ms, errors {floor.errors}")  # fmt: skip
    print(
        f"load rps={rps:.1f} p50_ms={percentile(tally.latencies, 0.5):.1f} "
        f"p95_ms={percentile(tally.latencies, 0.95):.1f} "
        f"p99_ms={percentile(tally.latencies, 0.99):.1f} errors={tally.errors} "
        f"bare_rps={bare_rps:.1f} ratio={rps / bare_rps:.2f}"
    )


if __name__ == "__main__":
    main()
