"""The DfE Common Transfer File (CTF): the XML every English MIS exports when a pupil moves.

Elements are found by name (any namespace, any case), a pupil's fields either directly under
<Pupil> (older files) or under <Pupil><BasicDetails> (newer ones), so both layouts read.

Row numbers: a pupil's row is its 1-based position among the <Pupil> elements of the file; a
result's row is its 1-based position among all <StageAssessment> elements of the file.

Safety: parsed with defusedxml, which refuses any DTD (so no entities, external or expanding).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from termwise.ingest.records import FileRejected, ParsedFile, PupilRecord, ResultRecord
from termwise.ingest.tables import MAX_BYTES, check_size
from termwise.ingest.values import (
    SEN_LETTERS,
    RowErrors,
    ValueProblem,
    academic_year_of,
    academic_year_starting,
    is_blank,
    parse_bool,
    parse_date,
    parse_date_of_birth,
    parse_gender,
    parse_name,
    parse_upn,
    parse_year_group,
    required_name,
)

# <Stage> of a <KeyStage> → assessment point.
STAGES = {"FSP": "eyfs", "EYF": "eyfs", "EYFS": "eyfs", "KS1": "ks1", "KS2": "ks2"}
STAGES |= {"PHO": "phonics", "PSC": "phonics", "MTC": "mtc"}
# <Component> (looked up first) or <Subject> → subject code. ENG alone says too little.
SUBJECTS = {"RD": "reading", "REA": "reading", "READ": "reading"}
SUBJECTS |= {"WR": "writing", "WRI": "writing", "WRIT": "writing", "GPS": "gps"}
SUBJECTS |= {"MA": "maths", "MAT": "maths", "MATH": "maths", "SC": "science", "SCI": "science"}
SUBJECTS |= {"PHO": "phonics", "PSC": "phonics", "MTC": "maths"}
# Subject or component codes that name a statutory check rather than a key stage result.
CHECKS = {"PHO": "phonics", "PSC": "phonics", "MTC": "mtc"}
# Raw marks sit beside scaled scores for the same test; only the scaled score is kept.
RAW_QUALIFIERS = {"RS", "RAW", "MK"}
RESULT_CODES = {"A": "absent", "D": "not_required"}
# The EYFS profile's judgements as numbers: emerging, expected, exceeding (before 2021).
EYFS_CODES = {"1": "EMG", "2": "EXP", "3": "EXC"}
# First languages that are (or are believed to be) English; NOT/REF mean "not known".
ENGLISH = {"ENG", "ENB"}
UNKNOWN_LANGUAGE = {"NOT", "REF", ""}
FIRST_LANGUAGE_TYPES = {"F", "FLANG", "FIRST"}


def parse_ctf(data: bytes, *, max_bytes: int = MAX_BYTES) -> ParsedFile:
    check_size(data, max_bytes)
    root = _parse_xml(data)
    if _name(root) != "ctfile":
        raise FileRejected(
            f"not a Common Transfer File: the root element is <{_name(root)}>", code="not_ctf"
        )
    header = _kid(root, "Header")
    today = _export_date(header)
    context = _Context(today, _academic_year(header, today))
    parsed = ParsedFile()
    pupils = _kid(root, "CTFpupilData")
    for position, pupil in enumerate(_kids(pupils, "Pupil"), start=1):
        upn = context.pupil(pupil, position, parsed)
        for stage, assessment in _assessments(pupil):
            context.result_row += 1
            context.result(assessment, stage, position, upn, parsed)
    return parsed


def _parse_xml(data: bytes) -> Element:
    try:
        return fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise FileRejected(
            f"the file declares a DTD or entities ({type(error).__name__}), which are refused "
            "for safety; a CTF needs neither",
            code="unsafe_xml",
        ) from None
    except ParseError as error:
        raise FileRejected(
            f"the file is not well-formed XML ({error}); it may be cut short", code="malformed"
        ) from None


# --- finding elements by name ------------------------------------------------------------------


def _name(element: Element) -> str:
    return str(element.tag).rsplit("}", 1)[-1].lower()


def _kids(element: Element | None, name: str) -> list[Element]:
    return [] if element is None else [c for c in element if _name(c) == name.lower()]


def _kid(element: Element | None, name: str) -> Element | None:
    found = _kids(element, name)
    return found[0] if found else None


def _text(element: Element | None, name: str) -> str:
    child = _kid(element, name)
    return (child.text or "").strip() if child is not None else ""


def _pupil_kid(pupil: Element, name: str) -> Element | None:
    """A pupil's element directly under <Pupil> or under <BasicDetails>."""
    found = _kid(pupil, name)
    return found if found is not None else _kid(_kid(pupil, "BasicDetails"), name)


def _pupil_text(pupil: Element, *names: str) -> str:
    for name in names:
        child = _pupil_kid(pupil, name)
        if child is not None and (child.text or "").strip():
            return (child.text or "").strip()
    return ""


def _assessments(pupil: Element) -> Iterator[tuple[str, Element]]:
    """(stage, <StageAssessment>) in file order, with or without a <KeyStage> around them."""
    container = _kid(pupil, "StageAssessments")
    for child in [] if container is None else list(container):
        if _name(child) == "keystage":
            for assessment in _kids(child, "StageAssessment"):
                yield _text(child, "Stage"), assessment
        elif _name(child) == "stageassessment":
            yield "", child


# --- the header --------------------------------------------------------------------------------


def _export_date(header: Element | None) -> date:
    """When the file was made: FSM and SEN are read as they stood then."""
    try:
        return parse_date(_text(header, "DateTime")[:10])
    except ValueProblem:
        return date.today()


def _academic_year(header: Element | None, exported: date) -> str:
    # <AcademicYear> is the year the academic year starts (2025 for 2025/26).
    year = _text(header, "AcademicYear") or _text(_kid(header, "SourceSchool"), "AcademicYear")
    if year.isdigit() and len(year) == 4:
        return academic_year_starting(int(year))
    return academic_year_of(exported)


# --- pupils and results ------------------------------------------------------------------------


class _Context:
    def __init__(self, exported: date, academic_year: str) -> None:
        self.exported = exported
        self.academic_year = academic_year
        self.result_row = 0

    def pupil(self, pupil: Element, row: int, parsed: ParsedFile) -> str | None:
        """Adds the pupil's record or errors; returns its UPN if that alone is usable."""
        checks = RowErrors(row, parsed.errors)
        upn = checks.take("upn", parse_upn, _pupil_text(pupil, "UPN"))
        if upn is None and not checks.failed:
            checks.add("upn", "required", "a CTF pupil needs a UPN")
        usable_upn = None if checks.failed else upn
        first = checks.take(
            "legal_first_name", required_name, _pupil_text(pupil, "Forename", "LegalForename")
        )
        last = checks.take(
            "legal_last_name", required_name, _pupil_text(pupil, "Surname", "LegalSurname")
        )
        preferred_first = checks.take(
            "preferred_first_name", parse_name, _pupil_text(pupil, "PreferredForename")
        )
        preferred_last = checks.take(
            "preferred_last_name", parse_name, _pupil_text(pupil, "PreferredSurname")
        )
        born = checks.take("date_of_birth", parse_date_of_birth, _pupil_text(pupil, "DOB"))
        gender = checks.take("gender", _gender, _pupil_text(pupil, "Sex", "Gender"))
        year_group = checks.take("year_group", _year_group, _pupil_text(pupil, "NCyearActual"))
        fsm, ever6 = self._fsm(pupil, checks)
        sen = self._sen(pupil, checks)
        looked_after = checks.take(
            "looked_after", parse_bool, _text(_pupil_kid(pupil, "LookedAfter"), "InCare")
        )
        eal = _eal(pupil)
        if first is None or last is None or born is None or gender is None or checks.failed:
            return usable_upn
        said = (year_group, fsm, ever6, eal, sen, looked_after)
        parsed.pupils.append(
            PupilRecord(
                row=row,
                upn=upn,
                mis_id=None,
                legal_first_name=first,
                legal_last_name=last,
                preferred_first_name=preferred_first,
                preferred_last_name=preferred_last,
                date_of_birth=born,
                gender=gender,
                academic_year=self.academic_year if any(v is not None for v in said) else None,
                year_group=year_group,
                fsm=fsm,
                ever6_fsm=ever6,
                eal=eal,
                sen_status=sen,
                looked_after=looked_after,
            )
        )
        return usable_upn

    def _fsm(self, pupil: Element, checks: RowErrors) -> tuple[bool | None, bool | None]:
        """Eligible on the export date, and at any time in the six years before it."""
        history = _pupil_kid(pupil, "FSMhistory")
        if history is None:
            return None, None
        six_years_ago = _years_before(self.exported, 6)
        now = ever6 = False
        for instance in _kids(history, "FSMinstance"):
            start = checks.take("fsm", parse_date, _text(instance, "FSMstartDate"))
            ended = _text(instance, "FSMendDate")
            end = checks.take("fsm", parse_date, ended) if ended else None
            if start is None or (ended and end is None) or start > self.exported:
                continue
            now = now or end is None or end >= self.exported
            ever6 = ever6 or end is None or end >= six_years_ago
        return now, ever6

    def _sen(self, pupil: Element, checks: RowErrors) -> str | None:
        """The provision current on the export date; "none" when every spell has ended."""
        entries = _kids(_pupil_kid(pupil, "SENhistory"), "SEN") or _kids(pupil, "SEN")
        if not entries:
            letter = _pupil_text(pupil, "SENprovision")
            return checks.take("sen_status", _sen_letter, letter) if letter else None
        current: list[tuple[date, str]] = []
        for entry in entries:
            status = checks.take("sen_status", _sen_letter, _text(entry, "SENprovision"))
            end = _date_or(_text(entry, "EndDate"), date.max)
            if status is not None and end >= self.exported:
                current.append((_date_or(_text(entry, "StartDate"), date.min), status))
        return max(current)[1] if current else "none"

    def result(
        self, element: Element, stage: str, pupil_row: int, upn: str | None, parsed: ParsedFile
    ) -> None:
        row = self.result_row
        checks = RowErrors(row, parsed.errors)
        stage = (_text(element, "Stage") or stage).upper()
        subject_code = _text(element, "Subject").upper()
        component = _text(element, "Component").upper()
        method = _text(element, "Method").upper()
        if _text(element, "ResultQualifier").upper() in RAW_QUALIFIERS:
            return
        check = CHECKS.get(component) or CHECKS.get(subject_code)
        point = check or STAGES.get(stage)
        subject = SUBJECTS.get(component) or SUBJECTS.get(subject_code)
        if point is None:
            parsed.unknown_codes.setdefault(f"Stage:{stage}", []).append(row)
            return
        if subject is None:
            code = f"Subject:{subject_code}" + (f"/{component}" if component else "")
            parsed.unknown_codes.setdefault(code, []).append(row)
            return
        if upn is None:
            checks.add("upn", "pupil_rejected", f"pupil {pupil_row} has no valid UPN")
        result = _text(element, "Result")
        if not result:
            checks.add("result", "required", "a result is required")
        year = checks.take("academic_year", _result_year, _result_date_or_year(element))
        if upn is None or year is None or checks.failed:
            return
        scale = None  # EYFS, phonics and the MTC have their own codes; the service matches them
        if method == "TA" and point in {"ks1", "ks2"}:
            scale = "ks_ta"
        elif method == "TT" and point == "ks2" and result.isdigit():
            scale = "ks2_scaled"
        result = RESULT_CODES.get(result.upper(), result)
        if point == "eyfs":
            result = EYFS_CODES.get(result, result)
        parsed.results.append(ResultRecord(row, upn, None, subject, year, point, result, scale))


def _gender(value: str) -> str:
    return "X" if value.strip().upper() == "U" else parse_gender(value)


def _year_group(value: str) -> str | None:
    # Nursery (N1, N2) and out-of-year (X) pupils have no year group Termwise tracks.
    if value.strip().upper() in {"N1", "N2", "X"}:
        return None
    return parse_year_group(value)


def _sen_letter(value: str) -> str:
    status = SEN_LETTERS.get(value.strip().upper())
    if status is None:
        raise ValueProblem("sen_status", f"'{value.strip()}' is not an SEN provision letter")
    return status


def _eal(pupil: Element) -> bool | None:
    """EAL when the first language is other than English; None when it is not known."""
    language = _pupil_text(pupil, "FirstLanguage")
    for kind in _kids(_pupil_kid(pupil, "Languages"), "Type"):
        code = (_text(kind, "LanguageType") or _text(kind, "TypeID")).upper()
        if code in FIRST_LANGUAGE_TYPES:
            language = _text(kind, "Language")
            break
    language = language.upper()
    if language in UNKNOWN_LANGUAGE:
        return None
    return language not in ENGLISH


def _result_date_or_year(element: Element) -> str:
    return _text(element, "ResultDate")[:10] or _text(element, "Year")


def _result_year(value: str) -> str:
    """From the result date; else from <Year>, the calendar year the assessment was taken."""
    if is_blank(value):
        raise ValueProblem("required", "the result has neither a ResultDate nor a Year")
    if value.isdigit() and len(value) == 4:
        return academic_year_starting(int(value) - 1)
    return academic_year_of(parse_date(value))


def _date_or(value: str, default: date) -> date:
    """A date that only orders things (when an SEN spell started or ended)."""
    try:
        return parse_date(value[:10])
    except ValueProblem:
        return default


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)
