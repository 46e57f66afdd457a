"""Everything Termwise holds about one pupil, section by section: what the subject access export
writes out and what erasure removes. Both read these queries, so the two cannot drift apart."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session, aliased

from termwise.assessment.models import (
    Assessment,
    AssessmentHistory,
    AssessmentPoint,
    Scale,
    ScaleStep,
    Subject,
)
from termwise.audit.models import AuditEvent
from termwise.auth.models import User
from termwise.interventions.models import Intervention, InterventionPupil
from termwise.meetings.models import Discussion, Meeting, MeetingAction
from termwise.orgs.models import AcademicYear, School, SchoolClass, Trust, YearGroup
from termwise.plans.models import Criterion, Plan, Review, ReviewedCriterion
from termwise.pupils.models import Enrolment, Pupil, PupilCharacteristics, SchoolPupilId
from termwise.tracking.models import FlagMute, Prediction, TargetGroup, TargetGroupMember
from termwise.tracking.targets import MEMBERS_ENTITY

Row = dict[str, Any]

# Audited tables whose rows each belong to one pupil: their events name the pupil in pupil_id.
PUPIL_ROW_ENTITIES = ("flag_mutes", "predictions", "meeting_pupils", "meeting_actions")


def plain(value: Any) -> Any:
    """A value as JSON holds it."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _rows(session: Session, statement: Any) -> list[Row]:
    return [{k: plain(v) for k, v in r.items()} for r in session.execute(statement).mappings()]


def identity(session: Session, pupil: Pupil) -> Row:
    trust = session.scalar(select(Trust.name).where(Trust.id == pupil.trust_id))
    return {
        "id": pupil.id,
        "trust": trust,
        "upn": pupil.upn,
        "legal_first_name": pupil.legal_first_name,
        "legal_last_name": pupil.legal_last_name,
        "preferred_first_name": pupil.preferred_first_name,
        "preferred_last_name": pupil.preferred_last_name,
        "date_of_birth": plain(pupil.date_of_birth),
        "gender": plain(pupil.gender),
        "created_at": plain(pupil.created_at),
        "updated_at": plain(pupil.updated_at),
    }


def mis_ids(session: Session, pupil_id: int) -> list[Row]:
    return _rows(
        session,
        select(School.name.label("school"), SchoolPupilId.mis_id)
        .join(School, School.id == SchoolPupilId.school_id)
        .where(SchoolPupilId.pupil_id == pupil_id)
        .order_by(School.name),
    )


def enrolments(session: Session, pupil_id: int) -> list[Row]:
    return _rows(
        session,
        select(
            AcademicYear.code.label("academic_year"),
            School.name.label("school"),
            YearGroup.code.label("year_group"),
            SchoolClass.name.label("class"),
            Enrolment.created_at,
            Enrolment.updated_at,
        )
        .join(AcademicYear, AcademicYear.id == Enrolment.academic_year_id)
        .join(School, School.id == Enrolment.school_id)
        .join(YearGroup, YearGroup.id == Enrolment.year_group_id)
        .outerjoin(SchoolClass, SchoolClass.id == Enrolment.class_id)
        .where(Enrolment.pupil_id == pupil_id)
        .order_by(AcademicYear.starts_on, School.name),
    )


def characteristics(session: Session, pupil_id: int) -> list[Row]:
    c = PupilCharacteristics
    return _rows(
        session,
        select(
            AcademicYear.code.label("academic_year"),
            c.fsm,
            c.ever6_fsm,
            c.pupil_premium,
            c.eal,
            c.sen_status,
            c.looked_after,
            c.more_able,
            c.updated_at,
        )
        .join(AcademicYear, AcademicYear.id == c.academic_year_id)
        .where(c.pupil_id == pupil_id)
        .order_by(AcademicYear.starts_on),
    )


def _result_columns(row: Any) -> list[Any]:
    return [Scale.code.label("scale"), ScaleStep.code.label("step"), row.score, row.non_result]


def results(session: Session, pupil_id: int) -> list[Row]:
    return _rows(
        session,
        select(
            Assessment.id.label("result_id"),
            AcademicYear.code.label("academic_year"),
            AssessmentPoint.name.label("point"),
            AssessmentPoint.assessed_on,
            Subject.code.label("subject"),
            *_result_columns(Assessment),
            School.name.label("school"),
            Assessment.source,
            Assessment.recorded_by,
            Assessment.recorded_at,
        )
        .join(AssessmentPoint, AssessmentPoint.id == Assessment.point_id)
        .join(AcademicYear, AcademicYear.id == AssessmentPoint.academic_year_id)
        .join(Subject, Subject.id == Assessment.subject_id)
        .join(School, School.id == Assessment.school_id)
        .outerjoin(Scale, Scale.id == Assessment.scale_id)
        .outerjoin(ScaleStep, ScaleStep.id == Assessment.step_id)
        .where(Assessment.pupil_id == pupil_id)
        .order_by(AssessmentPoint.assessed_on, Subject.code),
    )


def result_history(session: Session, pupil_id: int) -> list[Row]:
    h = AssessmentHistory
    return _rows(
        session,
        select(
            h.assessment_id.label("result_id"),
            *_result_columns(h),
            h.source,
            h.recorded_by,
            h.recorded_at,
            h.replaced_by,
            h.replaced_at,
            h.reason,
        )
        .join(Assessment, Assessment.id == h.assessment_id)
        .outerjoin(Scale, Scale.id == h.scale_id)
        .outerjoin(ScaleStep, ScaleStep.id == h.step_id)
        .where(Assessment.pupil_id == pupil_id)
        .order_by(h.assessment_id, h.replaced_at, h.id),
    )


def flag_mutes(session: Session, pupil_id: int) -> list[Row]:
    return _rows(
        session,
        select(
            School.name.label("school"),
            Subject.code.label("subject"),
            AssessmentPoint.name.label("point"),
            FlagMute.flag,
            FlagMute.reason,
            FlagMute.muted_by,
            FlagMute.created_at,
        )
        .join(School, School.id == FlagMute.school_id)
        .join(Subject, Subject.id == FlagMute.subject_id)
        .join(AssessmentPoint, AssessmentPoint.id == FlagMute.point_id)
        .where(FlagMute.pupil_id == pupil_id)
        .order_by(FlagMute.id),
    )


def predictions(session: Session, pupil_id: int) -> list[Row]:
    return _rows(
        session,
        select(
            AcademicYear.code.label("academic_year"),
            Subject.code.label("subject"),
            ScaleStep.code.label("predicted_step"),
            School.name.label("school"),
            Prediction.recorded_by,
            Prediction.updated_at,
        )
        .join(AcademicYear, AcademicYear.id == Prediction.academic_year_id)
        .join(Subject, Subject.id == Prediction.subject_id)
        .join(ScaleStep, ScaleStep.id == Prediction.step_id)
        .join(School, School.id == Prediction.school_id)
        .where(Prediction.pupil_id == pupil_id)
        .order_by(Prediction.id),
    )


def target_groups(session: Session, pupil_id: int) -> list[Row]:
    return _rows(
        session,
        select(
            TargetGroup.id.label("group_id"),
            TargetGroup.name,
            School.name.label("school"),
            Subject.code.label("subject"),
            AcademicYear.code.label("academic_year"),
            TargetGroup.term,
            TargetGroup.created_by,
        )
        .join(TargetGroupMember, TargetGroupMember.group_id == TargetGroup.id)
        .join(School, School.id == TargetGroup.school_id)
        .join(Subject, Subject.id == TargetGroup.subject_id)
        .join(AcademicYear, AcademicYear.id == TargetGroup.academic_year_id)
        .where(TargetGroupMember.pupil_id == pupil_id)
        .order_by(TargetGroup.id),
    )


def _meeting_columns() -> list[Any]:
    return [
        Meeting.id.label("meeting_id"),
        Meeting.held_on,
        School.name.label("school"),
        SchoolClass.name.label("class"),
        Meeting.kind.label("meeting_kind"),
    ]


def discussions(session: Session, pupil_id: int) -> list[Row]:
    return _rows(
        session,
        select(
            *_meeting_columns(),
            Discussion.category,
            Discussion.guest,
            Discussion.what_helped,
            Discussion.barriers,
            Discussion.pupil_voice,
            Discussion.updated_at,
        )
        .join(Meeting, Meeting.id == Discussion.meeting_id)
        .join(School, School.id == Meeting.school_id)
        .join(SchoolClass, SchoolClass.id == Meeting.class_id)
        .where(Discussion.pupil_id == pupil_id)
        .order_by(Meeting.held_on, Discussion.id),
    )


def meeting_actions(session: Session, pupil_id: int) -> list[Row]:
    owner = aliased(User)
    return _rows(
        session,
        select(
            *_meeting_columns(),
            MeetingAction.id.label("action_id"),
            MeetingAction.description,
            owner.full_name.label("owner"),
            MeetingAction.owner_role,
            MeetingAction.due_on,
            MeetingAction.outcome,
            MeetingAction.outcome_note,
            MeetingAction.updated_at,
        )
        .join(Meeting, Meeting.id == MeetingAction.meeting_id)
        .join(School, School.id == Meeting.school_id)
        .join(SchoolClass, SchoolClass.id == Meeting.class_id)
        .outerjoin(owner, owner.id == MeetingAction.owner_user_id)
        .where(MeetingAction.pupil_id == pupil_id)
        .order_by(Meeting.held_on, MeetingAction.id),
    )


def interventions(session: Session, pupil_id: int) -> list[Row]:
    i = Intervention
    return _rows(
        session,
        select(
            i.id.label("intervention_id"),
            i.name,
            School.name.label("school"),
            Subject.code.label("subject"),
            i.wave,
            i.trigger,
            i.staff_role,
            i.starts_on,
            i.ends_on,
            i.sessions_per_week,
            i.minutes_per_session,
            i.notes,
        )
        .join(InterventionPupil, InterventionPupil.intervention_id == i.id)
        .join(School, School.id == i.school_id)
        .join(Subject, Subject.id == i.subject_id)
        .where(InterventionPupil.pupil_id == pupil_id)
        .order_by(i.starts_on, i.id),
    )


def frozen_reviews(session: Session, pupil_id: int) -> list[Row]:
    """Signed-off plan reviews whose frozen figures counted the pupil. Erasure keeps them (the
    school's aggregates), so only the export reads this."""
    r = ReviewedCriterion
    found = session.execute(
        select(
            r.frozen_pupil_ids,
            Plan.id.label("plan_id"),
            Plan.title.label("plan"),
            School.name.label("school"),
            AcademicYear.code.label("academic_year"),
            Plan.term,
            Criterion.description.label("criterion"),
            r.frozen_value,
            r.frozen_cohort,
            Review.signed_off_at,
        )
        .join(Review, Review.id == r.review_id)
        .join(Plan, Plan.id == Review.plan_id)
        .join(Criterion, Criterion.id == r.criterion_id)
        .join(School, School.id == Plan.school_id)
        .join(AcademicYear, AcademicYear.id == Plan.academic_year_id)
        .where(
            Review.signed_off_at.is_not(None),
            r.frozen_pupil_ids.is_not(None),
            Plan.school_id.in_(select(Enrolment.school_id).where(Enrolment.pupil_id == pupil_id)),
        )
        .order_by(Review.signed_off_at, r.id)
    ).mappings()
    return [
        {k: plain(v) for k, v in row.items() if k != "frozen_pupil_ids"}
        for row in found
        if str(pupil_id) in (row["frozen_pupil_ids"] or "").split(",")
    ]


def _names_pupil(column: Any, pupil_id: int) -> ColumnElement[bool]:
    return column["pupil_id"].as_integer() == pupil_id  # type: ignore[no-any-return]


def _row_keys(session: Session, pupil_id: int) -> dict[str, set[str]]:
    """The ids of the pupil's rows in each audited table, now or ever (an update's event names
    only what changed, so its row is known by the id a create or delete event gave it)."""
    keys: dict[str, set[str]] = {name: set() for name in PUPIL_ROW_ENTITIES}
    for model in (FlagMute, Prediction, Discussion, MeetingAction):
        ids = session.scalars(select(model.id).where(model.pupil_id == pupil_id))
        keys[model.__tablename__] |= {str(i) for i in ids}
    named = session.execute(
        select(AuditEvent.entity_type, AuditEvent.entity_id).where(
            AuditEvent.entity_type.in_(PUPIL_ROW_ENTITIES),
            or_(
                _names_pupil(AuditEvent.after, pupil_id),
                _names_pupil(AuditEvent.before, pupil_id),
            ),
        )
    )
    for entity_type, entity_id in named:
        keys[entity_type].add(entity_id)
    return keys


def audit_events_of(session: Session, pupil_id: int, trust_id: int) -> list[AuditEvent]:
    """The audit log's events that concern the pupil: changes to their record and to the rows
    that belong to them, their target group memberships, and exports and erasures of them."""
    rows = [
        (AuditEvent.entity_type == name) & AuditEvent.entity_id.in_(sorted(ids))
        for name, ids in _row_keys(session, pupil_id).items()
        if ids
    ]
    direct = session.scalars(
        select(AuditEvent)
        .where(
            or_(
                (AuditEvent.entity_type == "pupils") & (AuditEvent.entity_id == str(pupil_id)),
                *rows,
            )
        )
        .order_by(AuditEvent.id)
    ).all()
    # Membership events list the group's pupils; few enough per trust to look through here.
    memberships = session.scalars(
        select(AuditEvent).where(
            AuditEvent.entity_type == MEMBERS_ENTITY,
            AuditEvent.school_id.in_(select(School.id).where(School.trust_id == trust_id)),
        )
    ).all()
    listed = [
        e
        for e in memberships
        if any(pupil_id in ((side or {}).get("pupil_ids") or []) for side in (e.before, e.after))
    ]
    return sorted([*direct, *listed], key=lambda e: e.id)


def audit_rows(events: list[AuditEvent]) -> list[Row]:
    return [
        {
            "event_id": e.id,
            "occurred_at": plain(e.occurred_at),
            "who": e.actor_label,
            "actor_kind": e.actor_kind,
            "action": e.action,
            "entity_type": e.entity_type,
            "entity_id": e.entity_id,
            "before": e.before,
            "after": e.after,
        }
        for e in events
    ]


@dataclass(frozen=True)
class Section:
    """One file of the export: a name, what it is, the tables whose rows it holds."""

    name: str
    about: str
    tables: tuple[str, ...]
    rows: Callable[[Session, int], list[Row]]


SECTIONS: tuple[Section, ...] = (
    Section("mis_ids", "the ids each school's MIS gives the pupil", ("school_pupil_ids",), mis_ids),
    Section(
        "enrolments", "each school, year group and class, year by year", ("enrolments",), enrolments
    ),
    Section(
        "characteristics",
        "FSM, pupil premium, EAL, SEN, looked after, more able, by year",
        ("pupil_characteristics",),
        characteristics,
    ),
    Section("results", "every assessment result, as it stands", ("assessments",), results),
    Section(
        "result_history",
        "each result as it was before it was corrected, by whom and why",
        ("assessment_history",),
        result_history,
    ),
    Section(
        "flag_mutes",
        "progress flags a leader decided needed no action, and why",
        ("flag_mutes",),
        flag_mutes,
    ),
    Section(
        "predictions",
        "teachers' predictions for the end of the year",
        ("predictions",),
        predictions,
    ),
    Section(
        "target_groups", "target groups the pupil is in", ("target_group_members",), target_groups
    ),
    Section(
        "meeting_discussions",
        "what pupil progress meetings said about the pupil",
        ("meeting_pupils",),
        discussions,
    ),
    Section(
        "meeting_actions",
        "actions meetings agreed for the pupil, and what came of them",
        ("meeting_actions",),
        meeting_actions,
    ),
    Section(
        "interventions",
        "interventions the pupil is or was in",
        ("intervention_pupils",),
        interventions,
    ),
)


def covered_tables() -> set[str]:
    """Every table the export and erasure reach (besides ``pupils`` and ``audit_events``)."""
    return {t for s in SECTIONS for t in s.tables}
