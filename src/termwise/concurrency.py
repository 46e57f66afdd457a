"""Optimistic concurrency: every updatable resource has an ETag; updates need If-Match."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Header, Response

from termwise.db import VersionedMixin
from termwise.errors import PreconditionFailed, PreconditionRequired


def etag_of(row: VersionedMixin) -> str:
    return f'"{row.version}"'


def set_etag(response: Response, row: VersionedMixin) -> None:
    """Send the row's version; a route that calls this declares it with ``etag_responses``."""
    response.headers["ETag"] = etag_of(row)


def etag_responses(status: int = 200) -> dict[int | str, dict[str, Any]]:
    """The ``responses=`` entry saying the route's success carries the resource's ETag."""
    return {
        status: {
            "headers": {
                "ETag": {
                    "description": "The resource's version: send it in If-Match to change it.",
                    "required": True,
                    "schema": {"type": "string"},
                }
            }
        }
    }


# Optional to validation, so a missing one is our 428, not a 422; the OpenAPI document marks it
# required on every operation that can answer 428 (see termwise.openapi).
IfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        description="The ETag from your last read; the update is refused if it is stale.",
    ),
]


def check_if_match(if_match: str | None, row: VersionedMixin) -> None:
    """Refuse the update unless the client proves it saw the current version."""
    check_version(if_match, row.version)


def check_version(if_match: str | None, version: int) -> None:
    """As check_if_match, for a resource whose version is known without a row: a default the
    trust has not changed yet is version 0."""
    if if_match is None:
        raise PreconditionRequired("Send the ETag you read in an If-Match header.")
    offered = {tag.strip().removeprefix("W/") for tag in if_match.split(",")}
    if f'"{version}"' not in offered and "*" not in offered:
        raise PreconditionFailed(
            "Someone else changed this since you read it; reload and apply your change again."
        )
