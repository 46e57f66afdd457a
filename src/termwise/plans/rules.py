"""The documented rules a plan's figures are judged by (also in the README, "Plans").

**plans-trajectory/1**, for a bound criterion before its review, from its baseline, target and
the value now (or, where teachers have predicted, the predicted value): ``on_track`` when the
value (or the prediction) already meets the target, or has moved at least two thirds of the way
from baseline to target; ``at_risk`` from one third; otherwise ``off_track``. Without a
baseline, a target or a value it is ``not_known``. "Meets" follows the measure's direction:
higher is better for % at ARE, lower for the number stuck.

**plans-rag/1**, the RAG suggested at the review: ``green`` when the value meets the target,
``amber`` when it has moved at least the plan's ``amber_share`` (default half) of the way from
baseline to target, otherwise ``red``. The leader's RAG may differ, with a reason.
"""

from __future__ import annotations

from termwise.plans.models import Rag

TRAJECTORY_RULE = "plans-trajectory/1"
RAG_RULE = "plans-rag/1"


def share_of_the_way(
    value: float, baseline: float, target: float, *, lower_is_better: bool
) -> float:
    """How far from baseline to target the value has moved: 0 at the baseline, 1 at the
    target, negative when it went the wrong way."""
    if lower_is_better:
        value, baseline, target = -value, -baseline, -target
    if target == baseline:
        return 1.0 if value >= target else 0.0
    return (value - baseline) / (target - baseline)


def meets(value: float, target: float, *, lower_is_better: bool) -> bool:
    return value <= target if lower_is_better else value >= target


def trajectory(
    value: float | None,
    predicted: float | None,
    baseline: float | None,
    target: float | None,
    *,
    lower_is_better: bool,
) -> str:
    if value is None or baseline is None or target is None:
        return "not_known"
    if meets(value, target, lower_is_better=lower_is_better) or (
        predicted is not None and meets(predicted, target, lower_is_better=lower_is_better)
    ):
        return "on_track"
    share = share_of_the_way(value, baseline, target, lower_is_better=lower_is_better)
    if share >= 2 / 3:
        return "on_track"
    return "at_risk" if share >= 1 / 3 else "off_track"


def suggested_rag(
    value: float | None,
    baseline: float | None,
    target: float | None,
    *,
    lower_is_better: bool,
    amber_share: float,
) -> Rag | None:
    if value is None or target is None:
        return None
    if meets(value, target, lower_is_better=lower_is_better):
        return Rag.green
    if baseline is None:
        return Rag.red
    share = share_of_the_way(value, baseline, target, lower_is_better=lower_is_better)
    return Rag.amber if share >= amber_share else Rag.red


# The handbook's review questions, in our words, as prompts for the review meeting.
REVIEW_PROMPTS: dict[str, list[str]] = {
    "What the tracker shows": [
        "How many pupils in each year group are at or above the expectation in reading, "
        "writing and maths now, and how many were at the start of the year?",
        "How many are predicted to be there by the end of the year, and do the staff who "
        "teach them know?",
        "How have groups who were behind (SEN, disadvantaged, EAL, boys or girls) progressed?",
        "How do leaders check that teachers' assessments are accurate?",
    ],
    "Target groups": [
        "How were the target groups chosen, and from what evidence beyond test results?",
        "How many in each target group reached their targets, and how do we know?",
        "What difference did the interventions make, and how do we know?",
    ],
    "Teaching and assessment": [
        "Are teachers assessing progress towards the targets day to day, and is that "
        "assessment consistent and moderated across the school?",
        "Do pupils know what their targets are and when they have reached them?",
    ],
    "Pupil progress meetings": [
        "Which pupils or groups moved on, and why? How will that be kept up?",
        "What stands in the way, and what is being done about it?",
        "How are the actions agreed at pupil progress meetings followed up?",
    ],
    "Self-evaluation": [
        "What evidence from this review goes into the school's self-evaluation?",
        "What priorities for next term does the monitoring point to?",
    ],
}
