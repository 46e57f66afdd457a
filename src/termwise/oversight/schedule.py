"""The quality-assurance schedule a school's category drives.

Each activity type has an owner (a trust role), the audience of its report, and a cadence for
each category: more often the more concern. Termwise ships the usual types; a trust changes
them, or adds its own, as its own data. Setting a category regenerates the school's future
activities for the next twelve months from its cadences, and so does a trust changing a
type; activities already done, and any moved or reassigned by hand, are kept."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from termwise.orgs.models import School
from termwise.oversight.models import QaActivity, QaActivityType, QaState, SchoolCategory

# How often, in weeks between activities; None: not scheduled for that category.
CADENCES = {"half_termly": 7, "termly": 13, "twice_yearly": 26, "annual": 52}
FIRST_AFTER = timedelta(weeks=2)
HORIZON = timedelta(days=365)


@dataclass(frozen=True)
class ActivityType:
    key: str
    name: str
    owner_role: str
    audience: str
    cadence: dict[str, str | None]


DEFAULT_TYPES: dict[str, ActivityType] = {
    t.key: t
    for t in (
        ActivityType("school_review", "School review", "trust_leader", "Trust board",
                     {"A": "annual", "B": "annual", "C1": "termly", "C2": "termly",
                      "D": "half_termly"}),
        ActivityType("deep_dive", "Subject deep dive", "trust_leader", "Local governing body",
                     {"A": None, "B": "annual", "C1": "twice_yearly", "C2": "termly",
                      "D": "termly"}),
        ActivityType("data_analysis", "Data analysis", "data_officer", "Head teacher",
                     {"A": "termly", "B": "termly", "C1": "termly", "C2": "half_termly",
                      "D": "half_termly"}),
        ActivityType("safeguarding_review", "Safeguarding review", "trust_leader",
                     "Trust board", {"A": "annual", "B": "annual", "C1": "annual",
                                     "C2": "twice_yearly", "D": "twice_yearly"}),
        ActivityType("health_and_safety", "Health and safety audit", "trust_leader",
                     "Trust board", {c: "annual" for c in ("A", "B", "C1", "C2", "D")}),
    )
}  # fmt: skip


def types_for(session: Session, trust_id: int) -> dict[str, ActivityType]:
    """The trust's activity types: the defaults, as the trust changed them, and its own."""
    found = dict(DEFAULT_TYPES)
    for row in session.scalars(select(QaActivityType).where(QaActivityType.trust_id == trust_id)):
        found[row.key] = ActivityType(
            row.key, row.name, row.owner_role, row.audience, dict(row.cadence)
        )
    return found


def planned_for(
    category: str, starts: date, types: dict[str, ActivityType]
) -> list[tuple[str, date]]:
    """Every activity a school of this category has in the twelve months from ``starts``."""
    found = []
    for key, kind in types.items():
        cadence = kind.cadence.get(category)
        if cadence is None:
            continue
        due = starts + FIRST_AFTER
        while due < starts + HORIZON:
            found.append((key, due))
            due += timedelta(weeks=CADENCES[cadence])
    return sorted(found, key=lambda pair: (pair[1], pair[0]))


def regenerate(
    session: Session,
    school_id: int,
    category: str,
    starts: date,
    types: dict[str, ActivityType],
) -> int:
    """Replace the school's future, untouched activities with the category's schedule."""
    session.execute(
        delete(QaActivity).where(
            QaActivity.school_id == school_id,
            QaActivity.state == QaState.scheduled,
            QaActivity.kept.is_(False),
            QaActivity.due_on >= starts,
        )
    )
    kept = {
        (a.kind, a.due_on)
        for a in session.scalars(select(QaActivity).where(QaActivity.school_id == school_id))
    }
    made = 0
    for key, due in planned_for(category, starts, types):
        if (key, due) in kept:
            continue
        session.add(
            QaActivity(
                school_id=school_id,
                kind=key,
                due_on=due,
                owner_role=types[key].owner_role,
                state=QaState.scheduled,
                kept=False,
                category=category,
            )
        )
        made += 1
    session.flush()
    return made


def reschedule_trust(session: Session, trust_id: int, starts: date) -> int:
    """After the trust changes a type: every categorised school's future schedule again."""
    types = types_for(session, trust_id)
    newest = (
        select(SchoolCategory.school_id, SchoolCategory.code)
        .join(School, School.id == SchoolCategory.school_id)
        .where(School.trust_id == trust_id)
        .order_by(SchoolCategory.school_id, SchoolCategory.decided_on, SchoolCategory.id)
    )
    current = {school_id: code for school_id, code in session.execute(newest)}
    return sum(
        regenerate(session, school_id, code, starts, types) for school_id, code in current.items()
    )
