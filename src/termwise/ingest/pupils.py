"""Checking pupil records and writing them: the pupil, the school's MIS id for them, their
enrolment for the year and that year's characteristics.

Pupils are matched by UPN across the trust (a pupil who moves school keeps one record), then by
the school's MIS id. Writes are bulk statements; each created or changed pupil gets an audit
event with the values before and after.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from termwise.audit.recorder import record_event
from termwise.ingest.identity import chunks, identity_of, known_pupils
from termwise.ingest.records import PupilRecord, RowError
from termwise.ingest.vocabulary import Vocabulary
from termwise.pupils.models import (
    Enrolment,
    Gender,
    Pupil,
    PupilCharacteristics,
    SchoolPupilId,
    SenStatus,
)
from termwise.pupils.names import search_name

PUPIL_FIELDS = (
    "upn",
    "legal_first_name",
    "legal_last_name",
    "preferred_first_name",
    "preferred_last_name",
    "date_of_birth",
    "gender",
)
CHARACTERISTICS = (
    "fsm",
    "ever6_fsm",
    "pupil_premium",
    "eal",
    "sen_status",
    "looked_after",
    "more_able",
)


@dataclass(frozen=True, slots=True)
class CheckedPupil:
    row: int
    record: PupilRecord
    upn: str | None
    mis_id: str | None
    academic_year_id: int | None
    year_group_id: int | None
    class_id: int | None


@dataclass(slots=True)
class PupilCheck:
    rows: list[CheckedPupil] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    invalid_upns: list[int] = field(default_factory=list)
    unknown_codes: dict[str, list[int]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PupilCounts:
    created: int
    updated: int
    unchanged: int


def check_pupils(
    vocab: Vocabulary, records: list[PupilRecord], *, today: date | None = None
) -> PupilCheck:
    today = today or date.today()
    check = PupilCheck()
    seen_upns: dict[str, int] = {}
    seen_mis_ids: dict[str, int] = {}
    for record in records:

        def reject(field_name: str, message: str, code: str, row: int = record.row) -> None:
            check.errors.append(RowError(row, field_name, message, code))

        checked = _check_one(vocab, record, today, reject, check)
        if checked is None:
            continue
        duplicate_of = seen_upns.get(checked.upn) if checked.upn else None
        if duplicate_of is None and checked.mis_id:
            duplicate_of = seen_mis_ids.get(checked.mis_id)
        if duplicate_of is not None:
            reject("upn", f"the same pupil as row {duplicate_of}", "duplicate")
            continue
        if checked.upn:
            seen_upns[checked.upn] = record.row
        if checked.mis_id:
            seen_mis_ids[checked.mis_id] = record.row
        check.rows.append(checked)
    return check


def _check_one(
    vocab: Vocabulary,
    record: PupilRecord,
    today: date,
    reject: Callable[..., None],
    check: PupilCheck,
) -> CheckedPupil | None:
    identity = identity_of(record.upn, record.mis_id, reject)
    if identity is None:
        if check.errors[-1].code.startswith("upn_"):
            check.invalid_upns.append(record.row)
        return None
    upn, mis_id = identity
    for name_field in ("legal_first_name", "legal_last_name"):
        if not (getattr(record, name_field) or "").strip():
            reject(name_field, "is required", "missing")
            return None
    if record.date_of_birth > today:
        reject("date_of_birth", "is in the future", "future_date")
        return None
    if record.gender not in {g.value for g in Gender}:
        reject("gender", "must be F, M or X", "unknown_code")
        return None
    if record.sen_status is not None and record.sen_status not in {s.value for s in SenStatus}:
        reject("sen_status", "must be none, sen_support or ehc_plan", "unknown_code")
        return None
    year_id = year_group_id = class_id = None
    if record.academic_year is not None:
        year_id = vocab.academic_years.get(record.academic_year)
        if year_id is None:
            reject(
                "academic_year", f"unknown academic year {record.academic_year!r}", "unknown_code"
            )
            return None
        year_group_id = vocab.year_groups.get(record.year_group or "")
        if year_group_id is None:
            check.unknown_codes.setdefault(f"year_group:{record.year_group}", []).append(record.row)
            reject("year_group", f"unknown year group {record.year_group!r}", "unknown_code")
            return None
        if record.class_name:
            class_id = vocab.classes.get((year_id, record.class_name.strip().casefold()))
            if class_id is None:
                check.unknown_codes.setdefault(f"class:{record.class_name}", []).append(record.row)
                reject(
                    "class",
                    f"no class {record.class_name!r} at this school in {record.academic_year}",
                    "unknown_class",
                )
                return None
    return CheckedPupil(record.row, record, upn, mis_id, year_id, year_group_id, class_id)


def write_pupils(session: Session, vocab: Vocabulary, rows: list[CheckedPupil]) -> PupilCounts:
    if not rows:
        return PupilCounts(0, 0, 0)
    known = known_pupils(
        session,
        vocab.trust_id,
        vocab.school_id,
        {r.upn for r in rows if r.upn},
        {r.mis_id for r in rows if r.mis_id},
    )
    ids = [known.find(r.upn, r.mis_id) for r in rows]
    existing = _current_values(session, [i for i in ids if i is not None])
    new_ids = _create(session, vocab, [r for r, i in zip(rows, ids, strict=True) if i is None])
    fresh = iter(new_ids)
    pupil_ids = [i if i is not None else next(fresh) for i in ids]
    updated = {
        pupil_id
        for row, pupil_id in zip(rows, ids, strict=True)
        if pupil_id is not None and _update(session, vocab, pupil_id, row, existing[pupil_id])
    }
    _link_mis_ids(session, vocab.school_id, rows, pupil_ids)
    updated |= _write_enrolments_and_characteristics(session, vocab, rows, pupil_ids)
    updated -= set(new_ids)
    return PupilCounts(len(new_ids), len(updated), len(rows) - len(new_ids) - len(updated))


def _values(row: CheckedPupil) -> dict[str, Any]:
    r = row.record
    return {
        "upn": row.upn,
        "legal_first_name": r.legal_first_name.strip(),
        "legal_last_name": r.legal_last_name.strip(),
        "preferred_first_name": (r.preferred_first_name or "").strip() or None,
        "preferred_last_name": (r.preferred_last_name or "").strip() or None,
        "date_of_birth": r.date_of_birth,
        "gender": r.gender,
    }


def _current_values(session: Session, pupil_ids: list[int]) -> dict[int, dict[str, Any]]:
    current: dict[int, dict[str, Any]] = {}
    columns = [getattr(Pupil, f) for f in PUPIL_FIELDS]
    for part in chunks([str(i) for i in pupil_ids]):
        for row in session.execute(
            select(Pupil.id, *columns).where(Pupil.id.in_([int(i) for i in part]))
        ):
            values = dict(zip(PUPIL_FIELDS, row[1:], strict=True))
            values["gender"] = Gender(values["gender"]).value
            current[row[0]] = values
    return current


def _create(session: Session, vocab: Vocabulary, rows: list[CheckedPupil]) -> list[int]:
    if not rows:
        return []
    params = []
    for row in rows:
        values = _values(row)
        params.append(
            values
            | {
                "trust_id": vocab.trust_id,
                "gender": Gender(values["gender"]),
                "search_name": _search_name_of(values),
                "version": 1,
            }
        )
    result = session.execute(
        insert(Pupil).returning(Pupil.id, sort_by_parameter_order=True), params
    )
    new_ids = list(result.scalars())
    for pupil_id, values in zip(new_ids, params, strict=True):
        after = {k: _jsonable(values[k]) for k in PUPIL_FIELDS}
        record_event(
            session,
            action="create",
            entity_type="pupils",
            entity_id=str(pupil_id),
            trust_id=vocab.trust_id,
            school_id=vocab.school_id,
            after=after,
        )
    return new_ids


def _search_name_of(values: dict[str, Any]) -> str:
    return search_name(
        values["legal_first_name"],
        values["preferred_first_name"],
        values["legal_last_name"],
        values["preferred_last_name"],
    )


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, enum.Enum) else value


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _update(
    session: Session, vocab: Vocabulary, pupil_id: int, row: CheckedPupil, current: dict[str, Any]
) -> bool:
    values = _values(row)
    if row.upn is None:
        values["upn"] = current["upn"]  # matched by MIS id: keep the UPN we know
    changed = {k: v for k, v in values.items() if current[k] != v}
    if not changed:
        return False
    session.execute(
        update(Pupil)
        .where(Pupil.id == pupil_id)
        .values(
            **{k: Gender(v) if k == "gender" else v for k, v in changed.items()},
            search_name=_search_name_of(values),
            version=Pupil.version + 1,
        )
    )
    record_event(
        session,
        action="update",
        entity_type="pupils",
        entity_id=str(pupil_id),
        trust_id=vocab.trust_id,
        school_id=vocab.school_id,
        before={k: _jsonable(current[k]) for k in changed},
        after={k: _jsonable(v) for k, v in changed.items()},
    )
    return True


def _link_mis_ids(
    session: Session, school_id: int, rows: list[CheckedPupil], pupil_ids: list[int]
) -> None:
    links = [
        {"school_id": school_id, "mis_id": r.mis_id, "pupil_id": pupil_id}
        for r, pupil_id in zip(rows, pupil_ids, strict=True)
        if r.mis_id
    ]
    if links:
        dialect_insert = _dialect_insert(session)
        session.execute(dialect_insert(SchoolPupilId).on_conflict_do_nothing(), links)


def _dialect_insert(session: Session) -> Any:
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert


def _write_enrolments_and_characteristics(
    session: Session, vocab: Vocabulary, rows: list[CheckedPupil], pupil_ids: list[int]
) -> set[int]:
    """Upsert each row's enrolment and characteristics; returns the pupils whose changed."""
    placed = [
        (r, r.academic_year_id, p)
        for r, p in zip(rows, pupil_ids, strict=True)
        if r.academic_year_id is not None
    ]
    if not placed:
        return set()
    year_ids = {year_id for _, year_id, _ in placed}
    ids = [p for _, _, p in placed]
    enrolments = {
        (e.pupil_id, e.academic_year_id): (e.year_group_id, e.class_id)
        for e in session.execute(
            select(
                Enrolment.pupil_id,
                Enrolment.academic_year_id,
                Enrolment.year_group_id,
                Enrolment.class_id,
            ).where(
                Enrolment.school_id == vocab.school_id,
                Enrolment.pupil_id.in_(ids),
                Enrolment.academic_year_id.in_(year_ids),
            )
        )
    }
    traits = {
        (c.pupil_id, c.academic_year_id): c
        for c in session.scalars(
            select(PupilCharacteristics).where(
                PupilCharacteristics.pupil_id.in_(ids),
                PupilCharacteristics.academic_year_id.in_(year_ids),
            )
        )
    }
    changed: set[int] = set()
    enrol_new, enrol_changed, trait_rows = [], [], []
    for row, year_id, pupil_id in placed:
        key = (pupil_id, year_id)
        placement = (row.year_group_id, row.class_id)
        if key not in enrolments:
            enrol_new.append(
                {
                    "pupil_id": pupil_id,
                    "academic_year_id": year_id,
                    "school_id": vocab.school_id,
                    "year_group_id": row.year_group_id,
                    "class_id": row.class_id,
                }
            )
            changed.add(pupil_id)
        elif enrolments[key] != placement:
            enrol_changed.append(
                {
                    "p": pupil_id,
                    "y": row.academic_year_id,
                    "g": row.year_group_id,
                    "c": row.class_id,
                }
            )
            changed.add(pupil_id)
        # A characteristic the source does not give (None) keeps the value we hold.
        old = traits.get(key)
        before = {f: _plain(getattr(old, f)) if old else None for f in CHARACTERISTICS}
        given = {f: getattr(row.record, f) for f in CHARACTERISTICS}
        merged = before | {f: v for f, v in given.items() if v is not None}
        if old is None or before != merged:
            trait_rows.append({"pupil_id": pupil_id, "academic_year_id": year_id} | merged)
            changed.add(pupil_id)
    if enrol_new:
        session.execute(insert(Enrolment), enrol_new)
    if enrol_changed:
        session.execute(
            update(Enrolment)
            .where(
                Enrolment.pupil_id == bindparam("p"),
                Enrolment.academic_year_id == bindparam("y"),
                Enrolment.school_id == vocab.school_id,
            )
            .values(year_group_id=bindparam("g"), class_id=bindparam("c")),
            enrol_changed,
            execution_options={"synchronize_session": False},
        )
    if trait_rows:
        statement = _dialect_insert(session)(PupilCharacteristics)
        session.execute(
            statement.on_conflict_do_update(
                index_elements=["pupil_id", "academic_year_id"],
                set_={f: getattr(statement.excluded, f) for f in CHARACTERISTICS},
            ),
            trait_rows,
        )
    return changed
