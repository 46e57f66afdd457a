"""What a person's home shows, worked out from the same sources as the pages behind it: the
measures catalogue for the headline figures, the flags for the pupils who need attention, the
plan's own trajectories, the meetings and the trust's assessment calendar."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from termwise.assessment.models import AssessmentPoint
from termwise.auth.roles import Permission
from termwise.errors import NotFound
from termwise.home.schemas import (
    ClassHome,
    CriterionAtRisk,
    Headline,
    Home,
    MyWork,
    NewlyFlagged,
    NextCollection,
    NextMeeting,
    SchoolHome,
)
from termwise.meetings.models import Meeting
from termwise.meetings.router import my_meeting_actions
from termwise.orgs.models import School, SchoolClass
from termwise.oversight.models import SchoolCategory
from termwise.plans import service as plans
from termwise.plans.models import Plan, PlanState
from termwise.pupils.models import Pupil
from termwise.tenancy import Principal, reaches_school
from termwise.tracking import catalogue, choice
from termwise.tracking.access import disclosure_for
from termwise.tracking.aggregates import Disclosure
from termwise.tracking.catalogue import Evaluator, MeasureError
from termwise.tracking.measures import CONCERNS, CORE_SUBJECTS, Flag

HEADLINE_SUBJECTS = (*CORE_SUBJECTS, "combined")
WATCHED = (Flag.stuck, Flag.falling_behind)
AT_RISK = ("at_risk", "off_track")
NEWLY_SHOWN = 20


def headline_of(
    session: Session, school: School, evaluator: Evaluator, subject: str
) -> tuple[Headline, str | None]:
    """% at ARE in the subject at the latest point and the point before, through the school's
    ``evaluator`` (shared by every figure of the page)."""

    def value(point_id: int | None) -> tuple[float | None, bool, str | None, int | None]:
        try:
            bound = catalogue.bind(session, cache=evaluator.binds, school_id=school.id,
                                   trust_id=school.trust_id,
                                   code="pct_at_are", subject=subject, year_groups=[],
                                   subgroup=None, target_group_id=None, class_id=None,
                                   point_id=point_id, from_point_id=None)  # fmt: skip
        except (MeasureError, NotFound):
            return None, False, None, None
        found = evaluator.evaluate(bound.asked, bound.points, bound.subjects)
        before = bound.points.before.id if bound.points.before else None
        return found.value, found.suppressed, bound.points.point.name, before

    now, suppressed, point_name, before = value(None)
    previous = value(before)[0] if before else None
    change = round(now - previous, 1) if now is not None and previous is not None else None
    return (
        Headline(
            subject=subject, value=now, previous=previous, change=change, suppressed=suppressed
        ),
        point_name,
    )


def _flagged(
    session: Session, school: School, evaluator: Evaluator, show_pupils: bool
) -> tuple[int | None, int | None, list[NewlyFlagged] | None]:
    """Pupils stuck or falling behind now (not muted), and those not of concern at the point
    before, from the rows the headline figures already read."""
    try:
        latest = choice.latest_point(session, school.trust_id)
        points = choice.resolve_points(session, school.trust_id, latest)
    except NotFound:
        return None, None, [] if show_pupils else None
    earlier = (
        choice.resolve_points(session, school.trust_id, points.before.id) if points.before else None
    )
    counts = {Flag.stuck: 0, Flag.falling_behind: 0}
    now: list[tuple[int, str, Flag]] = []
    for code in CORE_SUBJECTS:
        subject_id = choice.subjects(session, code).id
        then: set[int] = set()
        if earlier is not None and earlier.before is not None:
            then = {
                r.pupil_id
                for r in evaluator.rows(earlier, subject_id, None, None)
                if r.flag in CONCERNS
            }
        for r in evaluator.rows(points, subject_id, None, None):
            if r.flag in WATCHED and r.muted_reason is None:
                counts[Flag(r.flag)] += 1
                if r.pupil_id not in then:
                    now.append((r.pupil_id, code, Flag(r.flag)))
    newly: list[NewlyFlagged] | None = None
    if show_pupils:
        names = {
            p.id: p
            for p in session.scalars(select(Pupil).where(Pupil.id.in_({i for i, _, _ in now})))
        }
        newly = sorted(
            (
                NewlyFlagged(pupil_id=i, first_name=names[i].first_name,
                             last_name=names[i].last_name, subject=code, flag=flag.value)
                for i, code, flag in now
            ),
            key=lambda p: (p.flag != Flag.falling_behind.value, p.last_name, p.subject),
        )[:NEWLY_SHOWN]  # fmt: skip
    return counts[Flag.stuck], counts[Flag.falling_behind], newly


def school_home(
    session: Session, principal: Principal, school: School, threshold: int, today: date
) -> SchoolHome:
    disclosure = disclosure_for(principal, school, threshold)
    evaluator = Evaluator(session, school.id, disclosure)
    headline, point_name = [], None
    for subject in HEADLINE_SUBJECTS:
        line, name = headline_of(session, school, evaluator, subject)
        headline.append(line)
        point_name = point_name or name
    stuck, behind, newly = _flagged(session, school, evaluator, disclosure.show_pupils)
    if disclosure.threshold is not None:
        stuck, behind = disclosure.count(stuck or 0), disclosure.count(behind or 0)
    plan = session.scalar(
        select(Plan)
        .where(Plan.school_id == school.id, Plan.state == PlanState.active)
        .order_by(Plan.id.desc())
        .limit(1)
    )
    at_risk = []
    progress: dict[str, int] = {}
    if plan is not None:
        read = plans.read_plan(session, principal, plan, school, disclosure, evaluator)
        for c in read.criteria:
            progress[c.trajectory] = progress.get(c.trajectory, 0) + 1
        at_risk = [
            CriterionAtRisk(
                plan_id=plan.id,
                criterion_id=c.id,
                description=c.description,
                trajectory=c.trajectory,
            )
            for c in read.criteria
            if c.trajectory in AT_RISK
        ]
    meeting = None
    if disclosure.show_pupils:
        found = session.execute(
            select(Meeting, SchoolClass.name)
            .join(SchoolClass, SchoolClass.id == Meeting.class_id)
            .where(Meeting.school_id == school.id, Meeting.held_on >= today)
            .order_by(Meeting.held_on, Meeting.id)
            .limit(1)
        ).first()
        if found:
            meeting = NextMeeting(meeting_id=found[0].id, class_name=found[1],
                                  held_on=found[0].held_on)  # fmt: skip
    point = session.scalar(
        select(AssessmentPoint)
        .where(AssessmentPoint.trust_id == school.trust_id, AssessmentPoint.assessed_on >= today)
        .order_by(AssessmentPoint.assessed_on, AssessmentPoint.id)
        .limit(1)
    )
    category = session.scalar(
        select(SchoolCategory.code)
        .where(SchoolCategory.school_id == school.id)
        .order_by(SchoolCategory.decided_on.desc(), SchoolCategory.id.desc())
        .limit(1)
    )
    return SchoolHome(
        school_id=school.id,
        name=school.name,
        category=category,
        point_name=point_name,
        headline=headline,
        stuck=stuck,
        falling_behind=behind,
        newly_flagged=newly,
        plan_id=plan.id if plan else None,
        plan_title=plan.title if plan else None,
        plan_progress=progress,
        criteria_at_risk=at_risk,
        next_meeting=meeting,
        next_collection=(
            NextCollection(point_id=point.id, name=point.name, assessed_on=point.assessed_on)
            if point
            else None
        ),
    )


def _class_home(session: Session, school_class: SchoolClass, trust_id: int) -> ClassHome:
    counts = {Flag.stuck: 0, Flag.falling_behind: 0}
    evaluator = Evaluator(session, school_class.school_id, Disclosure(None, True))
    try:
        points = choice.resolve_points(session, trust_id, choice.latest_point(session, trust_id))
        for code in CORE_SUBJECTS:
            subject_id = choice.subjects(session, code).id
            for r in evaluator.rows(points, subject_id, None, school_class.id):
                if r.flag in WATCHED and r.muted_reason is None:
                    counts[Flag(r.flag)] += 1
    except NotFound:
        pass
    return ClassHome(class_id=school_class.id, school_id=school_class.school_id,
                     name=school_class.name, stuck=counts[Flag.stuck],
                     falling_behind=counts[Flag.falling_behind])  # fmt: skip


def home(session: Session, principal: Principal, threshold: int) -> Home:
    today = date.today()
    trust_ids = sorted({g.trust_id for g in principal.grants if g.level == "trust" and g.trust_id})
    school_ids = sorted(
        {g.school_id for g in principal.grants if g.level == "school" and g.school_id}
    )
    class_ids = sorted({g.class_id for g in principal.grants if g.class_id})
    schools = [
        school_home(session, principal, s, threshold, today)
        for s in session.scalars(
            select(School).where(School.id.in_(school_ids)).order_by(School.name)
        )
        if reaches_school(principal, Permission.plans_read, s)
        or reaches_school(principal, Permission.aggregates_read, s)
    ]
    classes = [
        _class_home(session, c, t)
        for c, t in session.execute(
            select(SchoolClass, School.trust_id)
            .join(School, School.id == SchoolClass.school_id)
            .where(SchoolClass.id.in_(class_ids))
            .order_by(SchoolClass.name)
        )
    ]
    own = plans.my_actions(session, principal)
    from_meetings = my_meeting_actions(session, principal)
    governs = bool(principal.grants) and all(g.label == "governor" for g in principal.grants)
    kind = (
        "trust" if trust_ids else "governor" if governs else "school" if schools
        else "class" if classes else "none"
    )  # fmt: skip
    return Home(
        kind=kind,
        trust_ids=trust_ids,
        schools=schools,
        classes=classes,
        mine=MyWork(
            plan_actions=sum(a.status.value not in ("done", "dropped") for a in own),
            plan_actions_overdue=sum(a.overdue for a in own),
            meeting_actions=len(from_meetings),
            meeting_actions_overdue=sum(a.overdue for a in from_meetings),
        ),
    )
