from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from termwise.assessment.models import ScaleKind
from termwise.temporal import Day

Code = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=20, pattern=r"^[\w.+-]+$"),
]
Label = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, min_length=1, max_length=100, pattern=r"^[^\x00-\x1f\x7f]+$"
    ),
]


class SubjectRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    code: str
    name: str
    is_core: bool


class StepRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    code: str
    label: str
    ordinal: int
    points: float


class ScaleRead(BaseModel):
    id: int
    trust_id: int | None
    code: str
    name: str
    kind: ScaleKind
    score_min: float | None
    score_max: float | None
    score_expected: float | None
    description: str | None
    # Lowest first.
    steps: list[StepRead]
    # Points expected per period ("year", "term").
    expected_progress: dict[str, float]


class StepIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: Code
    label: Label
    points: float = Field(allow_inf_nan=False, ge=-1000, le=1000)


class ScaleCreate(BaseModel):
    """A trust's own scale: steps lowest first, or a score range."""

    model_config = ConfigDict(extra="forbid")

    code: Code
    name: Label
    kind: ScaleKind
    steps: Annotated[list[StepIn], Field(max_length=200)] = []
    score_min: float | None = Field(default=None, allow_inf_nan=False)
    score_max: float | None = Field(default=None, allow_inf_nan=False)
    score_expected: float | None = Field(default=None, allow_inf_nan=False)
    description: Annotated[str, StringConstraints(max_length=2000)] | None = None
    expected_points_per_year: float = Field(default=0, allow_inf_nan=False, ge=0, le=1000)

    @model_validator(mode="after")
    def _consistent(self) -> ScaleCreate:
        if self.kind is ScaleKind.steps:
            if len(self.steps) < 2:
                raise ValueError("a step scale needs at least two steps")
            codes = [s.code.casefold() for s in self.steps]
            if len(set(codes)) != len(codes):
                raise ValueError("step codes must be unique")
            points = [s.points for s in self.steps]
            if points != sorted(points):
                raise ValueError("steps go lowest first, with points that never fall")
        elif self.score_min is None or self.score_max is None or self.score_min >= self.score_max:
            raise ValueError("a score scale needs score_min below score_max")
        return self


class PointRead(BaseModel):
    id: int
    trust_id: int
    academic_year: str
    code: str
    name: str
    slot: str
    ordinal: int
    assessed_on: Day
    closed_at: datetime | None
    closed_by: str | None
    # A national statutory assessment (KS1, phonics …): not one of the trust's data collections.
    statutory: bool


class PointCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    academic_year: Annotated[str, StringConstraints(pattern=r"^\d{4}/\d{2}$")]
    code: Code
    name: Label
    # Where the point sits in every year ("aut", "spr", "sum"), for expectations; default: code.
    slot: Code | None = None
    ordinal: int = Field(ge=1, le=50)
    assessed_on: Day


class PointsCreate(BaseModel):
    """Several points at once, e.g. a year's three termly collections: all or none."""

    model_config = ConfigDict(extra="forbid")

    points: list[PointCreate] = Field(min_length=1, max_length=12)
