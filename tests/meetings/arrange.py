"""A meeting made straight in the test's own transaction, for tests about who may reach it."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from termwise.assessment.models import AssessmentPoint
from termwise.meetings.models import Meeting, MeetingAction, MeetingKind
from termwise.orgs.models import SchoolClass


def class_meeting(db: Session, class_id: int, pupil_id: int) -> dict[str, int]:
    """A meeting of the class at any point of its trust, with one action for the pupil."""
    school_class = db.get(SchoolClass, class_id)
    assert school_class is not None
    point_id = db.scalar(select(AssessmentPoint.id).limit(1))
    assert point_id is not None
    meeting = Meeting(school_id=school_class.school_id, class_id=class_id, point_id=point_id,
                      kind=MeetingKind.class_teacher, held_on=date(2026, 11, 25),
                      created_by="tests")  # fmt: skip
    db.add(meeting)
    db.flush()
    action = MeetingAction(meeting_id=meeting.id, pupil_id=pupil_id, description="Read daily",
                           owner_role="class_teacher", due_on=date(2027, 1, 31))  # fmt: skip
    db.add(action)
    db.flush()
    return {"meeting": meeting.id, "meeting_action": action.id}
