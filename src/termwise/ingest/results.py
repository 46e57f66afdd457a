"""Checking assessment results and writing them in bulk.

Checking is pure look-ups against the batch's vocabulary. Writing is set-based: the rows go into
a temporary table (by COPY on PostgreSQL) and are upserted from there, the values being replaced
kept in ``assessment_history``; on PostgreSQL that is one statement. No ORM object is made per
row.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import (
    Boolean,
    Column,
    ColumnElement,
    Connection,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    and_,
    func,
    insert,
    literal,
    literal_column,
    select,
    text,
    true,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import Insert

from termwise.assessment.models import Assessment, AssessmentHistory, NonResult, ScaleKind, Source
from termwise.assessment.statutory import ensure_points, is_statutory
from termwise.db import UTCDateTime, utcnow
from termwise.ingest.identity import KnownPupils, enrolled_here, identity_of, known_pupils
from termwise.ingest.records import ResultRecord, RowError
from termwise.ingest.vocabulary import PointRef, Vocabulary, load_points
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

# PostgreSQL: one advisory-lock namespace for result writes; the second key is the school.
RESULTS_LOCK = 7_221_002


@dataclass(frozen=True, slots=True)
class Writer:
    """Who is writing, how the result arrived, and whether closed points may change."""

    label: str
    source: Source
    may_correct: bool
    reason: str | None


# Not frozen: made once per row, and a frozen dataclass costs five times as much to make.
@dataclass(slots=True)
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


class Refusal(NamedTuple):
    """Why a row is refused; ``unknown`` is the code to list among the batch's unknown codes."""

    field: str
    message: str
    code: str
    unknown: str | None = None


CLOSED = Refusal(
    "point",
    "this assessment point is closed; a leader can correct it with a reason",
    "point_closed",
)

# What a row's result means: (scale, step, score, non-result).
Value = tuple[int | None, int | None, float | None, str | None]


def check_results(
    session: Session, vocab: Vocabulary, records: list[ResultRecord], writer: Writer
) -> ResultCheck:
    """Check every row against the vocabulary and the pupils the batch names.

    A batch repeats itself: each pupil once per subject and point, a handful of subjects and
    points, a few dozen distinct results. So each part of a row is worked out once per distinct
    value and remembered for the batch, and a row costs a few dictionary look-ups.
    """
    check = ResultCheck()
    _make_statutory_points(session, vocab, records)
    upns = {normalise(upn) for upn in {r.upn for r in records} if upn}
    mis_ids = {mis_id.strip() for mis_id in {r.mis_id for r in records} if mis_id}
    pupils = known_pupils(session, vocab.trust_id, vocab.school_id, upns, mis_ids)
    enrolled = enrolled_here(
        session, vocab.school_id, set(pupils.by_upn.values()) | set(pupils.by_mis_id.values())
    )
    may_change_closed = writer.may_correct and bool(writer.reason)
    who: dict[tuple[str | None, str | None], int | Refusal] = {}
    where: dict[tuple[str, str, str], tuple[int, PointRef] | Refusal] = {}
    what: dict[tuple[str, str | None, str | None], Value | Refusal] = {}
    seen: dict[tuple[int, int, int], CheckedResult] = {}
    for record in records:
        row = record.row
        pupil_id = who.get(identity := (record.upn, record.mis_id))
        if pupil_id is None:
            pupil_id = who[identity] = _pupil_of(record.upn, record.mis_id, pupils)
        if isinstance(pupil_id, Refusal):
            _refuse(check, row, pupil_id)
            continue
        place = where.get(named := (record.subject, record.academic_year, record.point))
        if place is None:
            place = where[named] = _subject_and_point(named, vocab)
        if isinstance(place, Refusal):
            _refuse(check, row, place)
            continue
        subject_id, point = place
        # A statutory result may come from any school the pupil was at, before they joined.
        if not point.statutory and (pupil_id, point.academic_year_id) not in enrolled:
            message = f"the pupil is not on this school's roll in {record.academic_year}"
            _refuse(check, row, Refusal(_identity_field(record), message, "not_enrolled_here"))
            continue
        if point.closed_at is not None and not may_change_closed:
            _refuse(check, row, CLOSED)
            continue
        value = what.get(given := (record.result, record.scale, point.score_scale))
        if value is None:
            value = what[given] = _interpret(*given, vocab)
        if isinstance(value, Refusal):
            _refuse(check, row, value)
            continue
        checked = CheckedResult(row, pupil_id, subject_id, point.id, *value)
        key = (pupil_id, subject_id, point.id)
        earlier = seen.get(key)
        if earlier is None:
            seen[key] = checked
            check.rows.append(checked)
            check.touched.add((point.id, subject_id))
        elif earlier.values() == checked.values():
            check.merged_duplicates.append(row)
        else:
            message = f"row {earlier.row} gives this pupil, subject and point another result"
            _refuse(check, row, Refusal("result", message, "conflicting_duplicate"))
    return check


def _make_statutory_points(
    session: Session, vocab: Vocabulary, records: list[ResultRecord]
) -> None:
    """The statutory points the batch names that the trust has no row for yet, made now."""
    named = {(r.academic_year.strip(), r.point.strip().lower()) for r in records}
    missing = {pair for pair in named - vocab.points.keys() if is_statutory(pair[1])}
    if missing:
        ensure_points(session, vocab.trust_id, missing)
        vocab.points.update(load_points(session, vocab.trust_id))


def _refuse(check: ResultCheck, row: int, refusal: Refusal) -> None:
    check.errors.append(RowError(row, refusal.field, refusal.message, refusal.code))
    if refusal.code.startswith("upn_"):
        check.invalid_upns.append(row)
    if refusal.unknown is not None:
        check.unknown_codes.setdefault(refusal.unknown, []).append(row)


def _identity_field(record: ResultRecord) -> str:
    return "upn" if record.upn else "mis_id"


def _pupil_of(upn: str | None, mis_id: str | None, pupils: KnownPupils) -> int | Refusal:
    refusals: list[Refusal] = []
    identity = identity_of(upn, mis_id, lambda *reason: refusals.append(Refusal(*reason)))
    if identity is None:
        return refusals[0]
    pupil_id = pupils.find(*identity)
    if pupil_id is None:
        field_name = "upn" if identity[0] else "mis_id"
        return Refusal(field_name, "no such pupil at this school's trust", "unknown_pupil")
    return pupil_id


def _subject_and_point(
    named: tuple[str, str, str], vocab: Vocabulary
) -> tuple[int, PointRef] | Refusal:
    subject, academic_year, point_code = named
    subject_id = vocab.subjects.get(subject.strip().lower())
    if subject_id is None:
        return Refusal(
            "subject", f"unknown subject {subject!r}", "unknown_subject", f"subject:{subject}"
        )
    point = vocab.points.get((academic_year.strip(), point_code.strip().lower()))
    if point is None:
        return Refusal(
            "point",
            f"no assessment point {point_code!r} in {academic_year}",
            "unknown_point",
            f"point:{point_code}",
        )
    return subject_id, point


def _interpret(
    result: str, scale_code: str | None, point_scale: str | None, vocab: Vocabulary
) -> Value | Refusal:
    """What a result means on its scale: the one named, or the only scale with that step, or
    for a number the point's own score scale (a phonics mark, say) or the only score scale."""
    text_value = result.strip()
    if not text_value:
        return Refusal("result", "the result is empty", "missing_result")
    non_result = NON_RESULTS.get(text_value.lower())
    if non_result is not None:
        return (None, None, None, non_result.value)
    scale = None
    if scale_code:
        scale = vocab.scales.get(scale_code.strip())
        if scale is None:
            return Refusal("scale", f"unknown scale {scale_code!r}", "unknown_scale")
    candidates = vocab.steps.get(text_value.casefold(), [])
    if scale is not None and scale.kind is ScaleKind.steps:
        on_scale = [c for c in candidates if c[0] == scale.id]
        if not on_scale:
            return Refusal(
                "result", f"{text_value!r} is not a step of scale {scale.code}", "step_not_on_scale"
            )
        return (scale.id, on_scale[0][1], None, None)
    if scale is None and len(candidates) == 1:
        scale_id, step_id = candidates[0]
        return (scale_id, step_id, None, None)
    if scale is None and len(candidates) > 1:
        return Refusal(
            "scale", f"{text_value!r} is a step of several scales; name one", "ambiguous_step"
        )
    score = _as_number(text_value)
    if score is None:
        return Refusal(
            "result", f"{text_value!r} is not a step, score or non-result", "unknown_step"
        )
    if scale is None and point_scale is not None:
        scale = vocab.scales.get(point_scale)
    score_scales = [scale] if scale is not None else vocab.score_scales()
    if len(score_scales) != 1:
        return Refusal("scale", "a score needs its scale named", "ambiguous_step")
    target = score_scales[0]
    assert target is not None and target.score_min is not None and target.score_max is not None
    if not target.score_min <= score <= target.score_max:
        return Refusal(
            "result",
            f"{score:g} is outside {target.code}'s range {target.score_min:g}-{target.score_max:g}",
            "score_out_of_range",
        )
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
        # Batches for one school take turns, so the history keeps each value a batch replaced.
        connection.execute(
            text("SELECT pg_advisory_xact_lock(:space, :school)"),
            {"space": RESULTS_LOCK, "school": school_id},
        )
    incoming = _incoming_table()
    incoming.create(connection)
    try:
        _load(connection, incoming, rows, postgres)
        now = utcnow()
        if postgres:
            return _upsert_keeping_history(connection, incoming, school_id, writer, now, len(rows))
        counts, changed_ids = _classify(connection, incoming, len(rows))
        _keep_history(connection, changed_ids, writer, now)
        connection.execute(_upsert(incoming, school_id, writer, now, postgres=False))
        return counts
    finally:
        incoming.drop(connection)


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
    incoming: Table, school_id: int, writer: Writer, now: datetime, *, postgres: bool
) -> Insert:
    """Insert the incoming rows; a row already there is updated only if its value differs."""
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
    return statement.on_conflict_do_update(
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


def _upsert_keeping_history(
    connection: Connection,
    incoming: Table,
    school_id: int,
    writer: Writer,
    now: datetime,
    total: int,
) -> WriteCounts:
    """PostgreSQL: upsert, keep the replaced values and count the outcome in one statement.

    The upsert returns the rows it inserted or changed (``xmax = 0`` marks an insert); every
    part of a statement sees the table as it was before the statement, so joining the changed
    ids back to ``assessments`` reads the values being replaced. Only changed rows are looked
    up a second time, and rows sent unchanged are not returned at all.
    """
    a = Assessment.__table__.c
    written = (
        _upsert(incoming, school_id, writer, now, postgres=True)
        .returning(a.id.label("id"), literal_column("xmax = 0", Boolean).label("created"))
        .cte("written")
    )
    history = (
        insert(AssessmentHistory)
        .from_select(
            [
                "assessment_id", "scale_id", "step_id", "score", "non_result", "source",
                "recorded_by", "recorded_at", "replaced_by", "replaced_at", "reason",
            ],
            select(
                a.id, a.scale_id, a.step_id, a.score, a.non_result, a.source,
                a.recorded_by, a.recorded_at, literal(writer.label),
                literal(now, UTCDateTime()), literal(writer.reason),
            )
            .join(written, written.c.id == a.id)
            .where(~written.c.created),
        )
        .cte("kept")
    )  # fmt: skip
    created, updated = connection.execute(
        select(
            func.count().filter(written.c.created),
            func.count().filter(~written.c.created),
        )
        .select_from(written)
        .add_cte(history)
    ).one()
    return WriteCounts(created, updated, total - created - updated)
