"""The demo pupils' statutory results from before the demo's years: the EYFS profile, the
phonics check (and its retake), KS1 and the multiplication tables check. They are what a pupil
page shows as starting points, and what the transition matrix can start from.

Each pupil's results follow from how they tend to do in each subject, drawn from a generator of
their own (seeded by their UPN), so adding them changes nothing else the demo makes. The
statutory points are made the way a transfer file's results make them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from termwise.assessment.models import AssessmentPoint, Scale, ScaleStep, Source, Subject
from termwise.assessment.statutory import STAGES, ensure_points
from termwise.orgs.models import AcademicYear

if TYPE_CHECKING:
    from termwise.demo.pupils import PlannedPupil

SEED = "termwise-demo-statutory-1"
RECORDED_BY = "Common transfer file"
# No EYFS profile, phonics check, KS1 assessments or MTC were taken in 2019/20 or 2020/21.
CANCELLED = {2019, 2020}
CORE = ("reading", "writing", "maths")


@dataclass(frozen=True)
class StatutoryResult:
    year: int  # the first calendar year of the academic year
    stage: str
    subject: str
    scale: str
    step: str | None = None
    score: float | None = None


def plan_statutory(pupil: PlannedPupil, today: date) -> list[StatutoryResult]:
    rng = random.Random(f"{SEED}:{pupil.upn}")  # noqa: S311
    start = pupil.reception_year
    ability = pupil.abilities
    planned: list[StatutoryResult] = []
    for subject in CORE:
        judged = ability[subject] + rng.gauss(0.2, 0.5)
        planned.append(
            StatutoryResult(start, "eyfs", subject, "eyfs_elg", "EXP" if judged > -0.9 else "EMG")
        )
    mark = _clamp(round(34 + 3.5 * ability["reading"] + rng.gauss(0, 2.5)), 0, 40)
    planned.append(StatutoryResult(start + 1, "phonics", "phonics", "phonics_mark", score=mark))
    if mark < 32:
        retake = _clamp(mark + rng.randint(2, 9), 0, 40)
        planned.append(
            StatutoryResult(start + 2, "phonics", "phonics", "phonics_mark", score=retake)
        )
    for subject in CORE:
        judged = ability[subject] + rng.gauss(0, 0.4)
        standard = "GDS" if judged > 1.0 else "EXS" if judged > -0.8 else "WTS"
        if judged < -2.2:
            standard = "PK4"
        planned.append(StatutoryResult(start + 2, "ks1", subject, "ks_ta", standard))
    tables = _clamp(round(20 + 3.5 * ability["maths"] + rng.gauss(0, 2.5)), 0, 25)
    planned.append(StatutoryResult(start + 4, "mtc", "maths", "mtc_score", score=tables))
    return [r for r in planned if r.year not in CANCELLED and _taken_on(r) <= today]


def _taken_on(result: StatutoryResult) -> date:
    return date(result.year + 1, *STAGES[result.stage].taken_on)


def _clamp(value: float, low: float, high: float) -> float:
    return float(max(low, min(high, value)))


class StatutoryLoader:
    """Gathers a trust's pupils' statutory results, then makes their points and rows."""

    def __init__(self, session: Session, trust_id: int, today: date) -> None:
        self.session = session
        self.trust_id = trust_id
        self.today = today
        self.planned: list[tuple[int, int, StatutoryResult]] = []
        self.points: dict[tuple[int, str], int] = {}

    def add(self, pupil_id: int, school_id: int, pupil: PlannedPupil) -> None:
        self.planned += [(pupil_id, school_id, r) for r in plan_statutory(pupil, self.today)]

    def point_ids(self) -> list[int]:
        return list(self.points.values())

    def rows(self) -> list[dict[str, Any]]:
        wanted = {(_year_code(r.year), r.stage) for _, _, r in self.planned}
        ensure_points(self.session, self.trust_id, wanted)
        self.points = {
            (year.starts_on.year, code): point_id
            for point_id, code, year in self.session.execute(
                select(AssessmentPoint.id, AssessmentPoint.code, AcademicYear)
                .join(AcademicYear, AcademicYear.id == AssessmentPoint.academic_year_id)
                .where(
                    AssessmentPoint.trust_id == self.trust_id,
                    AssessmentPoint.code.in_(list(STAGES)),
                )
            )
        }
        subjects = dict(self.session.execute(select(Subject.code, Subject.id)).all())
        scales = dict(
            self.session.execute(select(Scale.code, Scale.id).where(Scale.trust_id.is_(None))).all()
        )
        steps = {
            (scale_id, code): step_id
            for scale_id, code, step_id in self.session.execute(
                select(ScaleStep.scale_id, ScaleStep.code, ScaleStep.id)
            )
        }
        return [
            {
                "pupil_id": pupil_id,
                "subject_id": subjects[r.subject],
                "point_id": self.points[(r.year, r.stage)],
                "school_id": school_id,
                "scale_id": scales[r.scale],
                "step_id": steps[(scales[r.scale], r.step)] if r.step else None,
                "score": r.score,
                "non_result": None,
                "source": Source.import_,
                "recorded_by": RECORDED_BY,
                "recorded_at": datetime.combine(_taken_on(r), time(16), tzinfo=UTC),
                "version": 1,
            }
            for pupil_id, school_id, r in self.planned
        ]


def _year_code(start: int) -> str:
    return f"{start}/{(start + 1) % 100:02d}"
