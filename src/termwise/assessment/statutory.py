"""The national statutory assessments: the same for every school in England, every year.

Their assessment points exist for every academic year without a trust defining them: the first
result for one (a transferring pupil's KS1 result from four years ago, say) makes the trust's
point for that year. A trust that did define a point with one of these codes (its own "ks2" point)
has defined this point.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from termwise.assessment.models import AssessmentPoint
from termwise.db import insert_ignoring_conflicts, utcnow
from termwise.orgs.models import AcademicYear


class StageCode(enum.StrEnum):
    eyfs = "eyfs"
    phonics = "phonics"
    ks1 = "ks1"
    mtc = "mtc"
    ks2 = "ks2"


@dataclass(frozen=True)
class Stage:
    code: str
    name: str
    # The year group that takes it (a phonics retake is the next year's "phonics" point).
    year_group: str
    # When it is taken: (month, day) in the academic year's summer.
    taken_on: tuple[int, int]
    # The scale a bare number means at this point, where several score scales could.
    score_scale: str | None
    # After the trust's termly points of the same year.
    ordinal: int


STAGES: dict[str, Stage] = {
    s.code: s
    for s in (
        Stage("eyfs", "EYFS profile", "R", (6, 30), None, 91),
        Stage("phonics", "Phonics screening check", "Y1", (6, 15), "phonics_mark", 92),
        Stage("ks1", "KS1 assessments", "Y2", (6, 30), "ks1_scaled", 93),
        Stage("mtc", "Multiplication tables check", "Y4", (6, 20), "mtc_score", 94),
        Stage("ks2", "KS2 tests and assessments", "Y6", (5, 15), "ks2_scaled", 95),
    )
}


# Score scales a bare number means only at their own statutory point: a "104" sent for a termly
# point is still a KS2-style scaled score (a mock test), never a KS1 one.
POINT_ONLY_SCALES = frozenset({"phonics_mark", "ks1_scaled", "mtc_score"})


def is_statutory(point_code: str) -> bool:
    return point_code in STAGES


def ensure_points(session: Session, trust_id: int, wanted: set[tuple[str, str]]) -> None:
    """Makes the trust's points for these (academic year, stage code) pairs where missing.

    Concurrent batches may both make one: the insert ignores the clash and both read the same
    row. Years Termwise does not know are left out (the row is then refused as an unknown point).
    """
    year_codes = {year for year, code in wanted if code in STAGES}
    if not year_codes:
        return
    years = {
        y.code: y
        for y in session.scalars(select(AcademicYear).where(AcademicYear.code.in_(year_codes)))
    }
    now = utcnow()
    for year_code, code in sorted(wanted):
        stage, year = STAGES.get(code), years.get(year_code)
        if stage is None or year is None:
            continue
        insert_ignoring_conflicts(
            session,
            AssessmentPoint,
            trust_id=trust_id,
            academic_year_id=year.id,
            code=code,
            name=stage.name,
            slot=code,
            ordinal=stage.ordinal,
            assessed_on=date(year.ends_on.year, *stage.taken_on),
            created_at=now,
            updated_at=now,
            version=1,
        )
