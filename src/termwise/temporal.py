"""Dates and instants as the API takes them: ISO 8601 strings only.

Left to itself the validation would also read a number, or a string of digits, as seconds
since 1970 (``updated_since=0.5``, ``"held_on": 86400``): a client's mistake taken silently as a
day in 1970. Values already of the type (rows read from the database) pass untouched."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import AwareDatetime, BeforeValidator

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_only(value: Any) -> Any:
    if isinstance(value, str | bytes):
        text = value.decode() if isinstance(value, bytes) else value
        if not _ISO_DATE.match(text):
            raise ValueError("expected an ISO 8601 date, such as 2026-12-04")
    elif isinstance(value, int | float):
        raise ValueError("expected an ISO 8601 date as a string, not a number")
    return value


Day = Annotated[date, BeforeValidator(_iso_only)]
Instant = Annotated[AwareDatetime, BeforeValidator(_iso_only)]
