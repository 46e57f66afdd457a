"""Cursor pagination shared by every list endpoint.

Pages are keyset pages on the primary key: a cursor names the last id seen, so rows written
while a client pages through never shift or repeat what it gets. The cursor is that id in
decimal, as the document declares (a pattern): any cursor of that shape is a place in the list.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Query, Request
from pydantic import BaseModel
from sqlalchemy import Select
from sqlalchemy.orm import InstrumentedAttribute, Session

from termwise.errors import FieldError, Unprocessable
from termwise.ids import MAX_ID
from termwise.temporal import Instant

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    # Pass as ``cursor`` for the next page; null on the last page.
    next_cursor: str | None


class PageParams(BaseModel):
    limit: int
    after_id: int | None
    updated_since: datetime | None


CURSOR_PATTERN = r"^[0-9]{1,10}$"


def encode_cursor(last_id: int) -> str:
    return str(last_id)


def decode_cursor(cursor: str) -> int:
    if not cursor.isascii() or not cursor.isdigit() or len(cursor) > 10:
        raise Unprocessable(
            "The cursor is not valid; start again without one.",
            errors=[
                FieldError(
                    pointer="/query/cursor", message="not a cursor this API issued", code="cursor"
                )
            ],
        )
    # Past the largest id there is nothing more: an empty page, not an out-of-range error.
    return min(int(cursor), MAX_ID)


def page_params(
    request: Request,
    cursor: Annotated[
        str | None,
        Query(pattern=CURSOR_PATTERN, description="From `next_cursor`: the last id seen."),
    ] = None,
    limit: Annotated[
        int | None, Query(ge=1, description="Page size; capped by the server.")
    ] = None,
    updated_since: Annotated[
        Instant | None,
        Query(description="Only rows changed at or after this instant (ISO 8601 with zone)."),
    ] = None,
) -> PageParams:
    settings = request.app.state.settings
    size = min(limit or settings.page_size_default, settings.page_size_max)
    return PageParams(
        limit=size,
        after_id=decode_cursor(cursor) if cursor else None,
        updated_since=_in_utc(updated_since) if updated_since else None,
    )


def _in_utc(instant: datetime) -> datetime:
    """The instant in UTC; one that UTC cannot express (year 1 at +00:01) is refused."""
    try:
        return instant.astimezone(UTC)
    except OverflowError as exc:
        raise Unprocessable(
            "updated_since is before the earliest instant this API keeps.",
            errors=[
                FieldError(
                    pointer="/query/updated_since", message="out of range", code="out_of_range"
                )
            ],
        ) from exc


Pagination = Annotated[PageParams, Depends(page_params)]


def paginate(
    session: Session,
    statement: Select[Any],
    params: PageParams,
    *,
    id_column: InstrumentedAttribute[int],
    updated_column: InstrumentedAttribute[datetime] | None = None,
    newest_first: bool = False,
) -> tuple[list[Any], str | None]:
    """Run ``statement`` for one page; returns the rows and the next cursor."""
    if params.after_id is not None:
        after = id_column < params.after_id if newest_first else id_column > params.after_id
        statement = statement.where(after)
    if params.updated_since is not None and updated_column is not None:
        statement = statement.where(updated_column >= params.updated_since)
    order = id_column.desc() if newest_first else id_column
    rows = list(session.scalars(statement.order_by(order).limit(params.limit + 1)))
    has_more = len(rows) > params.limit
    rows = rows[: params.limit]
    next_cursor = encode_cursor(rows[-1].id) if has_more and rows else None
    return rows, next_cursor
