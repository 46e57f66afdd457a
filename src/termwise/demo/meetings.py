"""The demo's pupil progress meetings: in each school, the autumn meeting of its oldest class,
with the two pupils the agenda puts first discussed and an action agreed for each, so a newcomer
opening the next meeting of that class sees them to follow up. Idempotent: a school that has
meetings is left as it is."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from termwise.assessment.models import AssessmentPoint
from termwise.auth.roles import Role
from termwise.meetings import service
from termwise.meetings.models import Discussion, Meeting, MeetingAction, MeetingKind
from termwise.orgs.models import AcademicYear, School, SchoolClass, YearGroup, class_year_groups
from termwise.tenancy import SYSTEM

ACTIONS = (
    "Daily 1:1 reading with a teaching assistant",
    "Pre-teach the next maths unit in a small group, twice a week",
)


def load_demo_meetings(session: Session, year: AcademicYear, school_ids: Sequence[int]) -> int:
    made = 0
    for school_id in school_ids:
        school = session.get(School, school_id)
        assert school is not None
        if session.scalar(select(Meeting.id).where(Meeting.school_id == school.id)) is not None:
            continue
        autumn = session.scalar(
            select(AssessmentPoint).where(
                AssessmentPoint.trust_id == school.trust_id,
                AssessmentPoint.academic_year_id == year.id,
                AssessmentPoint.code == "aut",
            )
        )
        oldest = session.scalar(
            select(SchoolClass)
            .join(class_year_groups, class_year_groups.c.class_id == SchoolClass.id)
            .join(YearGroup, YearGroup.id == class_year_groups.c.year_group_id)
            .where(SchoolClass.school_id == school.id, SchoolClass.academic_year_id == year.id)
            .order_by(YearGroup.ordinal.desc(), SchoolClass.name)
            .limit(1)
        )
        if autumn is None or oldest is None or autumn.assessed_on > date.today():
            continue
        meeting = Meeting(
            school_id=school.id,
            class_id=oldest.id,
            point_id=autumn.id,
            kind=MeetingKind.class_teacher,
            held_on=min(autumn.assessed_on + timedelta(days=2), date.today()),
            attendees="Class teacher, head teacher, SENCO",
            created_by=SYSTEM.label,
        )
        session.add(meeting)
        session.flush()
        agenda = service.agenda(session, meeting, school.trust_id)
        for pupil, description in zip(agenda, ACTIONS, strict=False):
            session.add(
                Discussion(
                    meeting_id=meeting.id,
                    pupil_id=pupil.pupil_id,
                    category=pupil.category,
                    barriers="Little reading at home; gaps from last year",
                )
            )
            session.add(
                MeetingAction(
                    meeting_id=meeting.id,
                    pupil_id=pupil.pupil_id,
                    description=description,
                    owner_role=Role.class_teacher.value,
                    due_on=meeting.held_on + timedelta(days=21),
                )
            )
        session.flush()
        made += 1
    return made
