"""The external contract run (`make contract`): schemathesis's command line against a real demo
server, every check, as a trust leader and as a school's MIS client.

It migrates a fresh database (``--database sqlite``: a file in a temporary folder;
``postgres``: a new database on the test server, dropped afterwards), loads the demo trust,
creates an MIS client for Bramblewood, serves on a free port, signs both in, runs ``st run``
once per token with a bounded number of examples (``schemathesis.toml`` says which answers are
right although a request matches the document, and why), and stops the server. It exits
non-zero if either run finds a failure.

    python tests/external_contract.py [--examples 3] [--database sqlite|postgres]
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: `tests.databases` makes the databases

from tests.databases import fresh_database  # noqa: E402

BIN = Path(sys.executable).parent
LEADER = ("trust.leader@larkspur.example", "larkspur-demo-2026")
MIS_SCHOOL_URN = "990101"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def termwise(env: dict[str, str], *args: str) -> str:
    # Our own commands, by paths we chose.
    done = subprocess.run(  # noqa: S603
        [str(BIN / "termwise"), *args], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        sys.exit(f"termwise {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def wait_for(url: str, server: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit("the server stopped before it answered")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    sys.exit(f"the server did not answer {url} in {seconds:.0f} s")


def schemathesis(base: str, token: str, examples: int, label: str) -> int:
    command = [
        str(BIN / "st"), "--config-file", str(ROOT / "schemathesis.toml"), "run",
        f"{base}/api/v1/openapi.json", "-H", f"Authorization: Bearer {token}",
        "--checks", "all", "--max-examples", str(examples),
        "--phases", "examples,coverage,fuzzing,stateful", "--workers", "1",
        "--generation-deterministic", "--no-color",
    ]  # fmt: skip
    print(f"contract: schemathesis as {label}", flush=True)
    return subprocess.run(command, check=False).returncode  # noqa: S603


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=3)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    options = parser.parse_args()
    with (
        tempfile.TemporaryDirectory(prefix="termwise-contract-") as folder,
        fresh_database(options.database, Path(folder)) as database_url,
    ):
        env = dict(os.environ)
        env["TERMWISE_DATABASE_URL"] = database_url
        env["TERMWISE_SECRET_KEY"] = "contract-run-" + os.urandom(24).hex()
        termwise(env, "migrate")
        termwise(env, "demo")
        created = termwise(env, "clients", "create", "--school", MIS_SCHOOL_URN, "--kind", "mis")
        client_id = re.search(r"client_id:\s+(\S+)", created)
        secret = re.search(r"client_secret:\s+(\S+)", created)
        assert client_id and secret, created
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(  # noqa: S603
            [str(BIN / "termwise"), "serve", "--host", "127.0.0.1", "--port", str(port)], env=env
        )
        try:
            wait_for(f"{base}/api/v1/health", server)
            token = f"{base}/api/v1/auth/token"
            leader = httpx.post(token, data={"grant_type": "password", "username": LEADER[0],
                                             "password": LEADER[1]}).json()  # fmt: skip
            mis = httpx.post(token, data={"grant_type": "client_credentials",
                                          "client_id": client_id[1],
                                          "client_secret": secret[1]}).json()  # fmt: skip
            failed = schemathesis(base, leader["access_token"], options.examples, "trust leader")
            failed |= schemathesis(base, mis["access_token"], options.examples, "MIS client")
        finally:
            server.terminate()
            server.wait(timeout=30)
    print("contract: no failures" if not failed else "contract: FAILURES (see above)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
