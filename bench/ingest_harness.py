"""What a benchmark needs around the code it measures, none of it specific to ingest: a
throw-away database (a temporary SQLite file, or a fresh PostgreSQL database on the server a URL
names, dropped afterwards), migrated by the real `termwise migrate`, and the real server
(`termwise serve`) in a subprocess on a free port of 127.0.0.1, with its peak memory.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import psycopg
from psycopg import sql
from sqlalchemy.engine import URL, make_url

TERMWISE = Path(sys.executable).with_name("termwise")
MIGRATE_TIMEOUT_S = 600
START_TIMEOUT_S = 60
STOP_TIMEOUT_S = 15


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def url_text(url: URL) -> str:
    return url.render_as_string(hide_password=False)


# --- the database --------------------------------------------------------------------------


@contextmanager
def fresh_database(database_url: str | None, workdir: Path) -> Iterator[URL]:
    """A new, empty database: a SQLite file in ``workdir`` or a PostgreSQL database of its own."""
    if database_url is None:
        yield make_url(f"sqlite:///{workdir / 'bench.db'}")
        return
    url = make_url(database_url)
    if url.get_backend_name() != "postgresql":
        raise SystemExit("--database-url must be a postgresql+psycopg:// URL (or leave it out)")
    name = f"termwise_bench_{secrets.token_hex(4)}"
    _admin(url, sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    log(f"created PostgreSQL database {name}")
    try:
        yield url.set(database=name)
    finally:
        _admin(url, sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        log(f"dropped PostgreSQL database {name}")


def pg_connect(url: URL, **kwargs: object) -> psycopg.Connection:
    return psycopg.connect(
        host=url.host or "127.0.0.1",
        port=url.port or 5432,
        user=url.username,
        password=url.password,
        dbname=url.database,
        connect_timeout=10,
        **kwargs,  # type: ignore[arg-type]
    )


def _admin(url: URL, statement: sql.Composed) -> None:
    """Run one statement in the server's own ``postgres`` database, outside a transaction."""
    with pg_connect(url.set(database="postgres"), autocommit=True) as connection:
        connection.execute("SET statement_timeout = '60s'")
        connection.execute(statement)


def _termwise_env(url: URL, **extra: str) -> dict[str, str]:
    """This environment without any TERMWISE_* setting of the caller's, then ours."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TERMWISE_")}
    return env | {"TERMWISE_DATABASE_URL": url_text(url)} | extra


def migrate(url: URL) -> None:
    done = subprocess.run(  # noqa: S603
        [str(TERMWISE), "migrate"],
        env=_termwise_env(url),
        capture_output=True,
        text=True,
        timeout=MIGRATE_TIMEOUT_S,
    )
    if done.returncode != 0:
        raise RuntimeError(f"termwise migrate failed:\n{done.stdout}{done.stderr}")


# --- the server ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Server:
    process: subprocess.Popen[bytes]
    base_url: str
    log_path: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def peak_rss_mb(self) -> float:
        """VmHWM: the most resident memory the server process has had (since the last reset)."""
        status = Path(f"/proc/{self.pid}/status").read_text()
        line = next(x for x in status.splitlines() if x.startswith("VmHWM:"))
        return int(line.split()[1]) / 1024

    def reset_peak_rss(self) -> bool:
        """Start VmHWM again from the current RSS (Linux: write 5 to clear_refs)."""
        try:
            Path(f"/proc/{self.pid}/clear_refs").write_text("5")
        except OSError as exc:
            log(f"could not reset the server's peak RSS ({exc}); it includes the set-up")
            return False
        return True


def _free_port() -> int:
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def running_server(
    url: URL, workdir: Path, settings: Mapping[str, str] | None = None, workers: int = 1
) -> Iterator[Server]:
    """`termwise serve` (one process, uvicorn in it, or ``workers`` of them) with extra
    TERMWISE_* ``settings``, stopped however the block ends."""
    port = _free_port()
    log_path = workdir / "server.log"
    # A bench pushes as fast as it can: rate limits would measure themselves, not the work.
    unlimited = {"TERMWISE_RATE_LIMIT_PUSHES_PER_MINUTE": "0",
                 "TERMWISE_RATE_LIMIT_REFRESHES_PER_MINUTE": "0",
                 "TERMWISE_RATE_LIMIT_CLIENT_TOKENS_PER_MINUTE": "0"}  # fmt: skip
    env = _termwise_env(url, TERMWISE_SECRET_KEY=secrets.token_urlsafe(36),
                        **(unlimited | dict(settings or {})))  # fmt: skip
    with log_path.open("wb") as server_log:
        process = subprocess.Popen(  # noqa: S603
            [
                str(TERMWISE),
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                str(workers),
            ],
            env=env,
            stdout=server_log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Server(process, f"http://127.0.0.1:{port}", log_path)
    try:
        _wait_until_healthy(server)
        log(f"server pid {server.pid} listening on {server.base_url}")
        yield server
    except BaseException:
        log("server log (last lines):\n" + _tail(log_path))
        raise
    finally:
        _stop(process)


def _wait_until_healthy(server: Server, path: str = "/api/v1/health") -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"the server exited with {server.process.returncode}")
        try:
            response = httpx.get(f"{server.base_url}{path}", timeout=2)
            if response.status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"the server was not healthy within {START_TIMEOUT_S}s")


BARE_APP = """
import sys
from pathlib import Path

import uvicorn
from fastapi import FastAPI, Response

folder = Path(sys.argv[2])
payloads = {p.stem: p.read_bytes() for p in folder.glob("*.json")}
app = FastAPI()


@app.get("/bare/{name}")
def bare(name: str) -> Response:  # a plain def, as Termwise's routes are: same threadpool hop
    return Response(content=payloads[name], media_type="application/json")


uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), workers=1, proxy_headers=True)
"""


@contextmanager
def bare_server(workdir: Path, payloads: Mapping[str, bytes]) -> Iterator[Server]:
    """A minimal FastAPI app under uvicorn (as `termwise serve` runs it: one process, the same
    options) answering ``GET /bare/{name}`` with ``payloads[name]`` as application/json: what
    HTTP costs when the application does nothing."""
    folder = workdir / "bare"
    folder.mkdir(exist_ok=True)
    for name, body in payloads.items():
        (folder / f"{name}.json").write_bytes(body)
    script = workdir / "bare_app.py"
    script.write_text(BARE_APP)
    port = _free_port()
    log_path = workdir / "bare.log"
    with log_path.open("wb") as server_log:
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, str(script), str(port), str(folder)],
            stdout=server_log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Server(process, f"http://127.0.0.1:{port}", log_path)
    try:
        _wait_until_healthy(server, f"/bare/{next(iter(payloads))}")
        log(f"bare app pid {server.pid} listening on {server.base_url}")
        yield server
    except BaseException:
        log("bare app log (last lines):\n" + _tail(log_path))
        raise
    finally:
        _stop(process)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=STOP_TIMEOUT_S)


def _tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"
