"""The demo's risk categories: each Larkspur school's category from last year's autumn school
development meeting and this year's, with the trust's reasons, and the quality-assurance
schedule this year's drives. Idempotent: a school that has a category is left as it is."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from termwise.db import utcnow
from termwise.orgs.models import AcademicYear, School
from termwise.oversight.models import QaActivity, QaState, SchoolCategory
from termwise.oversight.schedule import regenerate, types_for

DECIDED_BY = "trust.leader@larkspur.example"
# Last year's category and this year's, with why, for each school in turn.
HISTORIES = (
    (("C1", "Results below the trust's; a new leadership team making rapid progress"),
     ("B", "Good overall: writing has caught up and the plan is on track")),
    (("B", "Good overall, with strong early reading"),
     ("B", "Still good overall; maths progress in Key Stage 2 to watch")),
    (("B", "Good overall"),
     ("C2", "Progress has slowed in every subject and plan actions are overdue")),
)  # fmt: skip


def load_demo_categories(session: Session, year: AcademicYear, school_ids: Sequence[int]) -> int:
    made = 0
    this_autumn = min(year.starts_on + timedelta(days=50), date.today())
    for index, school_id in enumerate(school_ids):
        school = session.get(School, school_id)
        assert school is not None
        if session.scalar(select(SchoolCategory.id).where(SchoolCategory.school_id == school.id)):
            continue
        last, now = HISTORIES[index % len(HISTORIES)]
        for (code, why), day in ((last, this_autumn - timedelta(days=365)), (now, this_autumn)):
            row = SchoolCategory(school_id=school.id, code=code, rationale=why, decided_on=day,
                                 decided_by=DECIDED_BY, created_at=utcnow())  # fmt: skip
            session.add(row)
            made += 1
        session.flush()
        made += _schedule(session, school, now[0], this_autumn)
    return made


def _schedule(session: Session, school: School, code: str, since: date) -> int:
    """The schedule this year's category set: what fell due more than a fortnight ago is done
    with its report; anything since is due, or overdue."""
    made = regenerate(session, school.id, code, since, types_for(session, school.trust_id))
    for activity in session.scalars(
        select(QaActivity).where(
            QaActivity.school_id == school.id, QaActivity.due_on < date.today() - timedelta(days=14)
        )
    ):
        activity.state = QaState.done
        activity.done_on = activity.due_on + timedelta(days=3)
        activity.report = "Findings shared with the head teacher; actions added to the plan"
    session.flush()
    return made
