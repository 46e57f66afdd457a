"""A real OpenID provider (panva's certified oidc-provider, tests/oidc/provider.mjs) on loopback,
and a browser's part of a sign-in driven over HTTP: its login and consent forms."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import httpx
import pytest

from termwise.oidc import discovery

PROVIDER_DIR = Path(__file__).parent.parent / "oidc"
CALLBACK = "http://testserver/sign-in/callback"
CLIENT_ID = "termwise"
CLIENT_SECRET = "termwise-test-client-secret-0123456789"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(
            f"The OpenID provider for the sign-in tests cannot start: {reason}", pytrace=False
        )
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_provider() -> tuple[subprocess.Popen[str], str]:
    node = shutil.which("node")
    if node is None:
        _unavailable("node is not installed")
    if not (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
        _unavailable("run `npm ci --prefix tests/oidc` (make test does)")
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603  (our own script, by a path we chose)
        [str(node), "provider.mjs", str(port), CALLBACK],
        cwd=PROVIDER_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    if "ready" not in line:
        stop_provider(process)
        _unavailable(f"the provider did not start ({line!r})")
    return process, f"http://127.0.0.1:{port}"


def stop_provider(process: subprocess.Popen[str]) -> None:
    process.terminate()
    process.wait(timeout=10)
    if process.stdout is not None:
        process.stdout.close()


@pytest.fixture(scope="session")
def issuer() -> Iterator[str]:
    process, url = start_provider()
    try:
        yield url
    finally:
        stop_provider(process)


@pytest.fixture(autouse=True)
def _fresh_documents() -> None:
    discovery.forget()


def sign_in_at_provider(authorization_url: str, login: str) -> tuple[str, str]:
    """What a browser does at the provider: its login form, then its consent form. Answers the
    code and state the provider sends back to the callback."""
    with httpx.Client(follow_redirects=False, timeout=10) as browser:
        url = authorization_url
        for _ in range(12):
            response = browser.get(url)
            if response.status_code in (302, 303):
                url = urljoin(url, response.headers["location"])
                if url.startswith(CALLBACK):
                    query = parse_qs(urlsplit(url).query)
                    return query["code"][0], query["state"][0]
                continue
            action = re.search(r'action="([^"]+)"', response.text)
            assert action, response.text[:500]
            form = (
                {"prompt": "login", "login": login, "password": "any"}
                if 'name="login"' in response.text
                else {"prompt": "consent"}
            )
            answer = browser.post(urljoin(url, action.group(1)), data=form)
            assert answer.status_code in (302, 303), answer.text[:500]
            url = urljoin(url, answer.headers["location"])
        raise AssertionError("the provider never sent the browser back")
