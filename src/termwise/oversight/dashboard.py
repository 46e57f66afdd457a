"""The trust leader's dashboard: every school side by side, and the board report for a period.

A school's figures are compared only when they are worked out by the same rule at the same
point as the others': a school with no results at the trust's latest point is marked "not
comparable" (with the reason) rather than ranked on older figures."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from termwise.assessment.models import Assessment
from termwise.errors import NotFound
from termwise.home.service import HEADLINE_SUBJECTS, headline_of
from termwise.maturity.models import MaturityReview, ReviewState
from termwise.orgs.models import School
from termwise.oversight.models import QaActivity, QaState, SchoolCategory
from termwise.oversight.schedule import ActivityType, types_for
from termwise.oversight.schemas import BoardReport, DashboardSchool, TrustDashboard
from termwise.plans.models import ActionStatus, Plan, PlanAction, PlanState
from termwise.tracking import choice
from termwise.tracking.aggregates import Disclosure
from termwise.tracking.catalogue import Evaluator


def _name(types: dict[str, ActivityType], kind: str) -> str:
    return types[kind].name if kind in types else kind.replace("_", " ")


def _school(
    session: Session,
    school: School,
    disclosure: Disclosure,
    latest: int | None,
    today: date,
    types: dict[str, ActivityType],
) -> DashboardSchool:
    has_results = latest is not None and session.scalar(
        select(Assessment.id)
        .where(Assessment.point_id == latest, Assessment.school_id == school.id)
        .limit(1)
    )
    evaluator = Evaluator(session, school.id, disclosure)
    headline = [headline_of(session, school, evaluator, s)[0] for s in HEADLINE_SUBJECTS]
    category = session.scalar(
        select(SchoolCategory.code)
        .where(SchoolCategory.school_id == school.id)
        .order_by(SchoolCategory.decided_on.desc(), SchoolCategory.id.desc())
        .limit(1)
    )
    plan = session.scalar(
        select(Plan).where(Plan.school_id == school.id, Plan.state == PlanState.active).limit(1)
    )
    overdue = session.scalar(
        select(func.count(PlanAction.id)).where(
            PlanAction.plan_id == (plan.id if plan else -1),
            PlanAction.due_on < today,
            PlanAction.status.not_in([ActionStatus.done, ActionStatus.dropped]),
        )
    )
    review = session.scalar(
        select(MaturityReview)
        .where(MaturityReview.school_id == school.id, MaturityReview.state == ReviewState.agreed)
        .order_by(MaturityReview.held_on.desc())
        .limit(1)
    )
    upcoming = session.scalar(
        select(QaActivity)
        .where(QaActivity.school_id == school.id, QaActivity.state == QaState.scheduled)
        .order_by(QaActivity.due_on)
        .limit(1)
    )
    return DashboardSchool(
        school_id=school.id,
        name=school.name,
        comparable=bool(has_results),
        not_comparable_because=None if has_results else "no results at the trust's latest point",
        headline=headline,
        category=category,
        plan_id=plan.id if plan else None,
        plan_title=plan.title if plan else None,
        overdue_actions=overdue or 0,
        maturity_overall=review.overall if review else None,
        maturity_on=review.held_on if review else None,
        next_qa=_name(types, upcoming.kind) if upcoming else None,
        next_qa_on=upcoming.due_on if upcoming else None,
        next_qa_overdue=bool(upcoming and upcoming.due_on < today),
    )


def dashboard(
    session: Session, trust_id: int, disclosure: Disclosure, today: date | None = None
) -> TrustDashboard:
    today = today or date.today()
    try:
        latest: int | None = choice.latest_point(session, trust_id)
    except NotFound:
        latest = None
    schools = session.scalars(
        select(School).where(School.trust_id == trust_id).order_by(School.name)
    )
    types = types_for(session, trust_id)
    rows = [_school(session, s, disclosure, latest, today, types) for s in schools]
    comparable = [r for r in rows if r.comparable]
    trust_figures: dict[str, float | None] = {}
    for index, subject in enumerate(HEADLINE_SUBJECTS):
        values: list[float] = [v for r in comparable if (v := r.headline[index].value) is not None]
        trust_figures[subject] = round(sum(values) / len(values), 1) if values else None
    return TrustDashboard(trust_id=trust_id, schools=rows, trust_mean=trust_figures)


def board_report(
    session: Session, trust_id: int, disclosure: Disclosure, starts: date, ends: date
) -> BoardReport:
    school_ids = list(session.scalars(select(School.id).where(School.trust_id == trust_id)))
    changes = list(
        session.execute(
            select(SchoolCategory, School.name)
            .join(School, School.id == SchoolCategory.school_id)
            .where(
                SchoolCategory.school_id.in_(school_ids),
                SchoolCategory.decided_on >= starts,
                SchoolCategory.decided_on <= ends,
            )
            .order_by(SchoolCategory.decided_on)
        )
    )
    activities = list(
        session.execute(
            select(QaActivity, School.name)
            .join(School, School.id == QaActivity.school_id)
            .where(
                QaActivity.school_id.in_(school_ids),
                QaActivity.due_on >= starts,
                QaActivity.due_on <= min(ends, date.today()),
            )
            .order_by(QaActivity.due_on)
        )
    )
    done = [(a, n) for a, n in activities if a.state is QaState.done]
    overdue = [(a, n) for a, n in activities if a.state is QaState.scheduled]
    empty = not changes and not activities
    types = types_for(session, trust_id)
    return BoardReport(
        trust_id=trust_id,
        starts_on=starts,
        ends_on=ends,
        statement=(
            "Nothing happened in this period that the board report covers: no category was set "
            "and no quality-assurance activity fell due."
            if empty
            else None
        ),
        dashboard=dashboard(session, trust_id, disclosure),
        category_changes=[
            {"school": n, "code": c.code, "on": c.decided_on.isoformat(), "rationale": c.rationale}
            for c, n in changes
        ],
        qa_done=[
            {
                "school": n,
                "activity": _name(types, a.kind),
                "on": (a.done_on or a.due_on).isoformat(),
                "report": a.report or "",
            }
            for a, n in done
        ],
        qa_overdue=[
            {"school": n, "activity": _name(types, a.kind), "due": a.due_on.isoformat()}
            for a, n in overdue
        ],
    )
