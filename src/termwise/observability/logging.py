"""Log lines as JSON (one object a line, for machines) or as text (for people).

``termwise serve`` hands :func:`log_config` to uvicorn, which applies it in every worker.
Every line written while a request is handled names that request's id.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any, Literal

from termwise.observability.request_id import current_request_id

LogFormat = Literal["json", "text"]

# Attributes every LogRecord has; anything else on a record was passed in ``extra=``.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}


class RequestIdFilter(logging.Filter):
    """Stamps each record with the id of the request being handled, if any."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        line.update(
            (key, value)
            for key, value in vars(record).items()
            if key not in _STANDARD and not key.startswith("_") and key not in line
        )
        if line.get("request_id") is None:
            line.pop("request_id", None)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str)


TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def log_config(log_format: LogFormat) -> dict[str, Any]:
    """A ``logging.config.dictConfig`` for the service and uvicorn, in the chosen format.

    uvicorn's own access log is left off (``termwise serve`` passes ``access_log=False``):
    ``termwise.access`` writes the one line per request, with the route and the caller.
    """
    formatter: dict[str, Any] = (
        {"()": JsonFormatter} if log_format == "json" else {"format": TEXT_FORMAT}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": RequestIdFilter}},
        "formatters": {"default": formatter},
        "handlers": {
            "default": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
                "formatter": "default",
                "filters": ["request_id"],
            }
        },
        "root": {"handlers": ["default"], "level": "INFO"},
        "loggers": {
            "uvicorn": {"level": "INFO"},
            "uvicorn.error": {"level": "INFO"},
            "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
            # Readiness reads the schema's revision on every probe: Alembic would say which
            # database it is talking to each time.
            "alembic.runtime.migration": {"level": "WARNING"},
        },
    }
