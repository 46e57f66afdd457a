"""Who may read and write a monitoring activity, and what they are shown.

What is written about a teacher's practice is theirs to see and answer before anyone else
reads it: until the partner submits it, only the teacher and the partner read the writing;
from then the school's leaders do too (a leader sees every activity's focus and people, to
plan them). Nobody else sees it at all: not other staff, governors or dashboards.
"""

from __future__ import annotations

from collections import defaultdict
from statistics import fmean
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from termwise.auth.models import User
from termwise.auth.roles import Permission
from termwise.errors import NotFound
from termwise.monitoring.models import ActivityState, MonitoringActivity
from termwise.monitoring.schemas import ActivityRead, ActivitySummary
from termwise.orgs.models import School
from termwise.plans.models import Priority
from termwise.plans.schemas import ImplementationOutcomes
from termwise.tenancy import Principal, holds_at_school

Acting = Literal["teacher", "partner", "leader"]
OUTCOMES = ("fidelity", "acceptability", "reach", "feasibility")


def leads(principal: Principal, school: School) -> bool:
    return holds_at_school(
        principal, Permission.plans_write, school_id=school.id, trust_id=school.trust_id
    )


def roles(principal: Principal, activity: MonitoringActivity, school: School) -> list[Acting]:
    found: list[Acting] = []
    if principal.kind == "user" and principal.id == activity.teacher_id:
        found.append("teacher")
    if principal.kind == "user" and principal.id == activity.partner_id:
        found.append("partner")
    if leads(principal, school):
        found.append("leader")
    return found


def shows_writing(activity: MonitoringActivity, acting: list[Acting]) -> bool:
    return bool({"teacher", "partner"} & set(acting)) or activity.state is not ActivityState.planned


def activity_for(
    session: Session, principal: Principal, activity_id: int
) -> tuple[MonitoringActivity, School, list[Acting]]:
    found = session.execute(
        select(MonitoringActivity, School)
        .join(School, School.id == MonitoringActivity.school_id)
        .where(MonitoringActivity.id == activity_id)
    ).first()
    acting = roles(principal, found[0], found[1]) if found else []
    if found is None or not acting:
        raise NotFound(f"No monitoring activity {activity_id} that you can see.")
    return found[0], found[1], acting


def summary(session: Session, activity: MonitoringActivity) -> ActivitySummary:
    teacher = session.get(User, activity.teacher_id)
    partner = session.get(User, activity.partner_id)
    priority = session.get(Priority, activity.priority_id) if activity.priority_id else None
    assert teacher is not None and partner is not None
    return ActivitySummary(
        id=activity.id,
        school_id=activity.school_id,
        kind=activity.kind,
        focus=activity.focus,
        priority_id=activity.priority_id,
        priority_title=priority.title if priority else None,
        held_on=activity.held_on,
        teacher_id=teacher.id,
        teacher_name=teacher.full_name,
        partner_id=partner.id,
        partner_name=partner.full_name,
        state=activity.state,
        updated_at=activity.updated_at,
    )


def read(session: Session, activity: MonitoringActivity, acting: list[Acting]) -> ActivityRead:
    writing = shows_writing(activity, acting)

    def shown(value: str | None) -> str | None:
        return value if writing else None

    return ActivityRead(
        **summary(session, activity).model_dump(),
        others=activity.others,
        reflection=shown(activity.reflection),
        summary=shown(activity.summary),
        teacher_response=shown(activity.teacher_response),
        quality_note=shown(activity.quality_note),
        fidelity=activity.fidelity if writing else None,
        acceptability=activity.acceptability if writing else None,
        reach=activity.reach if writing else None,
        feasibility=activity.feasibility if writing else None,
        submitted_at=activity.submitted_at,
        confirmed_at=activity.confirmed_at,
        confirmed_by=activity.confirmed_by,
        acting_as=acting,
        version=activity.version,
    )


def outcomes_by_priority(
    session: Session, priority_ids: list[int]
) -> dict[int, ImplementationOutcomes]:
    """Each priority's implementation outcomes from its confirmed activities."""
    rows = session.scalars(
        select(MonitoringActivity).where(
            MonitoringActivity.priority_id.in_(priority_ids),
            MonitoringActivity.state == ActivityState.confirmed,
        )
    )
    grouped: dict[int, list[MonitoringActivity]] = defaultdict(list)
    for row in rows:
        assert row.priority_id is not None
        grouped[row.priority_id].append(row)

    def mean(activities: list[MonitoringActivity], name: str) -> float | None:
        values = [getattr(a, name) for a in activities if getattr(a, name) is not None]
        return round(fmean(values), 1) if values else None

    return {
        priority_id: ImplementationOutcomes(
            activities=len(found), **{name: mean(found, name) for name in OUTCOMES}
        )
        for priority_id, found in grouped.items()
    }
