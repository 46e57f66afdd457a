"""An intervention's impact, from the tracker (rule ``intervention-impact/1``, also in the
README):

- **The points**: from the trust's last termly point on or before the start, to the first one
  on or after the end (or, while it runs, the latest that has passed). Until a point has passed
  since the start, the impact is "not yet measurable": never a number.
- **Each pupil**: steps gained between the two points against the expected gain for them (how
  far the age-related expectation moved, as the progress flags measure it).
- **Similar pupils**: at the same school, in the same year group, not in the intervention,
  starting on the same step (and, if asked, of the same disadvantaged and SEN status), with a
  gain between the same points. The difference is the intervention's mean gain minus theirs,
  with a 95% bootstrap interval (2,000 resamples, seeded, so the same data give the same
  interval). Under ``min_comparison`` similar pupils (default 5) it says "too few similar pupils
  to compare" instead of a number.
- **Per hour and per pound**: the steps gained beyond expected, summed over the pupils, per hour
  of adult time (sessions a week times minutes times calendar weeks, holidays not taken out; a group
  shares its adult) and per £100 of cost.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from termwise.assessment.models import Assessment, AssessmentPoint, Subject
from termwise.interventions.models import Intervention, InterventionPupil
from termwise.orgs.models import YearGroup
from termwise.pupils.models import Enrolment
from termwise.tracking import choice, measures
from termwise.tracking.measures import TERMLY_SLOTS, Cohort

RULE = "intervention-impact/1"
RESAMPLES = 2000
DEFAULT_MINIMUM = 5


@dataclass(frozen=True)
class Span:
    start: AssessmentPoint
    end: AssessmentPoint


def span(session: Session, trust_id: int, intervention: Intervention, today: date) -> Span | None:
    points = list(
        session.scalars(
            select(AssessmentPoint)
            .where(AssessmentPoint.trust_id == trust_id, AssessmentPoint.slot.in_(TERMLY_SLOTS))
            .order_by(AssessmentPoint.assessed_on, AssessmentPoint.id)
        )
    )
    # A point has passed when its day has, or when the school already has its results: only
    # points still to come are asked about (by point first, as the index on results is).
    to_come = [p.id for p in points if p.assessed_on > today]
    with_results = (
        set(
            session.scalars(
                select(Assessment.point_id)
                .where(
                    Assessment.point_id.in_(to_come),
                    Assessment.school_id == intervention.school_id,
                )
                .distinct()
            )
        )
        if to_come
        else set()
    )
    before = [p for p in points if p.assessed_on <= intervention.starts_on]
    passed = [
        p
        for p in points
        if p.assessed_on > intervention.starts_on
        and (p.assessed_on <= today or p.id in with_results)
    ]
    if not before or not passed:
        return None
    after_end = [p for p in passed if p.assessed_on >= intervention.ends_on]
    return Span(before[-1], after_end[0] if after_end else passed[-1])


def bootstrap(a: list[float], b: list[float], seed: int) -> tuple[float, float]:
    """A 95% percentile interval for mean(a) - mean(b), from ``RESAMPLES`` resamples of each
    group drawn at once (numpy: a tenth of the time of drawing them one by one in Python)."""
    rng = np.random.default_rng(seed)
    ours, theirs = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    differences = np.sort(
        ours[rng.integers(0, len(ours), (RESAMPLES, len(ours)))].mean(axis=1)
        - theirs[rng.integers(0, len(theirs), (RESAMPLES, len(theirs)))].mean(axis=1)
    )
    return float(differences[int(0.025 * RESAMPLES)]), float(
        differences[int(0.975 * RESAMPLES) - 1]
    )


def _cohort(
    session: Session, intervention: Intervention, members: set[int], end: AssessmentPoint
) -> Cohort:
    """The school's pupils, narrowed to its pupils' year group when they share one: similar
    pupils are only ever of the same year group, so the rest need not be read."""
    year_groups = set(
        session.scalars(
            select(YearGroup.code)
            .join(Enrolment, Enrolment.year_group_id == YearGroup.id)
            .where(
                Enrolment.pupil_id.in_(sorted(members)),
                Enrolment.school_id == intervention.school_id,
                Enrolment.academic_year_id == end.academic_year_id,
            )
        )
    )
    if len(year_groups) == 1:
        return Cohort([intervention.school_id], year_group=year_groups.pop())
    return Cohort([intervention.school_id])


def adult_hours(intervention: Intervention) -> float:
    weeks = ((intervention.ends_on - intervention.starts_on).days + 1) / 7
    return intervention.sessions_per_week * intervention.minutes_per_session / 60 * weeks


def measure(
    session: Session,
    intervention: Intervention,
    trust_id: int,
    *,
    match: frozenset[str] = frozenset(),
    minimum: int = DEFAULT_MINIMUM,
    today: date | None = None,
) -> dict[str, Any]:
    found = span(session, trust_id, intervention, today or date.today())
    members = set(
        session.scalars(
            select(InterventionPupil.pupil_id).where(
                InterventionPupil.intervention_id == intervention.id
            )
        )
    )
    hours = round(adult_hours(intervention), 1)
    base: dict[str, Any] = {"rule": RULE, "adult_hours": hours, "group_size": len(members)}
    if found is None:
        return base | {
            "measurable": False,
            "reason": "not yet measurable: no assessment point has passed since it started",
        }
    points = choice.resolve_points(session, trust_id, found.end.id, found.start.id)
    code = session.scalar(select(Subject.code).where(Subject.id == intervention.subject_id))
    assert code is not None
    subject = choice.subjects(session, code)
    cohort = _cohort(session, intervention, members, found.end)
    rows = [
        r
        for r in session.execute(
            measures.pupil_rows(measures.shape(points, cohort, with_names=True)),
            measures.parameters(points, subject.id, cohort),
        )
        if r.gain is not None
    ]
    ours = [r for r in rows if r.pupil_id in members]
    similar = {
        r.pupil_id: r
        for r in rows
        if r.pupil_id not in members
        and any(
            r.year_group == o.year_group
            and r.step_before == o.step_before
            and ("disadvantaged" not in match or r.disadvantaged == o.disadvantaged)
            and ("sen" not in match or r.sen == o.sen)
            for o in ours
        )
    }
    pupils = [
        {
            "pupil_id": r.pupil_id,
            "first_name": r.first_name,
            "last_name": r.last_name,
            "year_group": r.year_group,
            "step_start": r.step_before,
            "step_end": r.step,
            "gain": r.gain,
            "expected_gain": r.expected_gain,
        }
        for r in ours
    ]
    extra = sum(r.gain - (r.expected_gain or 0.0) for r in ours)
    result = base | {
        "measurable": bool(ours),
        "reason": None if ours else "none of its pupils has a result at both points",
        "start_point_id": found.start.id,
        "end_point_id": found.end.id,
        "pupils": pupils,
        "group_mean_gain": round(statistics.fmean(r.gain for r in ours), 2) if ours else None,
        "expected_mean_gain": (
            round(statistics.fmean(r.expected_gain or 0.0 for r in ours), 2) if ours else None
        ),
        "extra_steps": round(extra, 2),
        "steps_per_hour": round(extra / hours, 3) if hours and ours else None,
        "steps_per_100_pounds": (
            round(extra / intervention.cost * 100, 3) if intervention.cost and ours else None
        ),
        "comparison_size": len(similar),
        "matched_on": sorted({"year_group", "starting_step"} | match),
    }
    if not ours or len(similar) < minimum:
        return result | {
            "comparison_mean_gain": None,
            "difference": None,
            "interval": None,
            "comparison_note": (
                f"too few similar pupils to compare ({len(similar)}; at least {minimum} needed)"
            ),
        }
    group_gains = [r.gain for r in ours]
    their_gains = [r.gain for r in similar.values()]
    low, high = bootstrap(group_gains, their_gains, seed=intervention.id)
    return result | {
        "comparison_mean_gain": round(statistics.fmean(their_gains), 2),
        "difference": round(statistics.fmean(group_gains) - statistics.fmean(their_gains), 2),
        "interval": [round(low, 2), round(high, 2)],
        "comparison_note": None,
    }
