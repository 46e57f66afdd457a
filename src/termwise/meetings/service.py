"""Who may see a meeting, and what it reads from the tracker: the agenda from the class's
flags, and for each open action of an earlier meeting the pupil's steps then and now."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from termwise.assessment.models import Assessment, AssessmentPoint, ScaleStep, Subject
from termwise.auth.models import User
from termwise.auth.roles import Permission
from termwise.errors import NotFound
from termwise.interventions import provision
from termwise.meetings.models import Category, Discussion, Meeting, MeetingAction
from termwise.meetings.schemas import (
    AgendaPupil,
    DiscussionRead,
    FollowUp,
    MeetingActionRead,
    MeetingRead,
    MeetingSummary,
    PupilName,
    StepThenNow,
    SubjectFlag,
)
from termwise.orgs.models import School, SchoolClass
from termwise.pupils.models import Pupil
from termwise.tenancy import Principal, reaches_class
from termwise.tracking import choice, flags
from termwise.tracking.aggregates import point_read
from termwise.tracking.measures import CONCERNS, CORE_SUBJECTS, Cohort, Flag
from termwise.tracking.models import TargetGroup, TargetGroupMember

GOOD = (Flag.expected.value, Flag.accelerated.value)


def reaches(principal: Principal, school_class: SchoolClass, trust_id: int) -> bool:
    """Notes about pupils: the school's staff with pupil access, a class teacher their own
    classes'. Never governors, dashboards or other schools."""
    return reaches_class(principal, Permission.pupils_read, school_class, trust_id)


def meeting_for(session: Session, principal: Principal, meeting_id: int) -> tuple[Meeting, int]:
    """The meeting and its school's trust, if the caller may see it."""
    found = session.execute(
        select(Meeting, SchoolClass, School.trust_id)
        .join(SchoolClass, SchoolClass.id == Meeting.class_id)
        .join(School, School.id == Meeting.school_id)
        .where(Meeting.id == meeting_id)
    ).first()
    if found is None or not reaches(principal, found[1], found[2]):
        raise NotFound(f"No meeting {meeting_id} that you can see.")
    return found[0], found[2]


def action_read(session: Session, action: MeetingAction, today: date) -> MeetingActionRead:
    owner = session.get(User, action.owner_user_id) if action.owner_user_id else None
    return MeetingActionRead(
        id=action.id,
        meeting_id=action.meeting_id,
        pupil_id=action.pupil_id,
        description=action.description,
        owner_user_id=action.owner_user_id,
        owner_name=owner.full_name if owner else None,
        owner_role=action.owner_role,
        due_on=action.due_on,
        overdue=action.outcome is None and action.due_on < today,
        outcome=action.outcome,
        outcome_note=action.outcome_note,
        followed_up_in_id=action.followed_up_in_id,
        version=action.version,
    )


def summary(session: Session, meeting: Meeting) -> MeetingSummary:
    school_class = session.get(SchoolClass, meeting.class_id)
    point = point_read(session, session.get(AssessmentPoint, meeting.point_id))
    assert school_class is not None and point is not None
    return MeetingSummary(
        id=meeting.id,
        school_id=meeting.school_id,
        class_id=meeting.class_id,
        class_name=school_class.name,
        kind=meeting.kind,
        held_on=meeting.held_on,
        point=point,
        updated_at=meeting.updated_at,
    )


def agenda(session: Session, meeting: Meeting, trust_id: int) -> list[AgendaPupil]:
    """The class's pupils the tracker puts on the agenda, from their flags in each core subject
    at the meeting's point: falling behind first, then slow or stuck, then those making good
    progress, then the target groups' other members. Muted flags show, with their reason."""
    points = choice.resolve_points(session, trust_id, meeting.point_id)
    cohort = Cohort([meeting.school_id], class_id=meeting.class_id)
    by_pupil: dict[int, list[SubjectFlag]] = defaultdict(list)
    names: dict[int, tuple[str, str]] = {}
    for code in CORE_SUBJECTS:
        subject = choice.subjects(session, code)
        for f in flags.pupil_flags(
            session, points, subject, cohort, flags=None, include_muted=True
        ):
            names[f.pupil_id] = (f.first_name, f.last_name)
            by_pupil[f.pupil_id].append(
                SubjectFlag(
                    subject=code,
                    step_before=f.step_before,
                    step=f.step,
                    flag=f.flag.value if f.flag else None,
                    rule=f.rule,
                    muted_reason=f.muted_reason,
                )
            )
    in_groups = set(
        session.scalars(
            select(TargetGroupMember.pupil_id)
            .join(TargetGroup, TargetGroup.id == TargetGroupMember.group_id)
            .where(TargetGroup.school_id == meeting.school_id, TargetGroup.archived_at.is_(None))
        )
    )
    concern = {c.value for c in CONCERNS}
    running = provision.briefs_by_pupil(
        session, by_pupil, *provision.around(meeting.school_id, meeting.held_on)
    )
    placed: list[AgendaPupil] = []
    for pupil_id, subjects in by_pupil.items():
        found = {s.flag for s in subjects}
        if Flag.falling_behind.value in found:
            category = Category.falling_behind
        elif found & concern:
            category = Category.slow_or_stuck
        elif found & set(GOOD):
            category = Category.good_progress
        elif pupil_id in in_groups:
            category = Category.target_group
        else:
            continue
        first, last = names[pupil_id]
        placed.append(
            AgendaPupil(
                pupil_id=pupil_id,
                first_name=first,
                last_name=last,
                category=category,
                subjects=subjects,
                interventions=running.get(pupil_id, []),
            )
        )
    order = [Category.falling_behind, Category.slow_or_stuck, Category.good_progress,
             Category.target_group]  # fmt: skip
    return sorted(placed, key=lambda p: (order.index(p.category), p.last_name, p.pupil_id))


def _steps(session: Session, pupil_id: int, point_ids: list[int]) -> dict[tuple[int, str], str]:
    rows = session.execute(
        select(Assessment.point_id, Subject.code, ScaleStep.code)
        .join(Subject, Subject.id == Assessment.subject_id)
        .join(ScaleStep, ScaleStep.id == Assessment.step_id)
        .where(
            Assessment.pupil_id == pupil_id,
            Assessment.point_id.in_(point_ids),
            Subject.code.in_(CORE_SUBJECTS),
        )
    )
    return {(point_id, subject): step for point_id, subject, step in rows}


def follow_up(session: Session, meeting: Meeting) -> list[FollowUp]:
    """The open actions of the class's earlier meetings, each with its pupil's steps then and
    now."""
    earlier = session.execute(
        select(MeetingAction, Meeting)
        .join(Meeting, Meeting.id == MeetingAction.meeting_id)
        .where(
            Meeting.class_id == meeting.class_id,
            Meeting.held_on < meeting.held_on,
            (MeetingAction.outcome.is_(None)) | (MeetingAction.followed_up_in_id == meeting.id),
        )
        .order_by(Meeting.held_on, MeetingAction.id)
    ).all()
    today = date.today()
    found = []
    for action, then in earlier:
        steps = _steps(session, action.pupil_id, [then.point_id, meeting.point_id])
        found.append(
            FollowUp(
                action=action_read(session, action, today),
                agreed_on=then.held_on,
                steps=[
                    StepThenNow(
                        subject=code,
                        then=steps.get((then.point_id, code)),
                        now=steps.get((meeting.point_id, code)),
                    )
                    for code in CORE_SUBJECTS
                ],
            )
        )
    return found


def _names(session: Session, pupil_ids: set[int]) -> list[PupilName]:
    if not pupil_ids:
        return []
    pupils = session.scalars(select(Pupil).where(Pupil.id.in_(sorted(pupil_ids))))
    return [
        PupilName(pupil_id=p.id, first_name=p.first_name, last_name=p.last_name) for p in pupils
    ]


def read(session: Session, meeting: Meeting, trust_id: int) -> MeetingRead:
    today = date.today()
    discussed = list(
        session.scalars(
            select(Discussion).where(Discussion.meeting_id == meeting.id).order_by(Discussion.id)
        )
    )
    actions = list(
        session.scalars(
            select(MeetingAction)
            .where(MeetingAction.meeting_id == meeting.id)
            .order_by(MeetingAction.id)
        )
    )
    on_agenda = agenda(session, meeting, trust_id)
    earlier = follow_up(session, meeting)
    named = {p.pupil_id: PupilName(**p.model_dump()) for p in on_agenda}
    others = {d.pupil_id for d in discussed} | {a.pupil_id for a in actions}
    others |= {f.action.pupil_id for f in earlier}
    named |= {p.pupil_id: p for p in _names(session, others - set(named))}
    return MeetingRead(
        **summary(session, meeting).model_dump(),
        attendees=meeting.attendees,
        notes=meeting.notes,
        pupils=sorted(named.values(), key=lambda p: (p.last_name, p.first_name, p.pupil_id)),
        agenda=on_agenda,
        discussed=[
            DiscussionRead(
                id=d.id,
                pupil_id=d.pupil_id,
                category=d.category,
                guest=d.guest,
                what_helped=d.what_helped,
                barriers=d.barriers,
                pupil_voice=d.pupil_voice,
            )
            for d in discussed
        ],
        actions=[action_read(session, a, today) for a in actions],
        follow_up=earlier,
    )
