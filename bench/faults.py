"""Bench: faults, and what is left after them. Each scenario ends with the database checked for
lost and duplicated rows, and a retry that must succeed once the fault is over.

The data: the tracking bench's school (``bench/tracking.py``, one school of 420 pupils) with its
pupils and enrolments but no results, an MIS client for it, and a batch of 10,000 of the
generated results (a real MIS push, one request).

Scenarios:

1. **kill**: the server is killed (SIGKILL, every process) while the 10,000-row push is being
   written; it is started again and the same push is sent again with its Idempotency-Key.
   Nothing of the killed push may be left half-written; the retry writes every row once.
2. **twin**: two identical pushes with one Idempotency-Key at the same instant: the batch is
   applied once; the one that waited is answered from the first (or told the key is in use).
3. **postgres-restart** (with ``--database-url`` on PostgreSQL and ``--restart-command``):
   the database is restarted while pushes and reads run; requests during the restart get 503,
   then the pushes are sent again with their keys and must all succeed, each applied once.
4. **disk-full** (SQLite, Linux, root): the database on a tmpfs sized so that the push cannot
   fit; the push must fail plainly (503, nothing written). The tmpfs is then enlarged and the
   push retried with its key.

Last line on stdout:
``faults scenarios=N lost_rows=0 duplicate_rows=0 failed_after_recovery=0``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import text
from sqlalchemy.engine import URL, make_url

from ingest_harness import Server, fresh_database, log, migrate, running_server, url_text
from load import mis_client
from termwise.db import make_engine
from tracking import Rows, create_organisation, generate, load

PUSH_ROWS = 10_000


@dataclass
class Tally:
    scenarios: int = 0
    lost: int = 0
    duplicated: int = 0
    failed_after_recovery: int = 0

    def check(self, name: str, url: URL, expected: int) -> None:
        found, twice = counts(url)
        self.scenarios += 1
        self.lost += max(0, expected - found)
        self.duplicated += twice + max(0, found - expected)
        log(f"{name}: {found:,} results for {expected:,} expected, {twice} duplicated")


def counts(url: URL) -> tuple[int, int]:
    engine = make_engine(url_text(url))
    try:
        with engine.connect() as db:
            found = db.execute(text("SELECT count(*) FROM assessments")).scalar_one()
            twice = db.execute(
                text(
                    "SELECT count(*) FROM (SELECT pupil_id, subject_id, point_id FROM assessments "
                    "GROUP BY pupil_id, subject_id, point_id HAVING count(*) > 1) AS d"
                )
            ).scalar_one()
    finally:
        engine.dispose()
    return int(found), int(twice)


def reopen_points(url: URL) -> None:
    """Every point open, so the MIS may send results at any of them (10,000 of one school's)."""
    engine = make_engine(url_text(url))
    try:
        with engine.begin() as db:
            db.execute(text("UPDATE assessment_points SET closed_at = NULL, closed_by = NULL"))
    finally:
        engine.dispose()


def clear_results(url: URL) -> None:
    engine = make_engine(url_text(url))
    try:
        with engine.begin() as db:
            db.execute(text("DELETE FROM assessment_history"))
            db.execute(text("DELETE FROM assessments"))
            db.execute(text("DELETE FROM idempotency_records"))
    finally:
        engine.dispose()


def batch(url: URL, rows: Rows, school_id: int) -> list[dict[str, str]]:
    """PUSH_ROWS of the generated results of the school, as its MIS sends them."""
    engine = make_engine(url_text(url))
    try:
        with engine.connect() as db:
            upn = dict(db.execute(text("SELECT id, upn FROM pupils")).all())
            subject = dict(db.execute(text("SELECT id, code FROM subjects")).all())
            point = {
                i: (c, y)
                for i, c, y in db.execute(
                    text(
                        "SELECT ap.id, ap.code, y.code FROM assessment_points ap "
                        "JOIN academic_years y ON y.id = ap.academic_year_id "
                        "WHERE ap.closed_at IS NULL"
                    )
                )
            }
            step = dict(db.execute(text("SELECT id, code FROM scale_steps")).all())
    finally:
        engine.dispose()
    out = []
    for row in rows.assessments:
        # (id, pupil_id, subject_id, point_id, school_id, scale_id, step_id, …)
        if row[4] != school_id or row[3] not in point or row[6] is None:
            continue
        code, year = point[row[3]]
        out.append(
            {
                "upn": upn[row[1]],
                "subject": subject[row[2]],
                "academic_year": year,
                "point": code,
                "result": step[row[6]],
            }
        )
        if len(out) == PUSH_ROWS:
            break
    # The school's 420 pupils have about 7,000 results in the core subjects: their reading
    # steps in science and writing steps in grammar, punctuation and spelling make the push up
    # to PUSH_ROWS.
    core = list(out)
    for source, extra in (("reading", "science"), ("writing", "gps")):
        copies = [r | {"subject": extra} for r in core if r["subject"] == source]
        out += copies[: max(0, PUSH_ROWS - len(out))]
    if len(out) < PUSH_ROWS:
        sys.exit(f"only {len(out)} results at open points to push")
    return out


def token(base: str, client_id: str, secret: str) -> str:
    response = httpx.post(
        f"{base}/api/v1/auth/token",
        timeout=30,
        data={"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret},
    )
    response.raise_for_status()
    return str(response.json()["access_token"])


def push(base: str, bearer: str, school_id: int, body: dict[str, Any], key: str) -> httpx.Response:
    return httpx.post(
        f"{base}/api/v1/schools/{school_id}/assessments/batch",
        json=body,
        headers={"Authorization": f"Bearer {bearer}", "Idempotency-Key": key},
        timeout=httpx.Timeout(300, connect=10),
    )


def kill_everything(server: Server) -> None:
    os.killpg(server.process.pid, signal.SIGKILL)
    server.process.wait(timeout=30)


def retry_until_done(
    base: str, bearer: str, school_id: int, body: dict[str, Any], key: str, seconds: float = 60
) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            response = push(base, bearer, school_id, body, key)
        except httpx.HTTPError:
            time.sleep(0.5)
            continue
        if response.status_code == 200:
            return True
        if response.status_code not in (409, 429, 503):
            log(f"retry answered {response.status_code}: {response.text[:300]}")
            return False
        time.sleep(0.5)
    return False


def scenario_kill(url: URL, workdir: Path, setup: dict[str, Any], tally: Tally) -> None:
    body, key = {"results": setup["batch"]}, f"kill-{uuid.uuid4().hex}"
    clear_results(url)
    with running_server(url, workdir) as server:
        bearer = token(server.base_url, setup["client_id"], setup["secret"])
        # How long the push takes, so that the kill lands in the middle of it.
        started = time.perf_counter()
        push(server.base_url, bearer, setup["school_id"], body, f"timing-{uuid.uuid4().hex}")
        kill_after = (time.perf_counter() - started) * setup["kill_at"]
        log(
            f"kill: the push takes {kill_after / setup['kill_at']:.2f} s; killing at "
            f"{kill_after:.2f} s"
        )
        clear_results(url)
        sending = threading.Thread(
            target=lambda: _swallow(push, server.base_url, bearer, setup["school_id"], body, key)
        )
        sending.start()
        time.sleep(kill_after)
        kill_everything(server)
        sending.join(timeout=60)
    found, _ = counts(url)
    log(f"kill: after SIGKILL {found:,} rows (all or none: {found in (0, PUSH_ROWS)})")
    if found not in (0, PUSH_ROWS):
        tally.lost += PUSH_ROWS - found  # half-written: count what is missing as lost
    with running_server(url, workdir) as server:
        bearer = token(server.base_url, setup["client_id"], setup["secret"])
        if not retry_until_done(server.base_url, bearer, setup["school_id"], body, key):
            tally.failed_after_recovery += 1
    tally.check("kill", url, PUSH_ROWS)


def scenario_twin(url: URL, workdir: Path, setup: dict[str, Any], tally: Tally) -> None:
    body, key = {"results": setup["batch"]}, f"twin-{uuid.uuid4().hex}"
    clear_results(url)
    answers: list[str] = []
    with running_server(url, workdir, workers=2) as server:
        bearer = token(server.base_url, setup["client_id"], setup["secret"])
        start = threading.Barrier(2)

        def send() -> None:
            start.wait()
            answer = push(server.base_url, bearer, setup["school_id"], body, key)
            replayed = answer.headers.get("Idempotent-Replayed") == "true"
            answers.append(f"{answer.status_code}{' replayed' if replayed else ''}")

        twins = [threading.Thread(target=send) for _ in range(2)]
        for t in twins:
            t.start()
        for t in twins:
            t.join(timeout=300)
        log(f"twin: answered {sorted(answers)}")
        if not retry_until_done(server.base_url, bearer, setup["school_id"], body, key):
            tally.failed_after_recovery += 1
    tally.check("twin", url, PUSH_ROWS)


def scenario_postgres_restart(
    url: URL, workdir: Path, setup: dict[str, Any], tally: Tally, restart: str
) -> None:
    clear_results(url)
    slices = [setup["batch"][n : n + 1000] for n in range(0, PUSH_ROWS, 1000)]
    keys = [f"restart-{n}-{uuid.uuid4().hex}" for n in range(len(slices))]
    answers: list[int] = []
    with running_server(url, workdir, workers=2) as server:
        bearer = token(server.base_url, setup["client_id"], setup["secret"])

        def pushes() -> None:
            for part, key in zip(slices, keys, strict=True):
                answers.append(
                    _swallow(
                        push, server.base_url, bearer, setup["school_id"], {"results": part}, key
                    )
                )

        load_thread = threading.Thread(target=pushes)
        load_thread.start()
        time.sleep(0.5)
        log(f"postgres-restart: {restart}")
        subprocess.run(restart, shell=True, check=True)  # noqa: S602  (the operator's command)
        load_thread.join(timeout=300)
        log(f"postgres-restart: answers during the restart {sorted(answers)}")
        for part, key in zip(slices, keys, strict=True):
            if not retry_until_done(
                server.base_url, bearer, setup["school_id"], {"results": part}, key
            ):
                tally.failed_after_recovery += 1
    tally.check("postgres-restart", url, PUSH_ROWS)


def scenario_disk_full(workdir: Path, setup: dict[str, Any], tally: Tally, source: Path) -> None:
    clear_results(make_url(f"sqlite:///{source}"))
    with closing(sqlite3.connect(source)) as db:
        db.execute("VACUUM")  # give back the free pages: the file is then just what it holds
    mount = workdir / "small-disk"
    mount.mkdir()
    size_kb = source.stat().st_size // 1024 + 512  # the database and half a megabyte more
    _mount("mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(mount))
    try:
        database = mount / "full.db"
        shutil.copy(source, database)
        url = make_url(f"sqlite:///{database}")
        body, key = {"results": setup["batch"]}, f"full-{uuid.uuid4().hex}"
        with running_server(url, workdir) as server:
            bearer = token(server.base_url, setup["client_id"], setup["secret"])
            first = push(server.base_url, bearer, setup["school_id"], body, key)
            log(f"disk-full: the push answered {first.status_code} {first.text[:200]}")
            found, _ = counts(url)
            if found not in (0, PUSH_ROWS):
                tally.lost += PUSH_ROWS - found
            _mount("mount", "-o", f"remount,size={size_kb + 20_000}k", str(mount))
            if not retry_until_done(server.base_url, bearer, setup["school_id"], body, key):
                tally.failed_after_recovery += 1
        tally.check("disk-full", url, PUSH_ROWS)
    finally:
        _mount("umount", str(mount))


def _mount(*args: str) -> None:
    # The system's own mount(8), found on PATH, with arguments this bench chose.
    subprocess.run([shutil.which(args[0]) or args[0], *args[1:]], check=False)  # noqa: S603


def _swallow(call: Any, *args: Any) -> int:
    try:
        return int(call(*args).status_code)
    except httpx.HTTPError:
        return 0


@contextmanager
def data(args: argparse.Namespace, workdir: Path) -> Iterator[tuple[URL, dict[str, Any]]]:
    with fresh_database(args.database_url, workdir) as url:
        migrate(url)
        org = create_organisation(url, 1)
        rows = generate(url, org)
        load(url, rows)
        reopen_points(url)
        school_id = org.school_ids[0]
        setup = {"school_id": school_id, "batch": batch(url, rows, school_id)}
        setup["client_id"], setup["secret"] = mis_client(url, "996000")
        setup["kill_at"] = args.kill_at
        yield url, setup


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument(
        "--kill-at",
        type=float,
        default=0.5,
        help="how far into the push the server is killed (0.5: half way)",
    )
    parser.add_argument(
        "--restart-command", default=None, help="a shell command restarting the PostgreSQL server"
    )
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    tally = Tally()
    with tempfile.TemporaryDirectory(prefix="termwise-faults-") as tmp:
        workdir = Path(tmp)
        with data(args, workdir) as (url, setup):
            scenario_kill(url, workdir, setup, tally)
            scenario_twin(url, workdir, setup, tally)
            if url.get_backend_name() == "postgresql" and args.restart_command:
                scenario_postgres_restart(url, workdir, setup, tally, args.restart_command)
            elif url.get_backend_name() == "postgresql":
                log("postgres-restart: not run (no --restart-command)")
            if url.get_backend_name() == "sqlite":
                if os.geteuid() == 0 and shutil.which("mount"):
                    scenario_disk_full(workdir, setup, tally, Path(url.database or ""))
                else:
                    log("disk-full: not run (needs root to mount a small tmpfs)")
    print(
        f"faults scenarios={tally.scenarios} lost_rows={tally.lost} "
        f"duplicate_rows={tally.duplicated} "
        f"failed_after_recovery={tally.failed_after_recovery}"
    )


if __name__ == "__main__":
    main()
