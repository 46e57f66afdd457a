"""The built web app is served safely: pages fresh under a strict policy, assets cached."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from termwise.main import create_app
from tests.conftest import make_settings
from tests.helpers import assert_problem


def _fake_build(root: Path) -> Path:
    (root / "assets").mkdir(parents=True)
    (root / "index.html").write_text("<!doctype html><title>Termwise</title>")
    (root / "assets" / "index-abc123.js").write_text("console.log('app')")
    (root / "favicon.svg").write_text("<svg/>")
    return root


def test_pages_get_index_html_with_a_content_security_policy(tmp_path: Path) -> None:
    app = create_app(make_settings("sqlite://", spa_dir=_fake_build(tmp_path / "dist")))
    with TestClient(app) as client:
        page = client.get("/schools/12")
    assert page.status_code == 200 and "<title>Termwise" in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert page.headers["cache-control"] == "no-cache"


def test_hashed_assets_are_cached_for_a_year_and_files_are_served(tmp_path: Path) -> None:
    app = create_app(make_settings("sqlite://", spa_dir=_fake_build(tmp_path / "dist")))
    with TestClient(app) as client:
        asset = client.get("/assets/index-abc123.js")
        icon = client.get("/favicon.svg")
    assert asset.status_code == 200
    assert "immutable" in asset.headers["cache-control"]
    assert icon.text == "<svg/>"


def test_unknown_api_paths_stay_problems_not_the_app(tmp_path: Path) -> None:
    app = create_app(make_settings("sqlite://", spa_dir=_fake_build(tmp_path / "dist")))
    with TestClient(app) as client:
        assert_problem(client.get("/api/v1/no-such-thing"), 404)


def test_files_outside_the_build_are_never_served(tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("the signing key")
    app = create_app(make_settings("sqlite://", spa_dir=_fake_build(tmp_path / "dist")))
    with TestClient(app) as client:
        for path in ("/%2e%2e/secret.txt", "/assets/%2e%2e/%2e%2e/secret.txt"):
            response = client.get(path)
            assert "signing key" not in response.text, path
