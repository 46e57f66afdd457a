"""GET /metrics: Prometheus text for a scraper holding the configured token, a plain 404 to
anyone else, and nowhere at all while no token is configured."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from termwise.main import create_app
from tests.conftest import make_settings
from tests.helpers import assert_problem
from tests.ingest.pushes import add_points, pupil, push_pupils, push_results, result
from tests.world import World

TOKEN = "scrape-token-for-the-tests-0123456789"
SCRAPER = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def metrics_app(
    database_url: str, engine: Engine, session_factory: sessionmaker[Session]
) -> FastAPI:
    configured = make_settings(database_url, metrics_token=TOKEN)
    return create_app(configured, engine=engine, session_factory=session_factory)


@pytest.fixture
def scraped(metrics_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(metrics_app) as client:
        yield client


def _sample(client: TestClient, name: str, **labels: str) -> float:
    response = client.get("/metrics", headers=SCRAPER)
    assert response.status_code == 200
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()):
                return sample.value
    return 0.0


def test_metrics_are_not_served_while_no_token_is_configured(client: TestClient) -> None:
    assert_problem(client.get("/metrics"), 404)
    assert_problem(client.get("/metrics", headers={"Authorization": "Bearer "}), 404)


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer wrong", f"Basic {TOKEN}", f"Bearer {TOKEN}x", TOKEN],
    ids=["none", "wrong", "basic", "longer", "bare"],
)
def test_metrics_answer_404_to_a_caller_without_the_token(
    scraped: TestClient, authorization: str | None
) -> None:
    headers = {"Authorization": authorization} if authorization else {}
    body = assert_problem(scraped.get("/metrics", headers=headers), 404)
    assert "metric" not in str(body).lower()


def test_the_scraper_gets_request_durations_by_route_template_method_and_status(
    scraped: TestClient, world: World
) -> None:
    labels = {"route": "/api/v1/schools/{school_id}", "method": "GET", "status": "200"}
    name = "termwise_http_request_duration_seconds_count"
    before = _sample(scraped, name, **labels)
    for school in ("a1", "a2"):
        url = f"/api/v1/schools/{world.schools[school]}"
        assert scraped.get(url, headers=world.headers("trust_leader_a")).status_code == 200
    response = scraped.get("/metrics", headers=SCRAPER)
    assert response.headers["content-type"].startswith("text/plain; version=")
    assert _sample(scraped, name, **labels) == before + 2
    assert _sample(scraped, "termwise_http_request_duration_seconds_bucket", le="+Inf", **labels)


def test_metrics_are_not_in_the_openapi_document(scraped: TestClient) -> None:
    paths = scraped.get("/api/v1/openapi.json").json()["paths"]
    assert not any("metrics" in path for path in paths)


def test_assessment_rows_ingested_are_counted_by_outcome(
    scraped: TestClient, world: World, db: Session
) -> None:
    add_points(db, world)
    assert push_pupils(scraped, world, [pupil(1), pupil(2)]).status_code == 200
    name = "termwise_assessment_rows_ingested_total"
    outcomes = ("created", "updated", "unchanged", "rejected")
    before = {o: _sample(scraped, name, outcome=o) for o in outcomes}

    partial = {"mode": "partial"}
    first = push_results(scraped, world, [result(1, "RE"), result(2, "nonsense")], params=partial)
    assert first.status_code == 200, first.text
    second = push_results(scraped, world, [result(1, "RE"), result(2, "EXS")])
    assert second.status_code == 200, second.text
    refused = push_results(scraped, world, [result(1, "GDS"), result(2, "nonsense")])
    assert refused.status_code == 422

    after = {o: _sample(scraped, name, outcome=o) - before[o] for o in outcomes}
    assert after == {"created": 2, "updated": 0, "unchanged": 1, "rejected": 2}
