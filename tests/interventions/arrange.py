"""An intervention made straight in the test's own transaction, for tests about who may reach
it."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from termwise.assessment.models import Subject
from termwise.interventions.models import Intervention, InterventionPupil, Trigger, Wave


def school_intervention(db: Session, school_id: int, pupil_id: int) -> int:
    reading = db.scalar(select(Subject.id).where(Subject.code == "reading"))
    assert reading is not None
    intervention = Intervention(
        school_id=school_id,
        name="Reading boost",
        wave=Wave.group,
        subject_id=reading,
        trigger=Trigger.attainment,
        starts_on=date(2026, 11, 21),
        ends_on=date(2027, 2, 12),
        sessions_per_week=3,
        minutes_per_session=30,
        created_by="tests",
    )
    db.add(intervention)
    db.flush()
    db.add(InterventionPupil(intervention_id=intervention.id, pupil_id=pupil_id))
    db.flush()
    return intervention.id
