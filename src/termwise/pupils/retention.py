"""The retention policy: a pupil's data is kept for a trust's number of years after their last
academic year on its roll, then erased as an erasure on request is (``erasure.erase``), with the
policy as its reason. ``termwise retention --dry-run`` says what would go; ``--apply`` erases."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from termwise.orgs.models import AcademicYear, Trust
from termwise.pupils import erasure
from termwise.pupils.models import Enrolment, Pupil


@dataclass(frozen=True)
class Due:
    """One pupil past the policy: when their last academic year here ended."""

    pupil_id: int
    left_on: date


@dataclass(frozen=True)
class Plan:
    trust_id: int
    trust_name: str
    years: int
    cutoff: date
    due: list[Due]


def cutoff(today: date, years: int) -> date:
    """The day ``years`` before ``today`` (29 February becomes the 28th)."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def plan(session: Session, trust: Trust, default_years: int, today: date) -> Plan:
    years = trust.retention_years or default_years
    before = cutoff(today, years)
    last_year_ended = (
        select(Enrolment.pupil_id, func.max(AcademicYear.ends_on).label("left_on"))
        .join(AcademicYear, AcademicYear.id == Enrolment.academic_year_id)
        .join(Pupil, Pupil.id == Enrolment.pupil_id)
        .where(Pupil.trust_id == trust.id)
        .group_by(Enrolment.pupil_id)
        .subquery()
    )
    due = [
        Due(pupil_id, left_on)
        for pupil_id, left_on in session.execute(
            select(last_year_ended.c.pupil_id, last_year_ended.c.left_on)
            .where(last_year_ended.c.left_on < before)
            .order_by(last_year_ended.c.left_on, last_year_ended.c.pupil_id)
        )
    ]
    return Plan(trust.id, trust.name, years, before, due)


def apply(session: Session, found: Plan) -> dict[str, int]:
    """Erase every pupil the plan found; answers rows erased per table, over them all."""
    totals: dict[str, int] = {}
    reason = (
        f"Retention policy: {found.years} years after the pupil's last academic year "
        f"(ended before {found.cutoff.isoformat()})"
    )
    for due in found.due:
        pupil = session.get(Pupil, due.pupil_id)
        if pupil is None:
            continue
        for table, count in erasure.erase(session, pupil, reason).rows.items():
            totals[table] = totals.get(table, 0) + count
    return totals
