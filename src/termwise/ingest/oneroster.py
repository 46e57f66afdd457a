"""A OneRoster 1.1 or 1.2 CSV bundle: a zip of manifest.csv, users.csv and the files around it.

Pupils are the users with the role "student" (the users.csv `role` column in 1.1, roles.csv in
1.2); results are results.csv joined with lineItems.csv, categories.csv and academicSessions.csv.

Row numbers: a pupil's row is its 1-based data row in users.csv and a result's its 1-based data
row in results.csv (headers not counted; rows of other roles still counted). A problem with the
shape of another file is reported with that file's name as the field and its own row number.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import replace

from termwise.ingest.records import FileRejected, ParsedFile, PupilRecord, ResultRecord, RowError
from termwise.ingest.tables import MAX_BYTES, Table, check_size, read_table
from termwise.ingest.values import (
    RowErrors,
    ValueProblem,
    academic_year_of,
    academic_year_starting,
    is_blank,
    parse_date,
    parse_date_of_birth,
    parse_name,
    parse_text,
    parse_upn,
    parse_year_group,
    required_name,
    subject_code,
)
from termwise.ingest.zipsafe import read_zip
from termwise.pupils.upn import normalise, upn_problem

MAX_UNCOMPRESSED = 200 * 1024 * 1024
Row = dict[str, str]
Ids = tuple[str | None, str | None]  # (UPN, MIS id)

# Columns (lower-cased) each file must have when it is in the bundle.
COLUMNS = {
    "manifest.csv": {"propertyname", "value"},
    "users.csv": {"sourcedid", "givenname", "familyname"},
    "roles.csv": {"usersourcedid", "role"},
    "demographics.csv": {"sourcedid"},
    "enrollments.csv": {"classsourcedid", "usersourcedid", "role"},
    "classes.csv": {"sourcedid", "title"},
    "academicsessions.csv": {"sourcedid", "title"},
    "lineitems.csv": {"sourcedid", "title"},
    "categories.csv": {"sourcedid", "title"},
    "results.csv": {"lineitemsourcedid", "studentsourcedid"},
}
SEXES = {"female": "F", "male": "M", "other": "X", "unspecified": "X", "": "X"}
# CEDS grade levels; kindergarten and pre-kindergarten stand for Reception in UK exports.
RECEPTION_GRADES = {"KG", "PK", "R"}
_SEASON = re.compile(r"\b(aut|spr|sum)", re.IGNORECASE)
_USER_ID = re.compile(r"\{\s*([^:{}]+?)\s*:\s*([^{}]*?)\s*\}")
SCORE_STATUSES = {"exempt": "not_required"}


def parse_oneroster(
    data: bytes, *, max_bytes: int = MAX_BYTES, max_uncompressed: int = MAX_UNCOMPRESSED
) -> ParsedFile:
    check_size(data, max_bytes)
    bundle = _Bundle(read_zip(data, max_uncompressed=max_uncompressed))
    parsed = ParsedFile(errors=bundle.errors)
    students = _pupils(bundle, parsed)
    _results(bundle, students, parsed)
    return parsed  # errors in file order: users.csv rows, then results.csv rows


class _Bundle:
    """The zip's CSV files, checked against the manifest, read on demand."""

    def __init__(self, files: dict[str, bytes]) -> None:
        if "manifest.csv" not in files:
            raise FileRejected("the zip has no manifest.csv", code="missing_file")
        self.files = files
        self.errors: list[RowError] = []
        self.tables: dict[str, Table] = {}
        self.manifest: dict[str, str] = {}
        self.manifest = {
            cells["propertyname"].strip().lower(): cells["value"].strip().lower()
            for _, cells in self.rows("manifest.csv")
        }
        for key, mode in self.manifest.items():
            name = key.removeprefix("file.") + ".csv"
            if key.startswith("file.") and mode in {"bulk", "delta"} and name not in files:
                raise FileRejected(
                    f"the manifest lists {name} as {mode} but the zip has no such file",
                    code="missing_file",
                )
        if "users.csv" not in files or self.manifest.get("file.users") == "absent":
            raise FileRejected("the bundle has no users.csv, so no pupils", code="missing_file")
        self.sessions = self.by_id("academicsessions.csv")

    def table(self, name: str) -> Table:
        """A file of the bundle, read once; an empty table if it is absent."""
        if name not in self.tables:
            if name not in self.files or self.manifest.get(f"file.{name[:-4]}") == "absent":
                self.tables[name] = Table(columns=[])
                return self.tables[name]
            table = read_table(self.files[name], name=name, sniff=False)
            missing = sorted(COLUMNS.get(name, set()) - set(table.columns))
            if missing:
                raise FileRejected(f"{name} has no column(s) {', '.join(missing)}", code="columns")
            self.errors += [RowError(e.row, name, e.message, e.code) for e in table.errors]
            self.tables[name] = table
        return self.tables[name]

    def rows(self, name: str) -> list[tuple[int, Row]]:
        """The rows of a file (none if absent), leaving out rows a delta marks deleted."""
        rows = self.table(name).rows
        return [(n, c) for n, c in rows if c.get("status", "").lower() != "tobedeleted"]

    def by_id(self, name: str) -> dict[str, Row]:
        return {cells["sourcedid"].strip(): cells for _, cells in self.rows(name)}

    def school_year(self, session_id: str) -> str | None:
        """The academic year of a session: its schoolYear (2026 is 2025/26), its parent's, or
        the year its start date falls in."""
        for _ in range(5):  # terms sit in years; a short walk up the parents is enough
            session = self.sessions.get(session_id.strip())
            if session is None:
                return None
            year = session.get("schoolyear", "").strip()
            if year.isdigit() and len(year) == 4:
                return academic_year_starting(int(year) - 1)
            if not is_blank(session.get("startdate")):
                try:
                    return academic_year_of(parse_date(session["startdate"][:10]))
                except ValueProblem:
                    pass
            session_id = session.get("parentsourcedid", "")
        return None


# --- pupils ------------------------------------------------------------------------------------


def _pupils(bundle: _Bundle, parsed: ParsedFile) -> dict[str, Ids]:
    """Adds the students' records; returns {user sourcedId: ids} for those results can use."""
    users = bundle.rows("users.csv")
    is_student = _student_test(bundle)
    demographics = bundle.by_id("demographics.csv")
    placements = _placements(bundle)
    students: dict[str, Ids] = {}
    first_row: dict[tuple[str, str], int] = {}
    for row, cells in users:
        if not is_student(cells):
            continue
        source_id = cells["sourcedid"].strip()
        checks = RowErrors(row, parsed.errors)
        upn, mis_id = _identifiers(checks, cells)
        for field, value in (("upn", upn), ("mis_id", mis_id)):
            if value is not None and first_row.setdefault((field, value), row) != row:
                checks.add(
                    field, "duplicate", f"the same {field} is on row {first_row[(field, value)]}"
                )
        if (upn or mis_id) and not checks.failed:
            students[source_id] = (upn, mis_id)
        record = _pupil(checks, cells, demographics.get(source_id, {}), (upn, mis_id))
        if record is not None and not checks.failed:
            class_name, year = placements.get(source_id, (None, None))
            if year is None:  # an enrolment means nothing without its year
                record = replace(record, year_group=None)
            elif record.year_group or class_name:
                record = replace(record, academic_year=year, class_name=class_name)
            parsed.pupils.append(record)
    return students


def _student_test(bundle: _Bundle) -> Callable[[Row], bool]:
    if "role" in bundle.table("users.csv").columns:  # 1.1: the role is on the user
        return lambda cells: cells["role"].strip().lower() == "student"
    if "roles.csv" not in bundle.files:
        raise FileRejected(
            "users.csv has no role column and there is no roles.csv", code="missing_file"
        )
    ids = {
        cells["usersourcedid"].strip()
        for _, cells in bundle.rows("roles.csv")
        if cells["role"].strip().lower() == "student"
    }
    return lambda cells: cells["sourcedid"].strip() in ids


def _identifiers(checks: RowErrors, cells: Row) -> Ids:
    """UPN from metadata.upn, a {UPN:…} userId, or an identifier that is a valid UPN;
    MIS id from the identifier."""
    identifier = checks.take("mis_id", parse_text, cells.get("identifier", ""))
    user_ids = {k.strip().upper(): v for k, v in _USER_ID.findall(cells.get("userids", ""))}
    upn_text = cells.get("metadata.upn", "").strip() or user_ids.get("UPN", "")
    upn = checks.take("upn", parse_upn, upn_text)
    if not upn_text and identifier and upn_problem(normalise(identifier)) is None:
        upn = normalise(identifier)
    if upn is None and identifier is None and not checks.failed:
        checks.add("mis_id", "required", "a student needs an identifier or a UPN")
    return upn, identifier


def _either(cells: Row, *names: str) -> str:
    return next((cells[n] for n in names if not is_blank(cells.get(n))), "")


def _pupil(checks: RowErrors, cells: Row, demographics: Row, ids: Ids) -> PupilRecord | None:
    first = checks.take("legal_first_name", required_name, cells["givenname"])
    last = checks.take("legal_last_name", required_name, cells["familyname"])
    preferred = _either(cells, "preferredgivenname", "preferredfirstname")
    preferred_first = checks.take("preferred_first_name", parse_name, preferred)
    preferred = _either(cells, "preferredfamilyname", "preferredlastname")
    preferred_last = checks.take("preferred_last_name", parse_name, preferred)
    born = None
    if is_blank(demographics.get("birthdate")):
        checks.add(
            "date_of_birth",
            "required",
            "date_of_birth required: demographics.csv gives no birthDate",
        )
    else:
        born = checks.take("date_of_birth", parse_date_of_birth, demographics["birthdate"])
    gender = checks.take("gender", _sex, demographics.get("sex", ""))
    year_group = checks.take("year_group", _grade, cells.get("grades", ""))
    if first is None or last is None or born is None or gender is None:
        return None
    return PupilRecord(
        row=checks.row,
        upn=ids[0],
        mis_id=ids[1],
        legal_first_name=first,
        legal_last_name=last,
        preferred_first_name=preferred_first,
        preferred_last_name=preferred_last,
        date_of_birth=born,
        gender=gender,
        year_group=year_group,
    )


def _sex(value: str) -> str:
    gender = SEXES.get(value.strip().lower())
    if gender is None:
        raise ValueProblem("gender", f"'{value.strip()}' is not female, male or other")
    return gender


def _grade(value: str) -> str | None:
    """The first grade: "03" is Y3; KG, PK and R are Reception."""
    grade = value.split(",")[0].strip().upper()
    if grade in RECEPTION_GRADES:
        return "R"
    return parse_year_group(grade)


def _placements(bundle: _Bundle) -> dict[str, tuple[str | None, str | None]]:
    """{user: (class title, academic year)} from each student's enrolments: a homeroom class
    first, then the primary one, then the first in the file."""
    classes = bundle.by_id("classes.csv")
    best: dict[str, tuple[int, str]] = {}
    for row, cells in bundle.rows("enrollments.csv"):
        klass = classes.get(cells["classsourcedid"].strip())
        if cells["role"].strip().lower() != "student" or klass is None:
            continue
        homeroom = klass.get("classtype", "").strip().lower() == "homeroom"
        primary = cells.get("primary", "").strip().lower() == "true"
        rank = (0 if homeroom else 1 if primary else 2) * 10**9 + row
        user = cells["usersourcedid"].strip()
        if user not in best or rank < best[user][0]:
            best[user] = (rank, cells["classsourcedid"].strip())
    placements: dict[str, tuple[str | None, str | None]] = {}
    for user, (_, class_id) in best.items():
        klass = classes[class_id]
        terms = [t for t in klass.get("termsourcedids", "").split(",") if t.strip()]
        year = next((y for t in terms if (y := bundle.school_year(t))), None)
        placements[user] = (parse_text(klass["title"]), year)
    return placements


# --- results -----------------------------------------------------------------------------------


def _results(bundle: _Bundle, students: dict[str, Ids], parsed: ParsedFile) -> None:
    items = bundle.by_id("lineitems.csv")
    categories = bundle.by_id("categories.csv")
    classes = bundle.by_id("classes.csv")
    first_row: dict[tuple[str | None, ...], int] = {}
    for row, cells in bundle.rows("results.csv"):
        checks = RowErrors(row, parsed.errors)
        student_id, item_id = cells["studentsourcedid"].strip(), cells["lineitemsourcedid"].strip()
        ids = students.get(student_id)
        item = items.get(item_id)
        if ids is None:
            checks.add(
                "student",
                "unknown_student",
                f"{student_id} is not a student of users.csv with a usable UPN or id",
            )
        if item is None:
            checks.add("line_item", "unknown_line_item", f"{item_id} is not in lineItems.csv")
        if ids is None or item is None:
            continue
        category = categories.get(item.get("categorysourcedid", "").strip(), {}).get("title", "")
        subject = _subject(category, item["title"])
        if subject is None:
            parsed.unknown_codes.setdefault(category.strip() or item["title"].strip(), []).append(
                row
            )
            continue
        sessions = [_either(item, "academicsessionsourcedid", "gradingperiodsourcedid")]
        klass = classes.get(item.get("classsourcedid", "").strip(), {})
        sessions += klass.get("termsourcedids", "").split(",")
        point = checks.call("point", _point, bundle, item, sessions)
        year = checks.call("academic_year", _year, bundle, cells, item, sessions)
        result = checks.call("result", _result, cells, item)
        if point is None or year is None or result is None:
            continue
        key = (*ids, subject, year, point)
        if first_row.setdefault(key, row) != row:
            checks.add(
                "result",
                "duplicate",
                f"row {first_row[key]} has a result for the same student, subject and point",
            )
            continue
        scale = item.get("metadata.scale", "").strip().lower() or None
        parsed.results.append(ResultRecord(row, *ids, subject, year, point, result, scale))


def _subject(category: str, title: str) -> str | None:
    """From the category title, else the line item title, else a subject word in either."""
    for text in (category, title):
        if code := subject_code(text):
            return code
    words = re.findall(r"[a-z]+", f"{category} {title}".lower())
    return next((code for word in words if (code := subject_code(word))), None)


def _point(bundle: _Bundle, item: Row, sessions: list[str]) -> str:
    if not is_blank(item.get("metadata.point")):
        return item["metadata.point"].strip().lower()
    for session_id in sessions:
        title = bundle.sessions.get(session_id.strip(), {}).get("title", "")
        if match := _SEASON.search(title):
            return match.group(1).lower()
    raise ValueProblem(
        "point_unknown",
        f"line item '{item['title'].strip()}' has no metadata.point and no Autumn, Spring or "
        "Summer session",
    )


def _year(bundle: _Bundle, cells: Row, item: Row, sessions: list[str]) -> str:
    for session_id in sessions:
        if session_id.strip() and (year := bundle.school_year(session_id)):
            return year
    for value in (cells.get("scoredate"), item.get("duedate"), item.get("assigndate")):
        if not is_blank(value):
            return academic_year_of(parse_date((value or "")[:10]))
    raise ValueProblem("required", "no session or date gives the result's academic year")


def _result(cells: Row, item: Row) -> str:
    """textScore if given, else the score (104.0 is 104), checked against the item's range."""
    if text := parse_text(cells.get("textscore", ""), max_length=50):
        return text
    score = cells.get("score", "").strip()
    if not score:
        status = SCORE_STATUSES.get(cells.get("scorestatus", "").strip().lower())
        if status is None:
            raise ValueProblem("required", "the result has no score or textScore")
        return status
    value = float(score) if _is_number(score) else math.nan
    if not math.isfinite(value):
        raise ValueProblem("score", f"'{score}' is not a number")
    bounds = [item.get("resultvaluemin", "").strip(), item.get("resultvaluemax", "").strip()]
    low, high = (float(b) if _is_number(b) else None for b in bounds)
    if (low is not None and value < low) or (high is not None and value > high):
        raise ValueProblem("out_of_range", f"{score} is outside {bounds[0]} to {bounds[1]}")
    return str(int(value)) if value.is_integer() else score


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
