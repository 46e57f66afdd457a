"""Identifiers in paths and queries: positive and within PostgreSQL's integer range."""

from typing import Annotated

from fastapi import Path, Query
from pydantic import Field

MAX_ID = 2_147_483_647

SchoolId = Annotated[int, Path(ge=1, le=MAX_ID)]
TrustId = Annotated[int, Path(ge=1, le=MAX_ID)]
ClassId = Annotated[int, Path(ge=1, le=MAX_ID)]
TrustFilter = Annotated[int | None, Query(ge=1, le=MAX_ID, description="Only this trust.")]
# An id inside a request body: a row id the database can hold.
RowId = Annotated[int, Field(ge=1, le=MAX_ID)]
