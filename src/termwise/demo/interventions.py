"""The demo's interventions at its first school: two that ran last year in reading, chosen from
the data so that one made a difference and one did not, and one starting next week that cannot be
measured yet. Idempotent: a school that has interventions is left as it is."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from termwise.assessment.models import AssessmentPoint, Subject
from termwise.interventions.models import Intervention, InterventionPupil, Trigger, Wave
from termwise.orgs.models import AcademicYear, School
from termwise.tenancy import SYSTEM
from termwise.tracking import choice, measures
from termwise.tracking.measures import Cohort

YEAR_GROUP = "Y4"
GROUP = 3


def load_demo_interventions(session: Session, year: AcademicYear, school_id: int) -> int:
    school = session.get(School, school_id)
    assert school is not None
    if session.scalar(select(Intervention.id).where(Intervention.school_id == school.id)):
        return 0
    last = session.scalar(
        select(AcademicYear)
        .where(AcademicYear.starts_on < year.starts_on)
        .order_by(AcademicYear.starts_on.desc())
    )
    points = {
        p.code: p
        for p in session.scalars(
            select(AssessmentPoint).where(
                AssessmentPoint.trust_id == school.trust_id,
                AssessmentPoint.academic_year_id == (last.id if last else -1),
                AssessmentPoint.code.in_(("aut", "sum")),
            )
        )
    }
    reading = session.scalar(select(Subject.id).where(Subject.code == "reading"))
    if len(points) < 2 or reading is None:
        return 0
    span = choice.resolve_points(session, school.trust_id, points["sum"].id, points["aut"].id)
    cohort = Cohort([school.id], year_group=YEAR_GROUP)
    rows = [
        r
        for r in session.execute(
            measures.pupil_rows(measures.shape(span, cohort)),
            measures.parameters(span, reading, cohort),
        )
        if r.gain is not None and r.expected_gain is not None
    ]
    if not rows:
        return 0
    # The step most of the year group started on: the most similar pupils to compare with.
    common = Counter(r.step_before for r in rows).most_common(1)[0][0]
    alike = sorted((r for r in rows if r.step_before == common), key=lambda r: r.pupil_id)
    helped = [r.pupil_id for r in alike if r.gain > r.expected_gain][:GROUP]
    no_change = [
        r.pupil_id for r in alike if r.gain == r.expected_gain and r.pupil_id not in helped
    ]
    start = points["aut"].assessed_on + timedelta(days=3)
    made = 0
    for name, pupils, cost in (
        ("Reading catch-up with a teaching assistant (last year)", helped, 450.0),
        ("Phonics games club (last year)", no_change[:GROUP], 200.0),
    ):
        if pupils:
            _add(session, school, reading, name, pupils, start, points["sum"].assessed_on, cost)
            made += 1
    current = sorted({r.pupil_id for r in rows})[:2]
    soon = date.today() + timedelta(days=7)
    _add(
        session,
        school,
        reading,
        "Reading fluency: paired reading",
        current,
        soon,
        soon + timedelta(days=70),
        150.0,
    )
    return made + 1


def _add(
    session: Session,
    school: School,
    subject_id: int,
    name: str,
    pupils: list[int],
    starts_on: date,
    ends_on: date,
    cost: float,
) -> None:
    intervention = Intervention(
        school_id=school.id,
        name=name,
        wave=Wave.group if len(pupils) > 1 else Wave.individual,
        subject_id=subject_id,
        trigger=Trigger.attainment,
        staff_role="teaching assistant",
        starts_on=starts_on,
        ends_on=ends_on,
        sessions_per_week=3,
        minutes_per_session=30,
        cost=cost,
        created_by=SYSTEM.label,
    )
    session.add(intervention)
    session.flush()
    session.add_all(InterventionPupil(intervention_id=intervention.id, pupil_id=p) for p in pupils)
    session.flush()
