"""A school's raising attainment plan for a term, and its review."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Date, Float, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from termwise.db import Base, IdMixin, TimestampMixin, VersionedMixin, enum_of_values
from termwise.orgs.models import TermName


class PlanState(enum.StrEnum):
    draft = "draft"
    active = "active"
    reviewed = "reviewed"
    archived = "archived"


class Theme(enum.StrEnum):
    """The four key themes of the improvement programme a priority serves."""

    standards = "standards"  # raising standards and accelerating progress
    teaching = "teaching"  # the quality of teaching and learning
    conditions = "conditions"  # the conditions for learning
    leadership = "leadership"  # leading on learning: a professional learning community


class ImplementationPhase(enum.StrEnum):
    """Where a priority's change is in its implementation."""

    explore = "explore"
    prepare = "prepare"
    deliver = "deliver"
    sustain = "sustain"


class ActionStatus(enum.StrEnum):
    not_started = "not_started"
    on_track = "on_track"
    at_risk = "at_risk"
    done = "done"
    dropped = "dropped"


class Rag(enum.StrEnum):
    red = "red"
    amber = "amber"
    green = "green"


class Plan(IdMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "plans"
    __audited__ = True
    __table_args__ = (
        # One active plan per school and term; drafts and old plans may sit beside it.
        Index(
            "uq_plans_one_active_per_term",
            "school_id",
            "academic_year_id",
            "term",
            unique=True,
            postgresql_where=text("state = 'active'"),
            sqlite_where=text("state = 'active'"),
        ),
    )

    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    academic_year_id: Mapped[int] = mapped_column(ForeignKey("academic_years.id"))
    term: Mapped[TermName] = mapped_column(enum_of_values(TermName, 10))
    title: Mapped[str] = mapped_column(String(200))
    state: Mapped[PlanState] = mapped_column(enum_of_values(PlanState, 10), default=PlanState.draft)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    monitoring_group: Mapped[str | None] = mapped_column(Text)
    external_support: Mapped[str | None] = mapped_column(Text)
    # How far from baseline to target a criterion must have moved for the suggested RAG to be
    # amber rather than red (the school may tune it).
    amber_share: Mapped[float] = mapped_column(Float, default=0.5)
    carried_from_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id"))
    created_by: Mapped[str] = mapped_column(String(254))


class Priority(IdMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "plan_priorities"
    __audited__ = True

    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    ordinal: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    theme: Mapped[Theme] = mapped_column(enum_of_values(Theme, 20))
    phase: Mapped[ImplementationPhase] = mapped_column(enum_of_values(ImplementationPhase, 10))
    carried_from_id: Mapped[int | None] = mapped_column(ForeignKey("plan_priorities.id"))


class PlanAction(IdMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "plan_actions"
    __audited__ = True

    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    priority_id: Mapped[int] = mapped_column(ForeignKey("plan_priorities.id", ondelete="CASCADE"))
    description: Mapped[str] = mapped_column(Text)
    # Led by a person, or by whoever holds a role at the school (e.g. the SENCO).
    lead_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    lead_role: Mapped[str | None] = mapped_column(String(30))
    starts_on: Mapped[date | None] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date)
    resources: Mapped[str | None] = mapped_column(Text)
    cost: Mapped[float | None] = mapped_column(Float)
    cpd: Mapped[str | None] = mapped_column(Text)
    monitoring: Mapped[str | None] = mapped_column(Text)
    status: Mapped[ActionStatus] = mapped_column(
        enum_of_values(ActionStatus, 12), default=ActionStatus.not_started
    )
    # Why it was dropped (required then), or a note on its status.
    status_reason: Mapped[str | None] = mapped_column(Text)
    carried_from_id: Mapped[int | None] = mapped_column(ForeignKey("plan_actions.id"))


class Criterion(IdMixin, TimestampMixin, VersionedMixin, Base):
    """A success criterion: bound to a measure of the catalogue, or qualitative with a manual
    value."""

    __tablename__ = "plan_criteria"
    __audited__ = True

    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    priority_id: Mapped[int | None] = mapped_column(
        ForeignKey("plan_priorities.id", ondelete="SET NULL")
    )
    ordinal: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(Text)
    measure: Mapped[str | None] = mapped_column(String(40))
    subject: Mapped[str | None] = mapped_column(String(30))
    # Space-separated year group codes; empty: the whole school.
    year_groups: Mapped[str] = mapped_column(String(100), default="")
    subgroup: Mapped[str | None] = mapped_column(String(20))
    target_group_id: Mapped[int | None] = mapped_column(
        ForeignKey("target_groups.id", ondelete="SET NULL")
    )
    class_id: Mapped[int | None] = mapped_column(ForeignKey("classes.id", ondelete="SET NULL"))
    # The point the target is for.
    point_id: Mapped[int | None] = mapped_column(ForeignKey("assessment_points.id"))
    baseline: Mapped[float | None] = mapped_column(Float)
    target: Mapped[float | None] = mapped_column(Float)
    # A qualitative criterion's value as the school judges it ("teaching good: 65%").
    manual_value: Mapped[str | None] = mapped_column(Text)
    carried_from_id: Mapped[int | None] = mapped_column(ForeignKey("plan_criteria.id"))


class Review(IdMixin, TimestampMixin, VersionedMixin, Base):
    """The termly review of a plan; signed off, it is frozen."""

    __tablename__ = "plan_reviews"
    __audited__ = True

    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), unique=True)
    evidence: Mapped[str | None] = mapped_column(Text)
    successes: Mapped[str | None] = mapped_column(Text)
    barriers: Mapped[str | None] = mapped_column(Text)
    next_steps: Mapped[str | None] = mapped_column(Text)
    attendees: Mapped[str | None] = mapped_column(Text)
    minutes: Mapped[str | None] = mapped_column(Text)
    signed_off_at: Mapped[datetime | None]
    signed_off_by: Mapped[str | None] = mapped_column(String(254))


class ReviewedCriterion(IdMixin, TimestampMixin, VersionedMixin, Base):
    """A criterion as the review judged it: the leader's RAG, and at sign-off the figures
    frozen as they stood, with the pupils behind them."""

    __tablename__ = "plan_reviewed_criteria"
    __audited__ = True

    review_id: Mapped[int] = mapped_column(
        ForeignKey("plan_reviews.id", ondelete="CASCADE"), index=True
    )
    criterion_id: Mapped[int] = mapped_column(ForeignKey("plan_criteria.id", ondelete="CASCADE"))
    rag: Mapped[Rag | None] = mapped_column(enum_of_values(Rag, 5))
    # Why the leader's RAG differs from the suggested one (required then).
    rag_reason: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[str | None] = mapped_column(Text)
    frozen_value: Mapped[float | None] = mapped_column(Float)
    frozen_cohort: Mapped[int | None] = mapped_column(Integer)
    frozen_pupil_ids: Mapped[str | None] = mapped_column(Text)
    frozen_point_id: Mapped[int | None] = mapped_column(ForeignKey("assessment_points.id"))
    suggested_rag: Mapped[Rag | None] = mapped_column(enum_of_values(Rag, 5))
