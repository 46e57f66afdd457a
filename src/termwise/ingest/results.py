"""Checking assessment results and writing them in bulk.

Checking is pure look-ups against the batch's vocabulary. Writing is set-based: the rows go into
a temporary table (by COPY on PostgreSQL), then one statement keeps the values being replaced in
``assessment_history`` and one upsert writes the new ones. No ORM object is made per row.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import (
    Column,
    ColumnElement,
    Connection,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    and_,
    insert,
    literal,
    select,
    text,
    true,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from termwise.assessment.models import Assessment, AssessmentHistory, NonResult, ScaleKind, Source
from termwise.db import UTCDateTime, utcnow
from termwise.ingest.identity import KnownPupils, enrolled_here, identity_of, known_pupils
from termwise.ingest.records import ResultRecord, RowError
from termwise.ingest.vocabulary import PointRef, Vocabulary
from termwise.pupils.upn import normalise

NON_RESULTS = {
    "absent": NonResult.absent,
    "abs": NonResult.absent,
    "a": NonResult.absent,
    "not_required": NonResult.not_required,
    "nr": NonResult.not_required,
    "not_enrolled": NonResult.not_enrolled,
    "ne": NonResult.not_enrolled,
}

# Records a row's problem: (field, message, code).
Reject = Callable[[str, str, str], None]

# PostgreSQL: one advisory-lock namespace for result writes; the second key is the school.
RESULTS_LOCK = 7_221_002


@dataclass(frozen=True, slots=True)
class Writer:
    """Who is writing, how the result arrived, and whether closed points may change."""

    label: str
    source: Source
    may_correct: bool
    reason: str | None


@dataclass(frozen=True, slots=True)
class CheckedResult:
    row: int
    pupil_id: int
    subject_id: int
    point_id: int
    scale_id: int | None
    step_id: int | None
    score: float | None
    non_result: str | None

    def values(self) -> tuple[int | None, int | None, float | None, str | None]:
        return (self.scale_id, self.step_id, self.score, self.non_result)


@dataclass(slots=True)
class ResultCheck:
    rows: list[CheckedResult] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    # Identical rows sent twice: kept once, counted here.
    merged_duplicates: list[int] = field(default_factory=list)
    invalid_upns: list[int] = field(default_factory=list)
    unknown_codes: dict[str, list[int]] = field(default_factory=dict)
    # (point id, subject id) pairs the batch touched, for the missing-results summary.
    touched: set[tuple[int, int]] = field(default_factory=set)


@dataclass(frozen=True, slots=True)
class WriteCounts:
    created: int
    updated: int
    unchanged: int


def check_results(
    session: Session, vocab: Vocabulary, records: list[ResultRecord], writer: Writer
) -> ResultCheck:
    check = ResultCheck()
    upns = {normalise(r.upn) for r in records if r.upn}
    mis_ids = {r.mis_id.strip() for r in records if r.mis_id}
    pupils = known_pupils(session, vocab.trust_id, vocab.school_id, upns, mis_ids)
    enrolled = enrolled_here(
        session, vocab.school_id, set(pupils.by_upn.values()) | set(pupils.by_mis_id.values())
    )
    seen: dict[tuple[int, int, int], CheckedResult] = {}
    for record in records:
        checked = _check_one(record, vocab, pupils, enrolled, writer, check)
        if checked is None:
            continue
        key = (checked.pupil_id, checked.subject_id, checked.point_id)
        earlier = seen.get(key)
        if earlier is not None:
            if earlier.values() == checked.values():
                check.merged_duplicates.append(record.row)
            else:
                check.errors.append(
                    RowError(
                        record.row,
                        "result",
                        f"row {earlier.row} gives this pupil, subject and point another result",
                        "conflicting_duplicate",
                    )
                )
            continue
        seen[key] = checked
        check.rows.append(checked)
        check.touched.add((checked.point_id, checked.subject_id))
    return check


def _check_one(
    record: ResultRecord,
    vocab: Vocabulary,
    pupils: KnownPupils,
    enrolled: set[tuple[int, int]],
    writer: Writer,
    check: ResultCheck,
) -> CheckedResult | None:
    def reject(field_name: str, message: str, code: str) -> None:
        check.errors.append(RowError(record.row, field_name, message, code))

    identity = identity_of(record.upn, record.mis_id, reject)
    if identity is None:
        if check.errors[-1].code.startswith("upn_"):
            check.invalid_upns.append(record.row)
        return None
    upn, mis_id = identity
    pupil_id = pupils.find(upn, mis_id)
    if pupil_id is None:
        reject("upn" if upn else "mis_id", "no such pupil at this school's trust", "unknown_pupil")
        return None
    subject_id = vocab.subjects.get(record.subject.strip().lower())
    if subject_id is None:
        check.unknown_codes.setdefault(f"subject:{record.subject}", []).append(record.row)
        reject("subject", f"unknown subject {record.subject!r}", "unknown_subject")
        return None
    point = vocab.points.get((record.academic_year.strip(), record.point.strip().lower()))
    if point is None:
        check.unknown_codes.setdefault(f"point:{record.point}", []).append(record.row)
        reject(
            "point",
            f"no assessment point {record.point!r} in {record.academic_year}",
            "unknown_point",
        )
        return None
    if (pupil_id, point.academic_year_id) not in enrolled:
        reject(
            "upn" if upn else "mis_id",
            f"the pupil is not on this school's roll in {record.academic_year}",
            "not_enrolled_here",
        )
        return None
    if point.closed_at is not None and not _may_change_closed(writer, point):
        reject(
            "point",
            "this assessment point is closed; a leader can correct it with a reason",
            "point_closed",
        )
        return None
    value = _interpret(record, vocab, reject)
    if value is None:
        return None
    scale_id, step_id, score, non_result = value
    return CheckedResult(
        record.row, pupil_id, subject_id, point.id, scale_id, step_id, score, non_result
    )


def _may_change_closed(writer: Writer, point: PointRef) -> bool:
    return writer.may_correct and bool(writer.reason)


def _interpret(
    record: ResultRecord, vocab: Vocabulary, reject: Reject
) -> tuple[int | None, int | None, float | None, str | None] | None:
    """The record's result as (scale, step, score, non-result), or None after rejecting it."""
    text_value = record.result.strip()
    if not text_value:
        reject("result", "the result is empty", "missing_result")
        return None
    non_result = NON_RESULTS.get(text_value.lower())
    if non_result is not None:
        return (None, None, None, non_result.value)
    scale = None
    if record.scale:
        scale = vocab.scales.get(record.scale.strip())
        if scale is None:
            reject("scale", f"unknown scale {record.scale!r}", "unknown_scale")
            return None
    candidates = vocab.steps.get(text_value.casefold(), [])
    if scale is not None and scale.kind is ScaleKind.steps:
        on_scale = [c for c in candidates if c[0] == scale.id]
        if not on_scale:
            reject(
                "result", f"{text_value!r} is not a step of scale {scale.code}", "step_not_on_scale"
            )
            return None
        return (scale.id, on_scale[0][1], None, None)
    if scale is None and len(candidates) == 1:
        scale_id, step_id = candidates[0]
        return (scale_id, step_id, None, None)
    if scale is None and len(candidates) > 1:
        reject("scale", f"{text_value!r} is a step of several scales; name one", "ambiguous_step")
        return None
    score = _as_number(text_value)
    if score is None:
        reject("result", f"{text_value!r} is not a step, score or non-result", "unknown_step")
        return None
    score_scales = [scale] if scale is not None else vocab.score_scales()
    if len(score_scales) != 1:
        reject("scale", "a score needs its scale named", "ambiguous_step")
        return None
    target = score_scales[0]
    assert target is not None and target.score_min is not None and target.score_max is not None
    if not target.score_min <= score <= target.score_max:
        reject(
            "result",
            f"{score:g} is outside {target.code}'s range {target.score_min:g}-{target.score_max:g}",
            "score_out_of_range",
        )
        return None
    return (target.id, None, score, None)


def _as_number(value: str) -> float | None:
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


# --- writing ---------------------------------------------------------------------------------

_COLUMNS = ("pupil_id", "subject_id", "point_id", "scale_id", "step_id", "score", "non_result")


def _incoming_table() -> Table:
    return Table(
        "incoming_results",
        MetaData(),
        Column("pupil_id", Integer, nullable=False),
        Column("subject_id", Integer, nullable=False),
        Column("point_id", Integer, nullable=False),
        Column("scale_id", Integer),
        Column("step_id", Integer),
        Column("score", Float),
        Column("non_result", String(12)),
        prefixes=["TEMPORARY"],
        postgresql_on_commit="DROP",
    )


def write_results(
    session: Session, school_id: int, rows: list[CheckedResult], writer: Writer
) -> WriteCounts:
    if not rows:
        return WriteCounts(0, 0, 0)
    connection = session.connection()
    postgres = connection.dialect.name == "postgresql"
    if postgres:
        # Batches for one school take turns, so classifying and writing see the same rows.
        connection.execute(
            text("SELECT pg_advisory_xact_lock(:space, :school)"),
            {"space": RESULTS_LOCK, "school": school_id},
        )
    incoming = _incoming_table()
    incoming.create(connection)
    try:
        _load(connection, incoming, rows, postgres)
        if postgres:
            # The batch is a few thousand rows against a table of millions: look each one up
            # by the unique index. With a fresh temporary table and lagging statistics the
            # planner would otherwise hash the whole of `assessments` for every batch.
            connection.execute(text("SET LOCAL enable_hashjoin = off"))
            connection.execute(text("SET LOCAL enable_mergejoin = off"))
        counts, changed_ids = _classify(connection, incoming, len(rows))
        if postgres:
            connection.execute(text("SET LOCAL enable_hashjoin = on"))
            connection.execute(text("SET LOCAL enable_mergejoin = on"))
        now = utcnow()
        _keep_history(connection, changed_ids, writer, now)
        _upsert(connection, incoming, school_id, writer, now, postgres)
    finally:
        incoming.drop(connection)
    return counts


def _load(
    connection: Connection, incoming: Table, rows: list[CheckedResult], postgres: bool
) -> None:
    if postgres:
        raw = connection.connection.driver_connection
        assert raw is not None
        copy_sql = f"COPY incoming_results ({', '.join(_COLUMNS)}) FROM STDIN"
        with raw.cursor() as cursor, cursor.copy(copy_sql) as copy:
            for r in rows:
                copy.write_row(
                    (r.pupil_id, r.subject_id, r.point_id, r.scale_id, r.step_id, r.score,
                     r.non_result)
                )  # fmt: skip
        return
    connection.execute(
        insert(incoming),
        [
            {
                "pupil_id": r.pupil_id,
                "subject_id": r.subject_id,
                "point_id": r.point_id,
                "scale_id": r.scale_id,
                "step_id": r.step_id,
                "score": r.score,
                "non_result": r.non_result,
            }
            for r in rows
        ],
    )


def _same_key(incoming: Table) -> ColumnElement[bool]:
    a = Assessment.__table__.c
    return and_(
        a.pupil_id == incoming.c.pupil_id,
        a.subject_id == incoming.c.subject_id,
        a.point_id == incoming.c.point_id,
    )


def _classify(connection: Connection, incoming: Table, total: int) -> tuple[WriteCounts, list[int]]:
    a = Assessment.__table__.c
    i = incoming.c
    same_value = and_(
        a.scale_id.is_not_distinct_from(i.scale_id),
        a.step_id.is_not_distinct_from(i.step_id),
        a.score.is_not_distinct_from(i.score),
        a.non_result.is_not_distinct_from(i.non_result),
    )
    existing = connection.execute(
        select(a.id, same_value).select_from(
            incoming.join(Assessment.__table__, _same_key(incoming))
        )
    ).all()
    changed = [row_id for row_id, same in existing if not same]
    unchanged = len(existing) - len(changed)
    return WriteCounts(total - len(existing), len(changed), unchanged), changed


def _keep_history(
    connection: Connection, changed_ids: list[int], writer: Writer, now: datetime
) -> None:
    a = Assessment.__table__.c
    for start in range(0, len(changed_ids), 5000):
        part = changed_ids[start : start + 5000]
        connection.execute(
            insert(AssessmentHistory).from_select(
                [
                    "assessment_id", "scale_id", "step_id", "score", "non_result", "source",
                    "recorded_by", "recorded_at", "replaced_by", "replaced_at", "reason",
                ],
                select(
                    a.id, a.scale_id, a.step_id, a.score, a.non_result, a.source,
                    a.recorded_by, a.recorded_at, literal(writer.label),
                    literal(now, UTCDateTime()), literal(writer.reason),
                ).where(a.id.in_(part)),
            )
        )  # fmt: skip


def _upsert(
    connection: Connection,
    incoming: Table,
    school_id: int,
    writer: Writer,
    now: datetime,
    postgres: bool,
) -> None:
    dialect_insert = postgresql.insert if postgres else sqlite.insert
    i = incoming.c
    statement = dialect_insert(Assessment).from_select(
        [*_COLUMNS, "school_id", "source", "recorded_by", "recorded_at", "version"],
        select(
            i.pupil_id, i.subject_id, i.point_id, i.scale_id, i.step_id, i.score, i.non_result,
            literal(school_id), literal(writer.source.value), literal(writer.label),
            literal(now, UTCDateTime()), literal(1),
        ).where(true()),  # SQLite needs a WHERE before ON CONFLICT in INSERT … SELECT
    )  # fmt: skip
    excluded = statement.excluded
    current = Assessment.__table__.c
    differs = ~and_(
        current.scale_id.is_not_distinct_from(excluded.scale_id),
        current.step_id.is_not_distinct_from(excluded.step_id),
        current.score.is_not_distinct_from(excluded.score),
        current.non_result.is_not_distinct_from(excluded.non_result),
    )
    connection.execute(
        statement.on_conflict_do_update(
            index_elements=["pupil_id", "subject_id", "point_id"],
            set_={
                "scale_id": excluded.scale_id,
                "step_id": excluded.step_id,
                "score": excluded.score,
                "non_result": excluded.non_result,
                "school_id": excluded.school_id,
                "source": excluded.source,
                "recorded_by": excluded.recorded_by,
                "recorded_at": excluded.recorded_at,
                "version": current.version + 1,
            },
            where=differs,
        )
    )
