"""Adding a trust's schools from the DfE register: the CSV that "Get Information about Schools"
exports, with its own column names and hundreds of columns we do not need.

The whole file is checked before anything is written: a row that cannot be taken (a URN of the
wrong shape, a school of another trust) refuses the file with every such row named. Closed and
not-yet-open schools are not rows in error: they are skipped, each with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from termwise.errors import FieldError, Unprocessable
from termwise.ingest.records import FileRejected
from termwise.ingest.tables import check_size, read_table
from termwise.orgs.models import Phase, School, Trust
from termwise.orgs.schemas import RegisterImport, RegisterRow

MAX_BYTES = 20 * 1024 * 1024

URN = "urn"
LA_CODE = "la (code)"
NUMBER = "establishmentnumber"
NAME = "establishmentname"
STATUS = "establishmentstatus (name)"
PHASE = "phaseofeducation (name)"
TYPE = "typeofestablishment (name)"
REQUIRED = (URN, LA_CODE, NUMBER, NAME, STATUS, PHASE)

_PHASES = {
    "nursery": Phase.nursery,
    "primary": Phase.primary,
    "middle deemed primary": Phase.middle,
    "middle deemed secondary": Phase.middle,
    "secondary": Phase.secondary,
    "16 plus": Phase.secondary,
    "all-through": Phase.all_through,
}
_OPEN = {"open", "open, but proposed to close"}
_NOT_OPEN_REASONS = {
    "closed": "the register lists it as closed",
    "proposed to open": "the register lists it as proposed to open: add it once it opens",
}


@dataclass
class _Row:
    number: int
    urn: str
    laestab: str
    name: str
    phase: Phase


def import_register(session: Session, trust: Trust, data: bytes) -> RegisterImport:
    rows, skipped, errors = _read(data)
    errors += _clashes(session, trust, rows)
    if errors:
        errors.sort(key=lambda e: int(e.pointer.split("/")[3]))
        raise Unprocessable(
            f"{len(errors)} row(s) of the file cannot be taken; nothing was added.", errors=errors
        )
    outcome: list[RegisterRow] = list(skipped)
    for row in rows:
        school = session.scalar(select(School).where(School.urn == row.urn))
        if school is None:
            school = School(
                trust_id=trust.id, urn=row.urn, laestab=row.laestab, name=row.name, phase=row.phase
            )
            session.add(school)
            session.flush()
            what = "created"
        elif (school.laestab, school.name, school.phase) == (row.laestab, row.name, row.phase):
            what = "unchanged"
        else:
            school.laestab, school.name, school.phase = row.laestab, row.name, row.phase
            session.flush()
            what = "updated"
        outcome.append(
            RegisterRow(
                row=row.number, urn=row.urn, name=row.name, outcome=what, school_id=school.id
            )
        )
    outcome.sort(key=lambda r: r.row)
    count = {
        k: sum(1 for r in outcome if r.outcome == k)
        for k in ("created", "updated", "unchanged", "skipped")
    }
    return RegisterImport(**count, rows=outcome)


def _read(data: bytes) -> tuple[list[_Row], list[RegisterRow], list[FieldError]]:
    try:
        check_size(data, MAX_BYTES)
        table = read_table(data, windows_fallback=True)
    except FileRejected as rejected:
        raise Unprocessable(
            f"The file cannot be read: {rejected}.",
            errors=[FieldError(pointer="/file", message=str(rejected), code=rejected.code)],
        ) from None
    missing = [c for c in REQUIRED if c not in table.columns]
    if missing:
        raise Unprocessable(
            "This is not a register download: it has no "
            + ", ".join(f"'{_heading(c)}'" for c in missing)
            + " column. Export the schools from Get Information about Schools as CSV.",
            errors=[
                FieldError(pointer=f"/file/columns/{_heading(c)}", message="missing", code="column")
                for c in missing
            ],
        )
    errors = [
        FieldError(pointer=f"/file/rows/{e.row}", message=e.message, code=e.code)
        for e in table.errors
    ]
    errors += [
        FieldError(
            pointer=f"/file/rows/{n}",
            message="the row has fewer cells than the header: it looks cut short",
            code="truncated_row",
        )
        for n in table.short
    ]
    rows: list[_Row] = []
    skipped: list[RegisterRow] = []
    for number, cells in table.rows:
        if number in table.short:
            continue
        urn, name = cells[URN].strip(), cells[NAME].strip()
        status = cells[STATUS].strip().lower()
        if status not in _OPEN:
            reason = _NOT_OPEN_REASONS.get(status, f"its status is '{cells[STATUS].strip()}'")
            skipped.append(
                RegisterRow(row=number, urn=urn, name=name, outcome="skipped", reason=reason)
            )
            continue
        problems = _row_problems(cells)
        if problems:
            errors += [
                FieldError(pointer=f"/file/rows/{number}/{_heading(c)}", message=m, code="value")
                for c, m in problems
            ]
            continue
        la, establishment = cells[LA_CODE].strip(), cells[NUMBER].strip()
        phase = _phase(cells)
        assert phase is not None  # _row_problems refused the row otherwise
        rows.append(_Row(number, urn, f"{la}{int(establishment):04d}", name, phase))
    return rows, skipped, errors


def _row_problems(cells: dict[str, str]) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    if not (cells[URN].strip().isdigit() and len(cells[URN].strip()) == 6):
        problems.append((URN, f"'{cells[URN].strip()}' is not a URN: six digits"))
    la = cells[LA_CODE].strip()
    if not (la.isdigit() and len(la) == 3):
        problems.append((LA_CODE, f"'{la}' is not an LA code: three digits"))
    number = cells[NUMBER].strip()
    if not (number.isdigit() and 1 <= len(number) <= 4):
        problems.append((NUMBER, f"'{number}' is not an establishment number: up to four digits"))
    if not cells[NAME].strip():
        problems.append((NAME, "the school has no name"))
    elif len(cells[NAME].strip()) > 200:
        problems.append((NAME, "longer than 200 characters"))
    if _phase(cells) is None:
        problems.append((PHASE, f"'{cells[PHASE].strip()}' is not a phase Termwise knows"))
    return problems


def _phase(cells: dict[str, str]) -> Phase | None:
    kind = cells.get(TYPE, "").lower()
    if "special" in kind or "pupil referral" in kind:
        return Phase.special
    return _PHASES.get(cells[PHASE].strip().lower())


def _clashes(session: Session, trust: Trust, rows: list[_Row]) -> list[FieldError]:
    """Rows that would take a school from another trust, or repeat a URN or LAESTAB."""
    errors: list[FieldError] = []
    seen_urns: dict[str, int] = {}
    seen_laestabs: dict[str, int] = {}
    urns = [r.urn for r in rows]
    laestabs = [r.laestab for r in rows]
    by_urn = {s.urn: s for s in session.scalars(select(School).where(School.urn.in_(urns)))}
    by_laestab = {
        s.laestab: s for s in session.scalars(select(School).where(School.laestab.in_(laestabs)))
    }
    for row in rows:
        at = f"/file/rows/{row.number}"
        if row.urn in seen_urns:
            errors.append(
                FieldError(
                    pointer=f"{at}/URN",
                    message=f"repeats row {seen_urns[row.urn]}",
                    code="duplicate",
                )
            )
        seen_urns.setdefault(row.urn, row.number)
        if row.laestab in seen_laestabs and seen_laestabs[row.laestab] != row.number:
            errors.append(
                FieldError(
                    pointer=f"{at}/EstablishmentNumber",
                    message=f"LAESTAB {row.laestab} repeats row {seen_laestabs[row.laestab]}",
                    code="duplicate",
                )
            )
        seen_laestabs.setdefault(row.laestab, row.number)
        held = by_urn.get(row.urn)
        if held is not None and held.trust_id != trust.id:
            errors.append(
                FieldError(
                    pointer=f"{at}/URN",
                    message=f"URN {row.urn} belongs to a school of another trust",
                    code="other_trust",
                )
            )
        other = by_laestab.get(row.laestab)
        if other is not None and other.urn != row.urn:
            errors.append(
                FieldError(
                    pointer=f"{at}/EstablishmentNumber",
                    message=f"LAESTAB {row.laestab} is already held by the school "
                    f"with URN {other.urn}",
                    code="laestab_taken",
                )
            )
    return errors


def _heading(column: str) -> str:
    """The register's own spelling of a column, for messages."""
    return {
        URN: "URN",
        LA_CODE: "LA (code)",
        NUMBER: "EstablishmentNumber",
        NAME: "EstablishmentName",
        STATUS: "EstablishmentStatus (name)",
        PHASE: "PhaseOfEducation (name)",
        TYPE: "TypeOfEstablishment (name)",
    }[column]
