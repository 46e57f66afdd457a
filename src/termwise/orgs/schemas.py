from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from termwise.orgs.models import Phase, TermName
from termwise.temporal import Day


def _printable(value: str) -> str:
    # PostgreSQL cannot store NUL, and control characters in a name are always a mistake.
    if re.search(r"[\x00-\x1f\x7f]", value):
        raise ValueError("must not contain control characters")
    if not value.strip():
        raise ValueError("must not be blank")
    return value.strip()


Name = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_printable)]


class TrustRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    reference: str | None
    retention_years: int | None = Field(
        description="Years after a pupil leaves before their data is erased; null: the default."
    )
    updated_at: datetime


class SchoolRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    trust_id: int
    urn: str
    laestab: str
    name: str
    phase: Phase
    updated_at: datetime


Reference = Annotated[
    str,
    Field(min_length=1, max_length=20, description="Companies House number, or an LA code."),
    AfterValidator(_printable),
]


class TrustCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name
    reference: Reference | None = None


class TrustUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name | None = None
    reference: Reference | None = None
    retention_years: int | None = Field(default=None, ge=1, le=50)


class SchoolCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    urn: Annotated[str, Field(pattern=r"^\d{6}$", description="The DfE's URN: six digits.")]
    laestab: Annotated[
        str,
        Field(pattern=r"^\d{7}$", description="LA code and establishment number: seven digits."),
    ]
    name: Name
    phase: Phase


class RegisterRow(BaseModel):
    """One row of a DfE register file and what became of it."""

    row: int = Field(description="The data row (1 is the first row under the header).")
    urn: str
    name: str
    outcome: str = Field(description="created, updated, unchanged or skipped")
    reason: str | None = None
    school_id: int | None = None


class RegisterImport(BaseModel):
    created: int
    updated: int
    unchanged: int
    skipped: int
    rows: list[RegisterRow]


class SchoolUpdate(BaseModel):
    """Fields a trust or school leader may correct; URN and LAESTAB come from the DfE."""

    model_config = ConfigDict(extra="forbid")

    name: Name | None = None
    phase: Phase | None = None


class YearGroupRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    code: str
    name: str
    key_stage: str
    ordinal: int


class HalfTermRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    code: str
    term: TermName
    ordinal: int
    starts_on: Day
    ends_on: Day


class AcademicYearRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    code: str
    starts_on: Day
    ends_on: Day
    # True for the year that contains today's date.
    is_current: bool
    half_terms: list[HalfTermRead]


class ClassRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    school_id: int
    academic_year: str
    name: str
    year_groups: list[str]
    # Names of the class teachers, in alphabetical order.
    teachers: list[str]
    updated_at: datetime
