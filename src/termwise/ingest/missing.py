"""The missing-results part of a batch's data-quality summary: for each point and subject the
batch wrote, who on the school's roll that year still has no result, not even a recorded
absence."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from termwise.assessment.models import Assessment
from termwise.assessment.statutory import STAGES
from termwise.ingest.schemas import MissingResults
from termwise.ingest.vocabulary import Vocabulary
from termwise.orgs.models import YearGroup
from termwise.pupils.models import Enrolment

LISTED = 100  # pupil ids listed per point and subject; the count is always whole


def missing_results(
    session: Session, vocab: Vocabulary, touched: set[tuple[int, int]]
) -> list[MissingResults]:
    """One query per (point, subject) the batch touched.

    Each is "on roll EXCEPT has a result": two range scans and a hashed set difference, linear
    in the school's roll whatever the planner knows about the tables, where an anti-join's plan
    depends on statistics that lag behind a bulk load.
    """
    points = {p.id: (year, code, p.academic_year_id) for (year, code), p in vocab.points.items()}
    subject_codes = {subject_id: code for code, subject_id in vocab.subjects.items()}
    summary = []
    for point_id, subject_id in sorted(touched):
        year, code, year_id = points[point_id]
        on_roll = select(Enrolment.pupil_id.label("pupil_id")).where(
            Enrolment.school_id == vocab.school_id, Enrolment.academic_year_id == year_id
        )
        stage = STAGES.get(code)
        if stage is not None:
            # A statutory assessment is taken by one year group: the rest are not missing it.
            on_roll = on_roll.join(YearGroup, YearGroup.id == Enrolment.year_group_id).where(
                YearGroup.code == stage.year_group
            )
        with_result = select(Assessment.pupil_id).where(
            Assessment.point_id == point_id, Assessment.subject_id == subject_id
        )
        missing = on_roll.except_(with_result).subquery()
        rows = session.execute(
            select(missing.c.pupil_id, func.count().over())
            .order_by(missing.c.pupil_id)
            .limit(LISTED)
        ).all()
        summary.append(
            MissingResults(
                academic_year=year,
                point=code,
                subject=subject_codes[subject_id],
                count=rows[0][1] if rows else 0,
                pupil_ids=[pupil_id for pupil_id, _ in rows],
            )
        )
    return summary
