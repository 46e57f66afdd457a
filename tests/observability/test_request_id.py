"""Every answer carries X-Request-ID: the caller's own when sane, else a fresh one."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.responses import StreamingResponse
from fastapi.testclient import TestClient

from termwise.main import create_app
from tests.conftest import make_settings
from tests.helpers import assert_problem
from tests.world import World

FRESH = re.compile(r"[0-9a-f]{32}")


def test_a_sane_request_id_from_the_caller_is_sent_back(client: TestClient) -> None:
    response = client.get("/api/v1/health/live", headers={"X-Request-ID": "lb-7f3a:9/2=ok"})
    assert response.headers["x-request-id"] == "lb-7f3a:9/2=ok"


def test_a_request_without_an_id_gets_a_fresh_one_each_time(client: TestClient) -> None:
    first = client.get("/api/v1/health/live").headers["x-request-id"]
    second = client.get("/api/v1/health/live").headers["x-request-id"]
    assert FRESH.fullmatch(first) and FRESH.fullmatch(second)
    assert first != second


@pytest.mark.parametrize(
    "sent",
    ["x" * 129, "has space", "tab\there", "", "caf\u00e9"],
    ids=["too-long", "space", "control", "empty", "non-ascii"],
)
def test_an_overlong_or_unprintable_request_id_is_replaced(client: TestClient, sent: str) -> None:
    response = client.get("/api/v1/health/live", headers=[("X-Request-ID", sent.encode("utf-8"))])
    assert FRESH.fullmatch(response.headers["x-request-id"])
    assert response.headers.get_list("x-request-id") == [response.headers["x-request-id"]]


def test_an_id_of_exactly_128_characters_is_kept(client: TestClient) -> None:
    sent = "a" * 128
    assert (
        client.get("/api/v1/health/live", headers={"X-Request-ID": sent}).headers["x-request-id"]
        == sent
    )


def test_problems_and_unknown_paths_carry_the_request_id(client: TestClient, world: World) -> None:
    unknown = client.get("/api/v1/no-such-thing", headers={"X-Request-ID": "abc"})
    assert_problem(unknown, 404)
    assert unknown.headers["x-request-id"] == "abc"
    refused = client.get("/api/v1/schools", headers={"X-Request-ID": "def"})
    assert_problem(refused, 401)
    assert refused.headers["x-request-id"] == "def"


@pytest.fixture
def app_with_extra_routes(app: FastAPI) -> FastAPI:
    def boom() -> None:
        raise RuntimeError("a bug")

    def stream() -> StreamingResponse:
        return StreamingResponse((f"line {n}\n" for n in range(1000)), media_type="text/plain")

    app.add_api_route("/test/boom", boom)
    app.add_api_route("/test/stream", stream)
    return app


@pytest.fixture
def lenient_client(app_with_extra_routes: FastAPI) -> Iterator[TestClient]:
    with TestClient(app_with_extra_routes, raise_server_exceptions=False) as client:
        yield client


def test_an_unhandled_error_still_answers_a_500_problem_with_the_request_id(
    lenient_client: TestClient,
) -> None:
    response = lenient_client.get("/test/boom", headers={"X-Request-ID": "bug-1"})
    assert_problem(response, 500)
    assert response.headers["x-request-id"] == "bug-1"


def test_a_streamed_answer_arrives_whole_with_the_request_id(lenient_client: TestClient) -> None:
    response = lenient_client.get("/test/stream", headers={"X-Request-ID": "s-1"})
    assert response.status_code == 200
    assert response.text == "".join(f"line {n}\n" for n in range(1000))
    assert response.headers["x-request-id"] == "s-1"


def test_browsers_on_an_allowed_origin_may_read_the_request_id() -> None:
    app = create_app(make_settings("sqlite://", cors_origins=["https://app.example"]))
    with TestClient(app) as client:
        response = client.get("/api/v1/health/live", headers={"Origin": "https://app.example"})
    assert "x-request-id" in response.headers["access-control-expose-headers"].lower()
