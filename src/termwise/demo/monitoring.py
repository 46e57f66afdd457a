"""The demo's monitoring: at each Larkspur school a term of learning walks, drop-ins and book
looks in every state (one agreed for next week; one the teacher and the partner are writing;
one with the head teacher for quality assurance; two confirmed, with their ratings), each
looking at the autumn plan's first priority. Idempotent: a school that has activities is left
as it is."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from termwise.auth.models import RoleAssignment, User
from termwise.auth.roles import Role
from termwise.monitoring.models import ActivityKind, ActivityState, MonitoringActivity
from termwise.orgs.models import AcademicYear, School, SchoolClass, TermName
from termwise.plans.models import Plan, Priority
from termwise.tenancy import SYSTEM

# (kind, focus, days from today, state, ratings)
WALKS = (
    (ActivityKind.learning_walk, "Phonics: do pupils use the sound of the week when reading?", 7,
     ActivityState.planned, None),
    (ActivityKind.drop_in, "Guided reading: how questions stretch the most able", -5,
     ActivityState.planned, None),
    (ActivityKind.book_look, "Writing: are next steps from feedback acted on?", -12,
     ActivityState.submitted, (3, 3, 2, 3)),
    (ActivityKind.learning_walk, "Reading for pleasure: book talk in every class", -26,
     ActivityState.confirmed, (3, 4, 3, 3)),
    (ActivityKind.drop_in, "Maths fluency: the daily ten-minute practice", -40,
     ActivityState.confirmed, (2, 3, 3, 2)),
)  # fmt: skip


SUMMARY = "Routines are secure; the next step is sharper questioning"


def _at(day: date) -> datetime:
    return datetime.combine(day, time(16, 0)).astimezone()


def _people(session: Session, school: School) -> tuple[list[User], User | None, User | None]:
    teachers = list(
        session.scalars(
            select(User)
            .join(RoleAssignment, RoleAssignment.user_id == User.id)
            .join(SchoolClass, SchoolClass.id == RoleAssignment.class_id)
            .where(SchoolClass.school_id == school.id, RoleAssignment.role == Role.class_teacher)
            .order_by(User.id)
        )
    )

    def holder(role: Role) -> User | None:
        return session.scalar(
            select(User)
            .join(RoleAssignment, RoleAssignment.user_id == User.id)
            .where(RoleAssignment.school_id == school.id, RoleAssignment.role == role)
            .limit(1)
        )

    # The professional partner: a middle or senior leader, whichever the school has.
    partners = (Role.phase_leader, Role.subject_leader, Role.senior_leader, Role.senco)
    partner = next((u for u in map(holder, partners) if u is not None), None)
    return teachers, partner, holder(Role.head_teacher)


def load_demo_monitoring(session: Session, year: AcademicYear, school_ids: Sequence[int]) -> int:
    made = 0
    today = date.today()
    for school_id in school_ids:
        school = session.get(School, school_id)
        assert school is not None
        if session.scalar(
            select(MonitoringActivity.id).where(MonitoringActivity.school_id == school.id)
        ):
            continue
        teachers, partner, head = _people(session, school)
        if len(teachers) < 2 or partner is None:
            continue
        priority = session.scalar(
            select(Priority.id)
            .join(Plan, Plan.id == Priority.plan_id)
            .where(Plan.school_id == school.id, Plan.academic_year_id == year.id,
                   Plan.term == TermName.autumn)
            .order_by(Priority.ordinal)
            .limit(1)
        )  # fmt: skip
        for index, (kind, focus, days, state, ratings) in enumerate(WALKS):
            held_on = today + timedelta(days=days)
            # The Reception teacher's practice is never looked at here: the demo keeps them free.
            teacher = teachers[1 + index % (len(teachers) - 1)]
            written = days < 0
            sent = state is not ActivityState.planned
            confirmed = state is ActivityState.confirmed
            activity = MonitoringActivity(
                school_id=school.id,
                kind=kind,
                focus=focus,
                priority_id=priority,
                held_on=held_on,
                teacher_id=teacher.id,
                partner_id=partner.id,
                state=state,
                created_by=SYSTEM.label,
                reflection="Pupils were keen; the last ten minutes drifted" if written else None,
                summary=SUMMARY if written and index != 1 else None,
                teacher_response="Agreed: trying question stems next week" if sent else None,
                quality_note="Specific and fair" if confirmed else None,
                submitted_at=_at(held_on + timedelta(days=3)) if sent else None,
                confirmed_at=_at(held_on + timedelta(days=7)) if confirmed else None,
                confirmed_by=head.email if head and confirmed else None,
            )
            if ratings:
                activity.fidelity, activity.acceptability, activity.reach, activity.feasibility = (
                    ratings
                )
            session.add(activity)
            made += 1
        session.flush()
    return made
