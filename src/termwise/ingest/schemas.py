from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from termwise.errors import FieldError
from termwise.temporal import Day

Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
Text = Annotated[str, StringConstraints(max_length=100, pattern=r"^[^\x00-\x1f\x7f]*$")]
AcademicYearCode = Annotated[str, StringConstraints(pattern=r"^\d{4}/\d{2}$")]

Mode = Literal["all", "partial"]


class CharacteristicsIn(BaseModel):
    """Characteristics for the batch's academic year; leave one out to keep what Termwise has."""

    model_config = ConfigDict(extra="forbid")

    fsm: bool | None = None
    ever6_fsm: bool | None = None
    pupil_premium: bool | None = None
    eal: bool | None = None
    sen_status: Literal["none", "sen_support", "ehc_plan"] | None = None
    looked_after: bool | None = None
    more_able: bool | None = None


class PupilIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    upn: Annotated[str, StringConstraints(max_length=20)] | None = None
    mis_id: Annotated[str, StringConstraints(max_length=64)] | None = None
    legal_first_name: Text
    legal_last_name: Text
    preferred_first_name: Text | None = None
    preferred_last_name: Text | None = None
    date_of_birth: Day
    gender: Literal["F", "M", "X"]
    year_group: Code
    class_name: Annotated[Text | None, Field(alias="class")] = None
    characteristics: CharacteristicsIn = CharacteristicsIn()


class PupilBatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    academic_year: AcademicYearCode
    pupils: Annotated[list[PupilIn], Field(min_length=1, max_length=20_000)]


class ResultIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    upn: Annotated[str, StringConstraints(max_length=20)] | None = None
    mis_id: Annotated[str, StringConstraints(max_length=64)] | None = None
    subject: Code
    academic_year: AcademicYearCode
    point: Code
    # A step code ("2b", "EXS"), a score ("104") or absent / not_required / not_enrolled.
    result: Annotated[str, StringConstraints(max_length=20)]
    scale: Code | None = None


class ResultBatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    results: Annotated[list[ResultIn], Field(min_length=1, max_length=20_000)]
    # Required to change results at a closed point (leaders only); kept in the history.
    correction_reason: Annotated[str, StringConstraints(max_length=500)] | None = None


class QualityItem(BaseModel):
    count: int
    # Where the problem is: row indices of the batch (or file rows), or pupil ids.
    rows: list[int]


class MissingResults(BaseModel):
    academic_year: str
    point: str
    subject: str
    # Pupils on the school's roll that year with no result, not even a recorded absence.
    count: int
    pupil_ids: list[int]


class QualitySummary(BaseModel):
    invalid_upns: QualityItem
    duplicates_merged: QualityItem
    unknown_codes: dict[str, QualityItem]
    missing_results: list[MissingResults]


class BatchResult(BaseModel):
    mode: Mode
    created: int
    updated: int
    unchanged: int
    rejected: int
    errors: list[FieldError]
    quality: QualitySummary


class ImportSummary(BaseModel):
    """What an import job did: the outcome for pupils and for results, when it got that far."""

    pupils: BatchResult | None
    results: BatchResult | None
    # Rows of the file that could not be read at all (their errors are in the job's errors).
    file_errors: int
    # Why the job failed, in a sentence; null when it succeeded.
    message: str | None
    # Codes in the file the reader does not know (a CTF subject code, say), with their rows.
    unknown_codes: dict[str, list[int]]
