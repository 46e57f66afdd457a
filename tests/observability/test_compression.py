"""Answers are gzipped for clients that accept it: large JSON and the web app's scripts, not
small answers, and each decodes to exactly what an uncompressed request gets."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import httpx
from fastapi.testclient import TestClient

from termwise.main import create_app
from tests.conftest import make_settings
from tests.world import World

GZIP = {"Accept-Encoding": "gzip"}
IDENTITY = {"Accept-Encoding": "identity"}


def _raw(client: TestClient, path: str, headers: dict[str, str]) -> tuple[httpx.Response, bytes]:
    """The answer and its body exactly as sent, before any decoding."""
    with client.stream("GET", path, headers=headers) as response:
        return response, b"".join(response.iter_raw())


def test_a_large_json_answer_arrives_gzipped_and_decodes_to_the_same_bytes(
    client: TestClient, world: World
) -> None:
    path = "/api/v1/scales"
    auth = world.headers("head_a1")
    plain, plain_body = _raw(client, path, auth | IDENTITY)
    zipped, zipped_body = _raw(client, path, auth | GZIP)
    assert plain.status_code == zipped.status_code == 200
    assert len(plain_body) > 1024
    assert "content-encoding" not in plain.headers
    assert zipped.headers["content-encoding"] == "gzip"
    assert "accept-encoding" in zipped.headers["vary"].lower()
    assert len(zipped_body) < len(plain_body)
    assert gzip.decompress(zipped_body) == plain_body


def test_the_web_apps_script_arrives_gzipped_and_decodes_to_the_same_bytes(
    tmp_path: Path,
) -> None:
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<!doctype html><title>Termwise</title>")
    script = "".join(f"export const n{i} = {i} * 2;\n" for i in range(400)).encode()
    (dist / "assets" / "index-abc123.js").write_bytes(script)
    app = create_app(make_settings("sqlite://", spa_dir=dist))
    with TestClient(app) as client:
        zipped, body = _raw(client, "/assets/index-abc123.js", GZIP)
    assert zipped.status_code == 200
    assert zipped.headers["content-encoding"] == "gzip"
    assert "immutable" in zipped.headers["cache-control"]
    assert gzip.decompress(body) == script


def test_a_small_answer_is_sent_uncompressed(client: TestClient) -> None:
    response, body = _raw(client, "/api/v1/health/live", GZIP)
    assert response.status_code == 200
    assert len(body) < 1024
    assert "content-encoding" not in response.headers
    assert json.loads(body)["status"] == "ok"
