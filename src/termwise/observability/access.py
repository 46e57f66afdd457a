"""One log line and one metric observation per request, once its answer has been sent.

The line names the route's template (``/api/v1/schools/{school_id}``), never the raw path or
its query, so no token, name or search term in a URL reaches the log.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from termwise.observability.metrics import REQUEST_SECONDS

log = logging.getLogger("termwise.access")

# Paths that matched no route share one label, so strangers' guesses cannot grow the metrics.
UNMATCHED = "unmatched"


def route_template(scope: Scope) -> str:
    path = getattr(scope.get("route"), "path", None)
    return path if isinstance(path, str) and path else UNMATCHED


class AccessLogMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_noting_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_noting_status)
        finally:
            self._record(scope, status, time.perf_counter() - started)

    def _record(self, scope: Scope, status: int, seconds: float) -> None:
        route = route_template(scope)
        method = scope["method"]
        REQUEST_SECONDS.labels(route=route, method=method, status=str(status)).observe(seconds)
        state = scope.get("state", {})
        fields: dict[str, Any] = {
            "request_id": state.get("request_id"),
            "method": method,
            "route": route,
            "status": status,
            "duration_ms": round(seconds * 1000, 1),
        }
        if state.get("principal_kind") is not None:
            fields["principal_kind"] = state["principal_kind"]
            fields["principal_id"] = state.get("principal_id")
        log.info("%s %s %s %.1fms", method, route, status, fields["duration_ms"], extra=fields)
