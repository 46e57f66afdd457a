"""One way in for pupil and assessment data, whatever carried it: the MIS push API, a file
import or the command line. Check every row, then write all of them or (in partial mode) the good
ones, and always say what was done and what looks wrong."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from termwise.assessment.models import Assessment, Source
from termwise.audit.recorder import record_event
from termwise.auth.roles import Permission
from termwise.errors import FieldError, Unprocessable
from termwise.ingest import pupils as pupil_rows
from termwise.ingest import results as result_rows
from termwise.ingest.records import PupilRecord, ResultRecord, RowError
from termwise.ingest.schemas import (
    BatchResult,
    MissingResults,
    Mode,
    QualityItem,
    QualitySummary,
)
from termwise.ingest.vocabulary import Vocabulary, load_vocabulary
from termwise.orgs.models import School
from termwise.pupils.models import Enrolment
from termwise.tenancy import Principal, holds_at_school

MISSING_LISTED = 100  # pupil ids listed per missing-results line; the count is always whole


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
    _refuse_if_all_or_nothing(mode, check.errors, pointer_prefix)
    counts = result_rows.write_results(session, school.id, check.rows, writer)
    result = _batch_result(
        mode,
        (counts.created, counts.updated, counts.unchanged),
        check.errors,
        pointer_prefix,
        QualitySummary(
            invalid_upns=_item(check.invalid_upns),
            duplicates_merged=_item(check.merged_duplicates),
            unknown_codes={code: _item(rows) for code, rows in check.unknown_codes.items()},
            missing_results=_missing_results(session, vocab, check.touched),
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


def _missing_results(
    session: Session, vocab: Vocabulary, touched: set[tuple[int, int]]
) -> list[MissingResults]:
    """For each point and subject the batch wrote, who on roll still has no result.

    Counted per point as "on roll" minus "on roll with a result" for each subject (one count and
    one grouped count), and only the first pupils are listed, so the summary costs little
    however large the school.
    """
    points = {p.id: (year, code, p.academic_year_id) for (year, code), p in vocab.points.items()}
    subject_names = {subject_id: code for code, subject_id in vocab.subjects.items()}
    by_point: dict[int, list[int]] = {}
    for point_id, subject_id in sorted(touched):
        by_point.setdefault(point_id, []).append(subject_id)
    missing = []
    for point_id, subject_ids in by_point.items():
        year, code, year_id = points[point_id]
        on_roll = select(Enrolment.pupil_id).where(
            Enrolment.school_id == vocab.school_id, Enrolment.academic_year_id == year_id
        )
        roll = session.scalar(select(func.count()).select_from(on_roll.subquery())) or 0
        present: dict[int, int] = dict(
            session.execute(
                select(Assessment.subject_id, func.count())
                .where(
                    Assessment.point_id == point_id,
                    Assessment.subject_id.in_(subject_ids),
                    Assessment.pupil_id.in_(on_roll),
                )
                .group_by(Assessment.subject_id)
            ).all()
        )
        for subject_id in subject_ids:
            count = roll - present.get(subject_id, 0)
            listed = []
            if count:
                with_result = select(Assessment.pupil_id).where(
                    Assessment.point_id == point_id, Assessment.subject_id == subject_id
                )
                listed = list(
                    session.scalars(
                        on_roll.where(Enrolment.pupil_id.not_in(with_result))
                        .order_by(Enrolment.pupil_id)
                        .limit(MISSING_LISTED)
                    )
                )
            missing.append(
                MissingResults(
                    academic_year=year,
                    point=code,
                    subject=subject_names[subject_id],
                    count=count,
                    pupil_ids=listed,
                )
            )
    return missing


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
