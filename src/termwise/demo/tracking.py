"""The demo's tracking decisions: each demo school's maths target group for this term, filled
with the pupils the tracking suggests, and a teacher's end-of-year prediction for each member.

Deterministic for a given day (the members come from the results on or before it) and
idempotent: a school that already has this term's group is left as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from termwise.assessment.models import Scale, ScaleStep
from termwise.demo.pupils import RECORDED_BY
from termwise.errors import NotFound
from termwise.orgs.models import AcademicYear, HalfTerm, School
from termwise.tenancy import SYSTEM
from termwise.tracking import choice, targets
from termwise.tracking.models import Prediction, TargetGroup
from termwise.tracking.targets import Suggestion, TargetGroupCreate, Term

SUBJECT = "maths"
GROUP_SIZE = 10
TERMS = {"autumn": "aut", "spring": "spr", "summer": "sum"}
# Most urgent first: who a school would pick before anyone else.
PRIORITY = ("stuck", "falling_behind", "slow", "just_below_are")


def group_name(term: str) -> str:
    return f"Maths boost ({dict(zip(TERMS.values(), TERMS, strict=True))[term]} term)"


def this_term(session: Session, year: AcademicYear, today: date) -> str:
    """The term of the half-term that has most recently begun (autumn before any has)."""
    started = session.scalar(
        select(HalfTerm.term)
        .where(HalfTerm.academic_year_id == year.id, HalfTerm.starts_on <= today)
        .order_by(HalfTerm.ordinal.desc())
        .limit(1)
    )
    return TERMS[started.value] if started is not None else "aut"


def _picked(suggested: list[Suggestion]) -> list[Suggestion]:
    ranked = sorted(
        suggested, key=lambda s: (PRIORITY.index(s.reason), s.year_group, s.last_name, s.pupil_id)
    )
    return ranked[:GROUP_SIZE]


def _predict(session: Session, year: AcademicYear, school: School, picked: list[Suggestion]) -> int:
    """Every other member predicted to reach the summer ARE, the rest the step before it."""
    steps = {
        code: step_id
        for code, step_id in session.execute(
            select(ScaleStep.code, ScaleStep.id)
            .join(Scale, Scale.id == ScaleStep.scale_id)
            .where(Scale.code == "year_steps", Scale.trust_id.is_(None))
        )
    }
    subject_id = choice.subject_id(session, SUBJECT)
    predicted = set(
        session.scalars(
            select(Prediction.pupil_id).where(
                Prediction.subject_id == subject_id, Prediction.academic_year_id == year.id
            )
        )
    )
    created = 0
    for index, member in enumerate(picked):
        step = f"{member.year_group}{'S' if index % 2 == 0 else 'D'}"
        if member.pupil_id in predicted or step not in steps:
            continue
        session.add(
            Prediction(
                school_id=school.id,
                pupil_id=member.pupil_id,
                subject_id=subject_id,
                academic_year_id=year.id,
                step_id=steps[step],
                recorded_by=RECORDED_BY,
            )
        )
        created += 1
    session.flush()
    return created


def load_demo_tracking(
    session: Session, year: AcademicYear, urns: Sequence[str], today: date | None = None
) -> int:
    """This term's maths target group and its members' predictions at each demo school (by
    URN) with results this year; returns the rows created."""
    term = this_term(session, year, today or date.today())
    schools = session.scalars(select(School).where(School.urn.in_(urns)).order_by(School.urn)).all()
    subject_id = choice.subject_id(session, SUBJECT)
    created = 0
    for school in schools:
        # The group's unique key: a group of that name in another subject is not this one.
        exists = session.scalar(
            select(TargetGroup.id).where(
                TargetGroup.school_id == school.id,
                TargetGroup.academic_year_id == year.id,
                TargetGroup.term == term,
                TargetGroup.subject_id == subject_id,
                TargetGroup.name == group_name(term),
            )
        )
        if exists is not None:
            continue
        try:
            point_id = choice.latest_point(session, school.trust_id)
        except NotFound:
            continue
        points = choice.resolve_points(session, school.trust_id, point_id)
        if points.year.id != year.id:
            continue  # No results this year yet: nothing to pick members from.
        picked = _picked(targets.suggestions(session, school.id, points, SUBJECT).items)
        body = TargetGroupCreate(
            name=group_name(term),
            subject=SUBJECT,
            term=cast(Term, term),
            academic_year=year.code,
            pupil_ids=[s.pupil_id for s in picked],
        )
        targets.create(session, SYSTEM, school, body)
        created += 1 + len(picked) + _predict(session, year, school, picked)
    return created
