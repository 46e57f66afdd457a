"""Field rules the file parsers share: each turns one cell of text into a value or raises
ValueProblem, which the parser reports as a RowError for that row and field.

Blank always means "the source does not say" (None) unless the field is required.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date
from typing import ParamSpec, TypeVar

from termwise.ingest.records import RowError
from termwise.pupils.upn import normalise, upn_problem

T = TypeVar("T")
P = ParamSpec("P")

# Pupils born before this are not pupils: almost always a typo in the year.
EARLIEST_DOB = date(1990, 1, 1)
MAX_NAME = 100


class ValueProblem(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def is_blank(value: str | None) -> bool:
    return value is None or not value.strip()


def required(value: str) -> str:
    if is_blank(value):
        raise ValueProblem("required", "a value is required")
    return value.strip()


# --- identifiers -------------------------------------------------------------------------------


def parse_upn(value: str) -> str | None:
    if is_blank(value):
        return None
    upn = normalise(value)
    problem = upn_problem(upn)
    if problem is not None:
        raise ValueProblem(problem.code, problem.message)
    return upn


def parse_text(value: str, max_length: int = MAX_NAME) -> str | None:
    """Free text: trimmed, whitespace runs (even an Excel line break) made one space."""
    if is_blank(value):
        return None
    text = " ".join(unicodedata.normalize("NFC", value).split())
    _check_text(text, max_length)
    return text


def parse_name(value: str) -> str | None:
    """A name in any script. NFC so that "é" typed two ways compares equal."""
    if is_blank(value):
        return None
    name = unicodedata.normalize("NFC", value.strip())
    _check_text(name, MAX_NAME)
    return name


def required_name(value: str) -> str:
    name = parse_name(value)
    if name is None:
        raise ValueProblem("required", "a name is required")
    return name


def _check_text(text: str, max_length: int) -> None:
    if any(unicodedata.category(char) == "Cc" for char in text):
        raise ValueProblem("control_character", "contains a control character or line break")
    if len(text) > max_length:
        raise ValueProblem("too_long", f"longer than {max_length} characters")


# --- dates -------------------------------------------------------------------------------------

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_UK = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def parse_date(value: str) -> date:
    """ISO YYYY-MM-DD or UK DD/MM/YYYY (never the US order)."""
    text = required(value)
    if match := _ISO.fullmatch(text):
        year, month, day = match.groups()
    elif match := _UK.fullmatch(text):
        day, month, year = match.groups()
    else:
        raise ValueProblem("date", f"'{text}' is not a date: use YYYY-MM-DD or DD/MM/YYYY")
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise ValueProblem("date", f"'{text}' is not a real date") from None


def parse_date_of_birth(value: str) -> date:
    born = parse_date(value)
    if born > date.today():
        raise ValueProblem("date_of_birth_in_future", f"{born.isoformat()} is in the future")
    if born < EARLIEST_DOB:
        raise ValueProblem(
            "date_of_birth_too_early", f"{born.isoformat()} is before {EARLIEST_DOB.isoformat()}"
        )
    return born


# --- academic years ----------------------------------------------------------------------------

_ACADEMIC_YEAR = re.compile(r"(\d{4})\s*[/-]\s*(\d{2}|\d{4})")


def academic_year_starting(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


def academic_year_of(day: date) -> str:
    """The academic year (1 September to 31 August) that contains ``day``."""
    return academic_year_starting(day.year if day.month >= 9 else day.year - 1)


def parse_academic_year(value: str) -> str | None:
    """2025/26, also written 2025-26 or 2025/2026."""
    if is_blank(value):
        return None
    text = value.strip()
    match = _ACADEMIC_YEAR.fullmatch(text)
    if match is None:
        raise ValueProblem("academic_year", f"'{text}' is not an academic year like 2025/26")
    start, end = int(match.group(1)), match.group(2)
    following = start + 1 if len(end) == 4 else (start + 1) % 100
    if int(end) != following:
        raise ValueProblem("academic_year", f"'{text}': the second year must follow the first")
    return academic_year_starting(start)


# --- codes -------------------------------------------------------------------------------------

_TRUE = {"y", "yes", "true", "1"}
_FALSE = {"n", "no", "false", "0"}


def parse_bool(value: str) -> bool | None:
    if is_blank(value):
        return None
    text = value.strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueProblem("boolean", f"'{value.strip()}' is not Y or N")


_GENDERS = {"f": "F", "female": "F", "m": "M", "male": "M", "x": "X"}


def parse_gender(value: str) -> str:
    text = required(value)
    gender = _GENDERS.get(text.lower())
    if gender is None:
        raise ValueProblem("gender", f"'{text}' is not F, M or X")
    return gender


_RECEPTION = {"r", "rec", "reception", "yr", "year r"}
_YEAR_NUMBER = re.compile(r"(?:y|yr|year)?\s*(\d{1,2})")


def parse_year_group(value: str) -> str | None:
    """R or Y1..Y13; also "Reception", "Year 3", "Y3" and "3"."""
    if is_blank(value):
        return None
    text = " ".join(value.lower().split())
    if text in _RECEPTION:
        return "R"
    match = _YEAR_NUMBER.fullmatch(text)
    if match is not None and 1 <= int(match.group(1)) <= 13:
        return f"Y{int(match.group(1))}"
    raise ValueProblem("year_group", f"'{value.strip()}' is not a year group R or Y1 to Y13")


# The DfE's SEN provision letters, with the pre-2014 ones mapped to what replaced them:
# School Action (A) and School Action Plus (P) became SEN support, statements (S) EHC plans.
SEN_LETTERS = {"N": "none", "K": "sen_support", "E": "ehc_plan", "A": "sen_support"}
SEN_LETTERS |= {"P": "sen_support", "S": "ehc_plan"}
_SEN_WORDS = {"none": "none", "sen_support": "sen_support", "ehc_plan": "ehc_plan"}
_SEN_WORDS |= {"ehcp": "ehc_plan", "support": "sen_support"}


def parse_sen_status(value: str) -> str | None:
    if is_blank(value):
        return None
    text = value.strip()
    key = re.sub(r"[\s-]+", "_", text.lower())
    status = _SEN_WORDS.get(key) or SEN_LETTERS.get(text.upper())
    if status is None:
        raise ValueProblem(
            "sen_status", f"'{text}' is not none (N), sen_support (K) or ehc_plan (E)"
        )
    return status


# --- subjects ----------------------------------------------------------------------------------

SUBJECT_NAMES = {
    "reading": "reading",
    "writing": "writing",
    "maths": "maths",
    "math": "maths",
    "mathematics": "maths",
    "science": "science",
    "gps": "gps",
    "spag": "gps",
    "egps": "gps",
    "grammar, punctuation and spelling": "gps",
    "grammar punctuation and spelling": "gps",
}


def subject_code(name: str) -> str | None:
    """The subject code for a common subject name, or None."""
    return SUBJECT_NAMES.get(" ".join(name.lower().split()))


# --- collecting errors -------------------------------------------------------------------------


class RowErrors:
    """The problems found on one row; ``take`` parses a field and records a problem."""

    def __init__(self, row: int, errors: list[RowError]) -> None:
        self.row = row
        self.errors = errors
        self.failed = False

    def add(self, field: str, code: str, message: str) -> None:
        self.errors.append(RowError(self.row, field, message, code))
        self.failed = True

    def take(self, field: str, parse: Callable[[str], T], value: str) -> T | None:
        return self.call(field, parse, value)

    def call(
        self, field: str, work: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs
    ) -> T | None:
        try:
            return work(*args, **kwargs)
        except ValueProblem as problem:
            self.add(field, problem.code, problem.message)
            return None
