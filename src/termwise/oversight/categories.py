"""The risk categories: their default wording (Termwise's own summary of a trust's usual
graduated approach), and the category the data suggests for a school (rule risk-suggested/1).

risk-suggested/1 adds a point for each sign of risk, each worked out by the measures catalogue
at the trust's latest point, over the whole school:
- combined % at ARE 5 or more points below the mean of the trust's schools (2 points when 10 or
  more below);
- disadvantaged pupils 20 or more points behind the rest in combined % at ARE (a gap of -20 or
  less, as the catalogue's gap_percent counts it);
- pupils stuck or falling behind: 15% or more of the cohort in any core subject;
- 3 or more overdue actions in the school's active plans;
- an overall rating of 1 (the lowest level) in the school's latest agreed maturity review.
0 points suggests A, 1 B, 2 C1, 3 C2, 4 or more D. It is shown beside the trust's own judgement,
with the numbers behind it, never instead of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from termwise.errors import NotFound
from termwise.maturity.models import MaturityReview, ReviewState
from termwise.orgs.models import School
from termwise.plans.models import ActionStatus, Plan, PlanAction, PlanState
from termwise.tracking import catalogue
from termwise.tracking.aggregates import Disclosure
from termwise.tracking.catalogue import Evaluator, MeasureError
from termwise.tracking.measures import CORE_SUBJECTS, Subgroup

RULE = "risk-suggested/1"
CODES = ("A", "B", "C1", "C2", "D")


@dataclass(frozen=True)
class Wording:
    descriptor: str
    expectation: str
    intervention: str


DEFAULTS: dict[str, Wording] = {
    "A": Wording(
        "At least good in every area, with some outstanding practice.",
        "Shares its best practice and supports other schools of the trust.",
        "None: the school leads its own improvement.",
    ),
    "B": Wording(
        "Good overall.",
        "Has the capacity to improve itself, and may support others.",
        "None beyond the trust's usual quality assurance.",
    ),
    "C1": Wording(
        "Requires improvement, but the evidence shows rapid progress.",
        "Carries out an action plan approved by the board, reporting progress termly.",
        "The board monitors the action plan.",
    ),
    "C2": Wording(
        "Requires improvement and at risk of decline: progress is slow or limited.",
        "Significant external support; an action plan written with the trust, reported termly.",
        "A warning notice to the local governing body; the board monitors the plan.",
    ),
    "D": Wording(
        "Serious concerns about performance, found by inspection or by the trust's own "
        "quality assurance.",
        "An executive leader appointed by the trust carries out a costed improvement plan, "
        "monitored half-termly.",
        "The board takes responsibility through an appointed chair or interim board.",
    ),
}


@dataclass
class Sign:
    """One sign the rule looked at: its figure, what it is measured against, and its points."""

    name: str
    value: float | None
    against: str
    points: int


def _value(
    session: Session, school: School, code: str, subject: str, subgroup: Subgroup | None = None
) -> tuple[float | None, int | None]:
    try:
        bound = catalogue.bind(session, school_id=school.id, trust_id=school.trust_id, code=code,
                               subject=subject, year_groups=[], subgroup=subgroup,
                               target_group_id=None, class_id=None, point_id=None,
                               from_point_id=None)  # fmt: skip
    except (MeasureError, NotFound):
        return None, None
    value = Evaluator(session, school.id, Disclosure(None, False)).evaluate(
        bound.asked, bound.points, bound.subjects
    )
    return value.value, value.cohort


def signs(session: Session, school: School, today: date | None = None) -> list[Sign]:
    found: list[Sign] = []
    ours, _ = _value(session, school, "pct_at_are", "combined")
    others = [
        _value(session, s, "pct_at_are", "combined")[0]
        for s in session.scalars(select(School).where(School.trust_id == school.trust_id))
    ]
    known = [v for v in others if v is not None]
    mean = sum(known) / len(known) if known else None
    below = mean - ours if ours is not None and mean is not None else None
    points = (
        2 if below is not None and below >= 10 else 1 if below is not None and below >= 5 else 0
    )
    found.append(Sign("Combined % at ARE", ours,
                      f"trust mean {round(mean, 1)}" if mean is not None else "no trust mean",
                      points))  # fmt: skip
    gap, _ = _value(session, school, "gap_percent", "combined", Subgroup.disadvantaged)
    found.append(Sign("Disadvantaged gap (points; negative is behind)", gap, "-20 or less",
                      1 if gap is not None and gap <= -20 else 0))  # fmt: skip
    worst = None
    for subject in CORE_SUBJECTS:
        stuck, cohort = _value(session, school, "stuck", subject)
        behind, _ = _value(session, school, "falling_behind", subject)
        if cohort and stuck is not None and behind is not None:
            share = round(100 * (stuck + behind) / cohort, 1)
            worst = share if worst is None else max(worst, share)
    found.append(Sign("% stuck or falling behind (worst subject)", worst, "15 or more",
                      1 if worst is not None and worst >= 15 else 0))  # fmt: skip
    overdue = session.scalar(
        select(func.count(PlanAction.id))
        .join(Plan, Plan.id == PlanAction.plan_id)
        .where(
            Plan.school_id == school.id,
            Plan.state == PlanState.active,
            PlanAction.due_on < (today or date.today()),
            PlanAction.status.not_in([ActionStatus.done, ActionStatus.dropped]),
        )
    )
    found.append(Sign("Overdue plan actions", float(overdue or 0), "3 or more",
                      1 if (overdue or 0) >= 3 else 0))  # fmt: skip
    rating = session.scalar(
        select(MaturityReview.overall)
        .where(MaturityReview.school_id == school.id, MaturityReview.state == ReviewState.agreed)
        .order_by(MaturityReview.held_on.desc(), MaturityReview.id.desc())
        .limit(1)
    )
    found.append(Sign("Latest maturity rating", float(rating) if rating else None, "1 (lowest)",
                      1 if rating == 1 else 0))  # fmt: skip
    return found


def suggested(found: list[Sign]) -> str:
    return CODES[min(sum(s.points for s in found), len(CODES) - 1)]
