"""The records every source of pupil and assessment data is turned into.

Parsers check what they can without the database (shape, dates, UPN check letters, booleans);
the ingest service checks the rest (unknown subjects, steps, points, pupils) and writes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


# Not frozen: made once per row, and a frozen dataclass costs five times as much to make.
@dataclass(slots=True)
class PupilRecord:
    # Where the record came from, for error reports: a 1-based data row of a file (the header is
    # not counted) or a 0-based index into a pushed JSON array.
    row: int
    upn: str | None
    mis_id: str | None
    legal_first_name: str
    legal_last_name: str
    preferred_first_name: str | None
    preferred_last_name: str | None
    date_of_birth: date
    # "F", "M" or "X" (another or unknown gender).
    gender: str
    # Enrolment for an academic year ("2025/26"); all three are None when the source says nothing.
    academic_year: str | None = None
    year_group: str | None = None  # "R", "Y1" … "Y13"
    class_name: str | None = None
    # Characteristics for that academic year; None means "the source does not say".
    fsm: bool | None = None
    ever6_fsm: bool | None = None
    pupil_premium: bool | None = None
    eal: bool | None = None
    sen_status: str | None = None  # "none", "sen_support" or "ehc_plan"
    looked_after: bool | None = None
    more_able: bool | None = None


# Not frozen: made once per row, and a frozen dataclass costs five times as much to make.
@dataclass(slots=True)
class ResultRecord:
    row: int
    upn: str | None
    mis_id: str | None
    subject: str  # a subject code: "reading", "writing", "maths", "science" …
    academic_year: str  # "2025/26"
    point: str  # an assessment point code within that year: "baseline", "aut", "spr", "sum" …
    # A step code of the scale ("2b", "EXS"), a score ("104"), or a non-result code:
    # "absent", "not_required" or "not_enrolled".
    result: str
    # The scale the result is on, when the source names it ("nc_levels", "ks2_scaled" …).
    scale: str | None = None


@dataclass(frozen=True, slots=True)
class RowError:
    row: int
    field: str
    message: str
    code: str


@dataclass(slots=True)
class ParsedFile:
    pupils: list[PupilRecord] = field(default_factory=list)
    results: list[ResultRecord] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    # Codes found in the file that the parser does not map (e.g. a CTF subject), with the rows.
    unknown_codes: dict[str, list[int]] = field(default_factory=dict)


class FileRejected(Exception):
    """The file as a whole cannot be read: wrong format, too large, unsafe, truncated."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code
