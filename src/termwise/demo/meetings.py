"""The demo's pupil progress meetings.

- This year's autumn round: every class of every school meets after the autumn point, with the
  two pupils its agenda puts first discussed and an action agreed for each, so a newcomer
  opening the next meeting of a class sees them to follow up, and the autumn plan's review
  sums them up.
- Last year, the oldest class of each school met each term, and each meeting followed up the
  one before: an action is "done and it helped" where its pupil has left the agenda's concerns
  since, "carried on" otherwise.

Idempotent: a school that has meetings is left as it is."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from termwise.assessment.models import AssessmentPoint
from termwise.auth.roles import Role
from termwise.meetings import service
from termwise.meetings.models import (
    Category,
    Discussion,
    Meeting,
    MeetingAction,
    MeetingKind,
    Outcome,
)
from termwise.orgs.models import AcademicYear, School, SchoolClass, YearGroup, class_year_groups
from termwise.tenancy import SYSTEM

ACTIONS = (
    "Daily 1:1 reading with a teaching assistant",
    "Pre-teach the next maths unit in a small group, twice a week",
)
BARRIERS = "Little reading at home; gaps from last year"
CONCERNS = (Category.falling_behind, Category.slow_or_stuck)


def _points(session: Session, trust_id: int, year: AcademicYear) -> list[AssessmentPoint]:
    return list(
        session.scalars(
            select(AssessmentPoint)
            .where(
                AssessmentPoint.trust_id == trust_id,
                AssessmentPoint.academic_year_id == year.id,
                AssessmentPoint.code.in_(("aut", "spr", "sum")),
                AssessmentPoint.assessed_on <= date.today(),
            )
            .order_by(AssessmentPoint.assessed_on)
        )
    )


def _classes(session: Session, school_id: int, year: AcademicYear) -> list[SchoolClass]:
    """The school's classes of a year, oldest year group first."""
    rows = session.execute(
        select(SchoolClass, YearGroup.ordinal)
        .join(class_year_groups, class_year_groups.c.class_id == SchoolClass.id)
        .join(YearGroup, YearGroup.id == class_year_groups.c.year_group_id)
        .where(SchoolClass.school_id == school_id, SchoolClass.academic_year_id == year.id)
        .order_by(YearGroup.ordinal.desc(), SchoolClass.name)
    )
    found: dict[int, SchoolClass] = {}
    for school_class, _ in rows:
        found.setdefault(school_class.id, school_class)
    return list(found.values())


def _meet(
    session: Session,
    school: School,
    school_class: SchoolClass,
    point: AssessmentPoint,
    held_on: date,
    *,
    agree: bool,
) -> Meeting | None:
    """A meeting of the class at the point, its first two agenda pupils discussed, and (if
    ``agree``) an action for each; none if the tracker puts nobody on its agenda (Reception,
    with no point before to measure progress from)."""
    meeting = Meeting(
        school_id=school.id,
        class_id=school_class.id,
        point_id=point.id,
        kind=MeetingKind.class_teacher,
        held_on=held_on,
        attendees="Class teacher, head teacher, SENCO",
        created_by=SYSTEM.label,
    )
    agenda = service.agenda(session, meeting, school.trust_id)
    if not agenda:
        return None
    session.add(meeting)
    session.flush()
    for pupil, description in zip(agenda, ACTIONS, strict=False):
        session.add(Discussion(meeting_id=meeting.id, pupil_id=pupil.pupil_id,
                               category=pupil.category, barriers=BARRIERS))  # fmt: skip
        if agree:
            session.add(
                MeetingAction(
                    meeting_id=meeting.id,
                    pupil_id=pupil.pupil_id,
                    description=description,
                    owner_role=Role.class_teacher.value,
                    due_on=held_on + timedelta(days=21),
                )
            )
    session.flush()
    return meeting


def _follow_up(session: Session, school: School, meeting: Meeting) -> None:
    """Record what came of the class's open actions at this meeting, from its agenda."""
    concerns = {
        p.pupil_id for p in service.agenda(session, meeting, school.trust_id)
        if p.category in CONCERNS
    }  # fmt: skip
    for item in service.follow_up(session, meeting):
        action = session.get(MeetingAction, item.action.id)
        assert action is not None
        helped = action.pupil_id not in concerns
        action.outcome = Outcome.done_helped if helped else Outcome.carried_on
        action.outcome_note = (
            "Off the concerns list at this point" if helped else "Still a concern: keep going"
        )
        action.followed_up_in_id = meeting.id
    session.flush()


def _last_year(session: Session, year: AcademicYear) -> AcademicYear | None:
    return session.scalar(
        select(AcademicYear)
        .where(AcademicYear.starts_on < year.starts_on)
        .order_by(AcademicYear.starts_on.desc())
        .limit(1)
    )


def load_demo_meetings(session: Session, year: AcademicYear, school_ids: Sequence[int]) -> int:
    made = 0
    last = _last_year(session, year)
    for school_id in school_ids:
        school = session.get(School, school_id)
        assert school is not None
        if session.scalar(select(Meeting.id).where(Meeting.school_id == school.id)) is not None:
            continue
        if last is not None:
            oldest = _classes(session, school.id, last)[:1]
            for index, point in enumerate(_points(session, school.trust_id, last)):
                if not oldest:
                    break
                held_on = point.assessed_on + timedelta(days=3)
                # The summer meeting follows up; next year's teacher agrees what comes next.
                agree = point.code != "sum"
                meeting = _meet(session, school, oldest[0], point, held_on, agree=agree)
                if meeting is not None and index:
                    _follow_up(session, school, meeting)
                made += meeting is not None
        autumn = next((p for p in _points(session, school.trust_id, year) if p.code == "aut"), None)
        if autumn is None:
            continue
        for index, school_class in enumerate(_classes(session, school.id, year)):
            # A round of meetings over the days after the point, three a day.
            held_on = min(autumn.assessed_on + timedelta(days=1 + index // 3), date.today())
            made += _meet(session, school, school_class, autumn, held_on, agree=True) is not None
    return made
