"""A monitoring activity made straight in the test's own transaction, for tests about who may
reach it."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from termwise.monitoring.models import ActivityKind, ActivityState, MonitoringActivity


def school_activity(db: Session, school_id: int, teacher_id: int, partner_id: int) -> int:
    activity = MonitoringActivity(
        school_id=school_id, kind=ActivityKind.learning_walk, focus="Reading",
        held_on=date(2026, 11, 25), teacher_id=teacher_id, partner_id=partner_id,
        state=ActivityState.planned, reflection="A draft", created_by="tests",
    )  # fmt: skip
    db.add(activity)
    db.flush()
    return activity.id
