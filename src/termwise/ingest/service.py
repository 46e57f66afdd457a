"""One way in for pupil and assessment data, whatever carried it: the MIS push API, a file
import or the command line. Check every row, then write all of them or (in partial mode) the good
ones, and always say what was done and what looks wrong."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.orm import Session

from termwise.assessment.models import Source
from termwise.audit.recorder import record_event
from termwise.auth.roles import Permission
from termwise.errors import FieldError, Unprocessable
from termwise.ingest import pupils as pupil_rows
from termwise.ingest import results as result_rows
from termwise.ingest.missing import missing_results
from termwise.ingest.records import PupilRecord, ResultRecord, RowError
from termwise.ingest.schemas import (
    BatchResult,
    Mode,
    QualityItem,
    QualitySummary,
)
from termwise.ingest.vocabulary import load_vocabulary
from termwise.observability.metrics import ASSESSMENT_ROWS
from termwise.orgs.models import School
from termwise.tenancy import Principal, holds_at_school


def push_results(
    session: Session,
    school: School,
    principal: Principal,
    records: Sequence[ResultRecord],
    *,
    mode: Mode,
    source: Source,
    correction_reason: str | None = None,
    pointer_prefix: str = "/results",
) -> BatchResult:
    vocab = load_vocabulary(session, school.trust_id, school.id)
    writer = result_rows.Writer(
        label=principal.label,
        source=source,
        may_correct=holds_at_school(
            principal,
            Permission.assessments_correct,
            school_id=school.id,
            trust_id=school.trust_id,
        ),
        reason=correction_reason,
    )
    check = result_rows.check_results(session, vocab, list(records), writer)
    ASSESSMENT_ROWS.labels(outcome="rejected").inc(len({e.row for e in check.errors}))
    _refuse_if_all_or_nothing(mode, check.errors, pointer_prefix)
    counts = result_rows.write_results(session, school.id, check.rows, writer)
    for outcome, rows in (
        ("created", counts.created),
        ("updated", counts.updated),
        ("unchanged", counts.unchanged),
    ):
        ASSESSMENT_ROWS.labels(outcome=outcome).inc(rows)
    result = _batch_result(
        mode,
        (counts.created, counts.updated, counts.unchanged),
        check.errors,
        pointer_prefix,
        QualitySummary(
            invalid_upns=_item(check.invalid_upns),
            duplicates_merged=_item(check.merged_duplicates),
            unknown_codes={code: _item(rows) for code, rows in check.unknown_codes.items()},
            missing_results=missing_results(session, vocab, check.touched),
        ),
    )
    _audit(session, school, "assessment_batches", result, correction_reason)
    return result


def push_pupils(
    session: Session,
    school: School,
    records: Sequence[PupilRecord],
    *,
    mode: Mode,
    pointer_prefix: str = "/pupils",
) -> BatchResult:
    vocab = load_vocabulary(session, school.trust_id, school.id)
    check = pupil_rows.check_pupils(vocab, list(records))
    _refuse_if_all_or_nothing(mode, check.errors, pointer_prefix)
    counts = pupil_rows.write_pupils(session, vocab, check.rows)
    result = _batch_result(
        mode,
        (counts.created, counts.updated, counts.unchanged),
        check.errors,
        pointer_prefix,
        QualitySummary(
            invalid_upns=_item(check.invalid_upns),
            duplicates_merged=_item([]),
            unknown_codes={code: _item(rows) for code, rows in check.unknown_codes.items()},
            missing_results=[],
        ),
    )
    _audit(session, school, "pupil_batches", result, None)
    return result


def _batch_result(
    mode: Mode,
    counts: tuple[int, int, int],
    errors: list[RowError],
    prefix: str,
    quality: QualitySummary,
) -> BatchResult:
    created, updated, unchanged = counts
    return BatchResult(
        mode=mode,
        created=created,
        updated=updated,
        unchanged=unchanged,
        rejected=len({e.row for e in errors}),
        errors=_field_errors(errors, prefix),
        quality=quality,
    )


def _refuse_if_all_or_nothing(mode: Mode, errors: list[RowError], prefix: str) -> None:
    if mode == "all" and errors:
        rows = len({e.row for e in errors})
        raise Unprocessable(
            f"{rows} row(s) are not valid, so nothing was written. Fix them, or send "
            "?mode=partial to write the valid rows.",
            errors=_field_errors(errors, prefix),
        )


def _field_errors(errors: list[RowError], prefix: str) -> list[FieldError]:
    ordered = sorted(errors, key=lambda e: e.row)
    return [
        FieldError(pointer=f"{prefix}/{e.row}/{e.field}", message=e.message, code=e.code)
        for e in ordered
    ]


def _item(rows: list[int]) -> QualityItem:
    return QualityItem(count=len(rows), rows=sorted(rows))


def _audit(
    session: Session, school: School, entity_type: str, result: BatchResult, reason: str | None
) -> None:
    if not (result.created or result.updated):
        return
    record_event(
        session,
        action="import",
        entity_type=entity_type,
        entity_id=uuid.uuid4().hex,
        trust_id=school.trust_id,
        school_id=school.id,
        after={
            "mode": result.mode,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "rejected": result.rejected,
            "correction_reason": reason,
        },
    )
