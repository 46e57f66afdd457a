"""A term's pupil progress meetings at a school, summed up for the plan review: the actions
agreed and what came of them, and the pupils whose flag changed after an action."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from termwise.errors import NotFound
from termwise.meetings.models import Meeting, MeetingAction, Outcome
from termwise.orgs.models import HalfTerm, TermName
from termwise.plans.schemas import FlagChange, TermMeetings
from termwise.tracking import choice, flags
from termwise.tracking.measures import CORE_SUBJECTS, Cohort

DONE = (Outcome.done_helped, Outcome.done_no_change)


def term_dates(session: Session, academic_year_id: int, term: TermName) -> tuple[date, date]:
    starts, ends = session.execute(
        select(func.min(HalfTerm.starts_on), func.max(HalfTerm.ends_on)).where(
            HalfTerm.academic_year_id == academic_year_id, HalfTerm.term == term
        )
    ).one()
    return starts, ends


Flags = dict[tuple[int, str], str | None]


def _flags_at(
    session: Session,
    trust_id: int,
    school_id: int,
    point_id: int,
    pupils: set[int],
    names: dict[int, tuple[str, str]],
) -> Flags:
    """Each of these pupils' flag in each core subject at a point."""
    points = choice.resolve_points(session, trust_id, point_id)
    found: Flags = {}
    for code in CORE_SUBJECTS:
        subject = choice.subjects(session, code)
        for f in flags.pupil_flags(
            session, points, subject, Cohort([school_id]), flags=None, include_muted=True
        ):
            if f.pupil_id in pupils:
                names[f.pupil_id] = (f.first_name, f.last_name)
                found[(f.pupil_id, code)] = f.flag.value if f.flag else None
    return found


def summary(
    session: Session,
    trust_id: int,
    school_id: int,
    academic_year_id: int,
    term: TermName,
    *,
    show_pupils: bool,
) -> TermMeetings:
    """Meetings held in the term's dates; a pupil's flag 'then' is at the meeting's point and
    'now' at the trust's latest point with results, if that came after."""
    starts, ends = term_dates(session, academic_year_id, term)
    meetings = list(
        session.scalars(
            select(Meeting).where(
                Meeting.school_id == school_id, Meeting.held_on >= starts, Meeting.held_on <= ends
            )
        )
        if starts
        else []
    )
    actions = list(
        session.scalars(
            select(MeetingAction)
            .where(MeetingAction.meeting_id.in_([m.id for m in meetings]))
            .order_by(MeetingAction.id)
        )
    )
    try:
        latest = choice.latest_point(session, trust_id)
    except NotFound:
        latest = None
    by_point: dict[int, set[int]] = defaultdict(set)
    point_of = {m.id: m.point_id for m in meetings}
    for a in actions:
        by_point[point_of[a.meeting_id]].add(a.pupil_id)
    changes: list[FlagChange] = []
    names: dict[int, tuple[str, str]] = {}
    earlier = {p: pupils for p, pupils in by_point.items() if p != latest}
    if latest is not None and earlier:
        everyone: set[int] = set().union(*earlier.values())
        now = _flags_at(session, trust_id, school_id, latest, everyone, names)
        for point_id, pupils in sorted(earlier.items()):
            then = _flags_at(session, trust_id, school_id, point_id, pupils, names)
            for pupil_id in sorted(pupils):
                first, last = names.get(pupil_id, ("", ""))
                for code in CORE_SUBJECTS:
                    before, after = then.get((pupil_id, code)), now.get((pupil_id, code))
                    if before != after:
                        changes.append(
                            FlagChange(
                                pupil_id=pupil_id,
                                first_name=first,
                                last_name=last,
                                subject=code,
                                then=before,
                                now=after,
                            )
                        )
    return TermMeetings(
        starts_on=starts,
        ends_on=ends,
        meetings=len(meetings),
        actions_agreed=len(actions),
        actions_done=sum(a.outcome in DONE for a in actions),
        actions_helped=sum(a.outcome is Outcome.done_helped for a in actions),
        actions_open=sum(a.outcome is None for a in actions),
        pupils_flag_changed=len({c.pupil_id for c in changes}),
        flag_changes=changes if show_pupils else None,
    )
