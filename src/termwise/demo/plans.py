"""The demo's raising attainment plans: for each school, last year's summer plan with its review
signed off (its figures frozen), and this year's active autumn plan whose criteria read the
tracker live, with an overdue action or two so "my actions" has something to say.

Targets are set from the data (a few points above where the cohort stands), so the figures a
newcomer sees make sense on any day the demo is loaded. Idempotent: a school that has plans is
left as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from termwise.assessment.models import AssessmentPoint
from termwise.auth.models import RoleAssignment
from termwise.auth.roles import Role
from termwise.orgs.models import AcademicYear, School, SchoolClass, TermName
from termwise.plans import service
from termwise.plans.models import (
    ActionStatus,
    Criterion,
    ImplementationPhase,
    Plan,
    PlanAction,
    PlanState,
    Priority,
    Rag,
    Review,
    ReviewedCriterion,
    Theme,
)
from termwise.plans.schemas import CriterionWrite
from termwise.tenancy import SYSTEM


@dataclass(frozen=True)
class _Bound:
    description: str
    measure: str
    subject: str
    year_groups: tuple[str, ...]
    # Added to the value now for the target (subtracted where lower is better).
    stretch: float
    subgroup: str | None = None


PRIORITIES = (
    ("Accelerate writing in upper key stage 2", Theme.standards, ImplementationPhase.deliver),
    (
        "Close the gap for disadvantaged pupils in reading",
        Theme.standards,
        ImplementationPhase.prepare,
    ),
    ("Consistent, moderated teacher assessment", Theme.teaching, ImplementationPhase.sustain),
)
CRITERIA = (
    _Bound("Year 6 writing at or above ARE", "pct_at_are", "writing", ("Y6",), 12),
    _Bound("Year 6 at ARE in reading, writing and maths", "pct_at_are", "combined", ("Y6",), 10),
    _Bound(
        "Disadvantaged gap in reading narrows", "gap_percent", "reading", (), 8, "disadvantaged"
    ),
    _Bound("Fewer Year 4 pupils stuck in maths", "stuck", "maths", ("Y4",), 2),
)
# priority, what, due (days from today), its status now; last year's are all done but one.
ACTIONS = (
    (0, "Weekly modelled writing in Y5 and Y6, teacher and pupils composing together", 21,
     ActionStatus.on_track),
    (0, "Moderate Y6 writing with a partner school", 35, ActionStatus.not_started),
    (1, "Daily 1:1 reading for disadvantaged pupils below ARE", -7, ActionStatus.done),
    (1, "Share reading targets with parents at the autumn consultation", 14,
     ActionStatus.on_track),
    (2, "Termly moderation meeting for every year group", -3, ActionStatus.at_risk),
)  # fmt: skip


def load_demo_plans(session: Session, year: AcademicYear, school_ids: Sequence[int]) -> int:
    made = 0
    last_year = session.scalar(
        select(AcademicYear)
        .where(AcademicYear.starts_on < year.starts_on)
        .order_by(AcademicYear.starts_on.desc())
    )
    for school_id in school_ids:
        school = session.get(School, school_id)
        assert school is not None
        if session.scalar(select(Plan.id).where(Plan.school_id == school.id)) is not None:
            continue
        if last_year is not None:
            made += _reviewed_summer_plan(session, school, last_year)
        made += _active_autumn_plan(session, school, year)
    return made


def _people(session: Session, school: School) -> tuple[int | None, int | None]:
    """The head teacher, and a class teacher of the school, to lead actions."""
    head = session.scalar(
        select(RoleAssignment.user_id).where(
            RoleAssignment.school_id == school.id, RoleAssignment.role == Role.head_teacher
        )
    )
    teacher = session.scalar(
        select(RoleAssignment.user_id)
        .join(SchoolClass, SchoolClass.id == RoleAssignment.class_id)
        .where(SchoolClass.school_id == school.id, RoleAssignment.role == Role.class_teacher)
        .order_by(RoleAssignment.id)
    )
    return head, teacher


def _summer_point(session: Session, school: School, year: AcademicYear) -> int | None:
    return session.scalar(
        select(AssessmentPoint.id).where(
            AssessmentPoint.trust_id == school.trust_id,
            AssessmentPoint.academic_year_id == year.id,
            AssessmentPoint.code == "sum",
        )
    )


def _plan(
    session: Session, school: School, year: AcademicYear, term: TermName, head: int | None
) -> Plan:
    plan = Plan(
        school_id=school.id,
        academic_year_id=year.id,
        term=term,
        title=f"{term.value.title()} {year.code}: writing and the disadvantaged gap",
        state=PlanState.active,
        owner_id=head,
        monitoring_group="Head teacher, English lead, chair of the standards committee",
        external_support="Larkspur trust English adviser, half-termly",
        created_by=SYSTEM.label,
    )
    session.add(plan)
    session.flush()
    return plan


def _fill(
    session: Session,
    school: School,
    plan: Plan,
    year: AcademicYear,
    point_id: int,
    people: tuple[int | None, int | None],
    *,
    done: bool,
    baseline_point_id: int | None = None,
) -> None:
    priorities = []
    for ordinal, (title, theme, phase) in enumerate(PRIORITIES, start=1):
        priority = Priority(plan_id=plan.id, ordinal=ordinal, title=title, theme=theme, phase=phase)
        session.add(priority)
        session.flush()
        priorities.append(priority)
    today = date.today()
    term_start = max(year.starts_on + timedelta(days=3), min(today, year.ends_on))
    head, teacher = people
    for index, (priority_index, description, due_in, status_now) in enumerate(ACTIONS):
        due = min(max(term_start + timedelta(days=due_in), year.starts_on), year.ends_on)
        status = status_now
        if done:
            # Last year's: all done but the moderation with a partner school, still going.
            status = ActionStatus.on_track if index == 1 else ActionStatus.done
        session.add(
            PlanAction(
                plan_id=plan.id,
                priority_id=priorities[priority_index].id,
                description=description,
                lead_user_id=teacher if index in (1, 4) else head,
                lead_role=Role.senco.value if priority_index == 1 and index == 2 else None,
                due_on=due,
                status=status,
                monitoring="Work scrutiny and pupil voice, by the English lead",
                cost=150.0 if index == 0 else None,
            )
        )
    for ordinal, bound in enumerate(CRITERIA, start=1):
        body = CriterionWrite(
            description=bound.description,
            measure=bound.measure,
            subject=bound.subject,
            year_groups=list(bound.year_groups),
            subgroup=bound.subgroup,
            point_id=baseline_point_id or point_id,
            target=0,
        )
        now = service.value_now(session, school, body)
        if now is None or now.value is None:
            continue
        lower = bound.measure == "stuck"
        if lower and now.value == 0:
            continue  # nobody stuck: nothing to reduce
        target = max(0.0, now.value - bound.stretch) if lower else now.value + bound.stretch
        if bound.measure == "gap_percent":
            target = min(0.0, now.value + bound.stretch)
        session.add(
            Criterion(
                plan_id=plan.id,
                priority_id=priorities[0 if ordinal < 3 else 1].id,
                ordinal=ordinal,
                description=bound.description,
                measure=bound.measure,
                subject=bound.subject,
                year_groups=" ".join(bound.year_groups),
                subgroup=bound.subgroup,
                point_id=point_id,
                baseline=now.value,
                target=min(100.0, round(target)),
            )
        )
    session.add(
        Criterion(
            plan_id=plan.id,
            priority_id=priorities[2].id,
            ordinal=len(CRITERIA) + 1,
            description="Teaching judged good or better at learning walks",
            manual_value="70% (from 55%)",
        )
    )
    session.flush()


def _reviewed_summer_plan(session: Session, school: School, year: AcademicYear) -> int:
    point_id = _summer_point(session, school, year)
    if point_id is None:
        return 0
    people = _people(session, school)
    plan = _plan(session, school, year, TermName.summer, people[0])
    # The baselines are where the year began: the autumn figures.
    autumn = session.scalar(
        select(AssessmentPoint.id).where(
            AssessmentPoint.trust_id == school.trust_id,
            AssessmentPoint.academic_year_id == year.id,
            AssessmentPoint.code == "aut",
        )
    )
    _fill(session, school, plan, year, point_id, people, done=True, baseline_point_id=autumn)
    review = Review(
        plan_id=plan.id,
        evidence="End-of-year teacher assessments, moderated with the partner school",
        successes="Year 6 writing moved on; modelled writing is now routine in every class",
        barriers="Disadvantaged pupils' reading at home; attendance in the spring term",
        next_steps="Keep the 1:1 reading; start the gap work earlier in the autumn",
        attendees="Head teacher, English lead, chair of governors, trust adviser",
        minutes="Reviewed each criterion against the tracker; agreed the RAGs below.",
    )
    session.add(review)
    session.flush()
    service.sign_off(session, SYSTEM, plan, school, review)
    # The leader agreed one amber against a red suggestion, with a reason.
    first = session.scalar(
        select(ReviewedCriterion)
        .where(ReviewedCriterion.review_id == review.id)
        .order_by(ReviewedCriterion.criterion_id)
    )
    if first is not None and first.rag is Rag.red:
        first.rag = Rag.amber
        first.rag_reason = "Moderation showed four more pupils secure than the data caught"
    return 1


def _active_autumn_plan(session: Session, school: School, year: AcademicYear) -> int:
    point_id = _summer_point(session, school, year)
    if point_id is None:
        return 0
    people = _people(session, school)
    plan = _plan(session, school, year, TermName.autumn, people[0])
    _fill(session, school, plan, year, point_id, people, done=False)
    return 1
