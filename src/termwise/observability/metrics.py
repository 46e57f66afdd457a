"""Prometheus metrics, and ``GET /metrics`` for a scraper that holds the configured token.

The metrics live in the process's default registry: with several uvicorn workers each worker
counts its own requests, and a scrape reaches whichever worker answers it.
"""

from __future__ import annotations

import hmac

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, Counter, Histogram, generate_latest
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from termwise.errors import NotFound

REQUEST_SECONDS = Histogram(
    "termwise_http_request_duration_seconds",
    "Time to answer an HTTP request, by route template, method and status.",
    ["route", "method", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)

ASSESSMENT_ROWS = Counter(
    "termwise_assessment_rows_ingested",
    "Assessment result rows through ingest (push, file import or command line), by outcome.",
    ["outcome"],
)


def metrics(request: Request) -> Response:
    """The metrics, to a caller with ``Authorization: Bearer <TERMWISE_METRICS_TOKEN>``; 404 to
    anyone else, and to everyone while no token is set."""
    token = request.app.state.settings.metrics_token
    presented = request.headers.get("authorization", "")
    expected = f"Bearer {token.get_secret_value()}" if token is not None else None
    if expected is None or not hmac.compare_digest(presented.encode(), expected.encode()):
        raise NotFound()
    return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)


# A plain route, not an API operation: it is in no OpenAPI document.
route = Route("/metrics", metrics, methods=["GET"], include_in_schema=False)
