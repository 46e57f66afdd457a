"""Termwise's own CSV templates, one for pupils and one for results, told apart by their header.

Columns may come in any order and in any case; every template column except the names,
date of birth and gender of a pupil (and subject, year, point and result of a result) may be
left out, which means "the file does not say". Each row needs a UPN or an MIS id.
Row numbers in errors are 1-based data rows: row N is line N+1 of the spreadsheet.
"""

from __future__ import annotations

from termwise.ingest.records import FileRejected, ParsedFile, PupilRecord, ResultRecord
from termwise.ingest.tables import MAX_BYTES, Table, check_size, read_table
from termwise.ingest.values import (
    RowErrors,
    ValueProblem,
    is_blank,
    parse_academic_year,
    parse_bool,
    parse_date_of_birth,
    parse_gender,
    parse_name,
    parse_sen_status,
    parse_text,
    parse_upn,
    parse_year_group,
    required,
    required_name,
    subject_code,
)
from termwise.pupils.upn import make_upn, normalise

PUPIL_COLUMNS = (
    "upn",
    "mis_id",
    "legal_first_name",
    "legal_last_name",
    "preferred_first_name",
    "preferred_last_name",
    "date_of_birth",
    "gender",
    "academic_year",
    "year_group",
    "class",
    "fsm",
    "ever6_fsm",
    "pupil_premium",
    "eal",
    "sen_status",
    "looked_after",
    "more_able",
)
RESULT_COLUMNS = ("upn", "mis_id", "subject", "academic_year", "point", "result")
RESULT_OPTIONAL = ("scale",)

_IDS = {"upn", "mis_id"}
_PUPIL_REQUIRED = {"legal_first_name", "legal_last_name", "date_of_birth", "gender"}
_RESULT_REQUIRED = {"subject", "academic_year", "point", "result"}
_FLAGS = ("fsm", "ever6_fsm", "pupil_premium", "eal", "looked_after", "more_able")
# Columns that say something about a year, so need academic_year beside them.
_YEARLY = ("year_group", "class", "sen_status", *_FLAGS)

_EXAMPLE_UPN = make_upn("999200101001")
_EXAMPLES = {
    "pupils": f"{_EXAMPLE_UPN},MIS0001,Amélie,O'Neill,Amy,,2016-09-14,F,2025/26,Y4,4 Oak,"
    "N,N,Y,N,sen_support,N,N",
    "results": f"{_EXAMPLE_UPN},MIS0001,reading,2025/26,aut,EXS,",
}


def template(kind: str) -> str:
    """The header and one example row of a template ("pupils" or "results"), to download."""
    if kind == "pupils":
        header = ",".join(PUPIL_COLUMNS)
    elif kind == "results":
        header = ",".join(RESULT_COLUMNS + RESULT_OPTIONAL)
    else:
        raise ValueError(f"no template {kind!r}: 'pupils' or 'results'")
    return f"{header}\r\n{_EXAMPLES[kind]}\r\n"


def parse_csv(data: bytes, *, max_bytes: int = MAX_BYTES) -> ParsedFile:
    check_size(data, max_bytes)
    table = read_table(data)
    kind = _kind(table.columns)
    if not table.rows and not table.errors:
        raise FileRejected("the file has a header but no rows", code="empty")
    parsed = ParsedFile(errors=list(table.errors))
    if kind == "pupils":
        _pupils(table, parsed)
    else:
        _results(table, parsed)
    parsed.errors.sort(key=lambda error: error.row)
    return parsed


def _kind(columns: list[str]) -> str:
    """Which template the header is, or FileRejected naming what is missing or unknown."""
    named = {c for c in columns if c}
    pupil_only = set(PUPIL_COLUMNS) - set(RESULT_COLUMNS)
    result_only = set(RESULT_COLUMNS + RESULT_OPTIONAL) - set(PUPIL_COLUMNS)
    if not named & (pupil_only | result_only):
        raise FileRejected(
            "the header is not a Termwise template: download the pupils or results template",
            code="columns",
        )
    kind = "pupils" if len(named & pupil_only) >= len(named & result_only) else "results"
    known = set(PUPIL_COLUMNS) if kind == "pupils" else set(RESULT_COLUMNS + RESULT_OPTIONAL)
    needed = _PUPIL_REQUIRED if kind == "pupils" else _RESULT_REQUIRED
    problems = []
    missing = sorted(needed - named)
    if not named & _IDS:
        missing.insert(0, "upn or mis_id")
    if missing:
        problems.append(f"missing column(s): {', '.join(missing)}")
    unknown = sorted(named - known)
    if unknown:
        problems.append(f"unknown column(s): {', '.join(unknown)}")
    if problems:
        raise FileRejected(f"the {kind} file has {'; '.join(problems)}", code="columns")
    return kind


class _Duplicates:
    """Remembers the first row of each key, so a later row with the same key is reported."""

    def __init__(self) -> None:
        self.first: dict[tuple[str, ...], int] = {}

    def seen(self, checks: RowErrors, field: str, key: tuple[str, ...], what: str) -> None:
        first = self.first.setdefault(key, checks.row)
        if first != checks.row:
            checks.add(field, "duplicate", f"the same {what} is on row {first}")


def _pupils(table: Table, parsed: ParsedFile) -> None:
    duplicates = _Duplicates()
    for row, cells in table.rows:
        checks = RowErrors(row, parsed.errors)
        if not is_blank(cells.get("upn")):
            duplicates.seen(checks, "upn", ("upn", normalise(cells["upn"])), "UPN")
        if not is_blank(cells.get("mis_id")):
            duplicates.seen(checks, "mis_id", ("mis_id", cells["mis_id"].strip()), "MIS id")
        record = _pupil(checks, cells)
        if record is not None and not checks.failed:
            parsed.pupils.append(record)


def _identifiers(checks: RowErrors, cells: dict[str, str]) -> tuple[str | None, str | None]:
    upn = checks.take("upn", parse_upn, cells.get("upn", ""))
    mis_id = checks.take("mis_id", parse_text, cells.get("mis_id", ""))
    if is_blank(cells.get("upn")) and is_blank(cells.get("mis_id")):
        checks.add("upn", "required", "each row needs a UPN or an MIS id")
    return upn, mis_id


def _pupil(checks: RowErrors, cells: dict[str, str]) -> PupilRecord | None:
    upn, mis_id = _identifiers(checks, cells)
    first = checks.take("legal_first_name", required_name, cells["legal_first_name"])
    last = checks.take("legal_last_name", required_name, cells["legal_last_name"])
    preferred_first = checks.take(
        "preferred_first_name", parse_name, cells.get("preferred_first_name", "")
    )
    preferred_last = checks.take(
        "preferred_last_name", parse_name, cells.get("preferred_last_name", "")
    )
    born = checks.take("date_of_birth", parse_date_of_birth, cells["date_of_birth"])
    gender = checks.take("gender", parse_gender, cells["gender"])
    year = checks.take("academic_year", parse_academic_year, cells.get("academic_year", ""))
    flags = {f: checks.take(f, parse_bool, cells.get(f, "")) for f in _FLAGS}
    if is_blank(cells.get("academic_year")):
        given = [c for c in _YEARLY if not is_blank(cells.get(c))]
        if given:
            checks.add("academic_year", "required", f"needed because {given[0]} is given")
    record_year_group = checks.take("year_group", parse_year_group, cells.get("year_group", ""))
    class_name = checks.take("class", parse_text, cells.get("class", ""))
    sen = checks.take("sen_status", parse_sen_status, cells.get("sen_status", ""))
    if first is None or last is None or born is None or gender is None or checks.failed:
        return None
    return PupilRecord(
        row=checks.row,
        upn=upn,
        mis_id=mis_id,
        legal_first_name=first,
        legal_last_name=last,
        preferred_first_name=preferred_first,
        preferred_last_name=preferred_last,
        date_of_birth=born,
        gender=gender,
        academic_year=year,
        year_group=record_year_group,
        class_name=class_name,
        fsm=flags["fsm"],
        ever6_fsm=flags["ever6_fsm"],
        pupil_premium=flags["pupil_premium"],
        eal=flags["eal"],
        sen_status=sen,
        looked_after=flags["looked_after"],
        more_able=flags["more_able"],
    )


def _code(value: str) -> str:
    """A code the ingest service checks: trimmed and lower-cased ("Aut" is "aut")."""
    text = required(value).lower()
    if len(text) > 50:
        raise ValueProblem("too_long", "longer than 50 characters")
    return text


def _subject(value: str) -> str:
    text = _code(value)
    return subject_code(text) or text


_NON_RESULTS = {"absent", "not_required", "not_enrolled"}


def _result_text(value: str) -> str:
    text = parse_text(value, max_length=50)
    if text is None:
        raise ValueProblem("required", "a result is required")
    return text.lower() if text.lower() in _NON_RESULTS else text


def _required_year(value: str) -> str:
    year = parse_academic_year(value)
    if year is None:
        raise ValueProblem("required", "an academic year is required")
    return year


def _results(table: Table, parsed: ParsedFile) -> None:
    duplicates = _Duplicates()
    for row, cells in table.rows:
        checks = RowErrors(row, parsed.errors)
        upn, mis_id = _identifiers(checks, cells)
        subject = checks.take("subject", _subject, cells["subject"])
        year = checks.take("academic_year", _required_year, cells["academic_year"])
        point = checks.take("point", _code, cells["point"])
        result = checks.take("result", _result_text, cells["result"])
        scale = checks.take("scale", parse_text, cells.get("scale", ""))
        if subject is None or year is None or point is None or result is None or checks.failed:
            continue
        pupil = ("upn", upn) if upn else ("mis_id", mis_id or "")
        key = (*pupil, subject, year, point)
        duplicates.seen(checks, "result", key, "pupil, subject, year and point")
        if not checks.failed:
            scale = scale and scale.lower()
            parsed.results.append(
                ResultRecord(row, upn, mis_id, subject, year, point, result, scale)
            )
