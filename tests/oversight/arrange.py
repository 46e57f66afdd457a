"""A quality-assurance activity made straight in the test's own transaction, for tests about
who may reach it."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from termwise.oversight.models import QaActivity, QaState


def qa_activity(db: Session, school_id: int) -> int:
    activity = QaActivity(
        school_id=school_id,
        kind="school_review",
        due_on=date(2027, 1, 20),
        owner_role="trust_leader",
        state=QaState.scheduled,
        kept=False,
    )
    db.add(activity)
    db.flush()
    return activity.id
