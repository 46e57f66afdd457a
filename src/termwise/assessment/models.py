from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from termwise.db import Base, IdMixin, TimestampMixin, VersionedMixin, enum_of_values, utcnow


class ScaleKind(enum.StrEnum):
    # An ordered list of steps ("2b", "EXS"); results are step codes.
    steps = "steps"
    # A numeric score within a range (KS2 scaled scores 80-120).
    score = "score"


class NonResult(enum.StrEnum):
    """A recorded absence of a result, so a data collection can be complete."""

    absent = "absent"
    not_required = "not_required"
    not_enrolled = "not_enrolled"


class Source(enum.StrEnum):
    mis = "mis"
    import_ = "import"
    teacher = "teacher"


class Scale(IdMixin, TimestampMixin, Base):
    """Shipped scales have no trust; a trust's own scales are visible only to it."""

    __tablename__ = "scales"
    __audited__ = True
    __table_args__ = (
        UniqueConstraint("trust_id", "code"),
        CheckConstraint(
            "kind <> 'score' OR (score_min IS NOT NULL AND score_max IS NOT NULL)",
            name="score_scales_have_a_range",
        ),
    )

    trust_id: Mapped[int | None] = mapped_column(ForeignKey("trusts.id"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[ScaleKind] = mapped_column(enum_of_values(ScaleKind, 10))
    score_min: Mapped[float | None] = mapped_column(Float)
    score_max: Mapped[float | None] = mapped_column(Float)
    # The score that meets the expected standard (100 for scaled scores).
    score_expected: Mapped[float | None] = mapped_column(Float)
    description: Mapped[str | None] = mapped_column(Text)


class ScaleStep(IdMixin, Base):
    __tablename__ = "scale_steps"
    __table_args__ = (UniqueConstraint("scale_id", "code"), UniqueConstraint("scale_id", "ordinal"))

    scale_id: Mapped[int] = mapped_column(ForeignKey("scales.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(20))
    label: Mapped[str] = mapped_column(String(100))
    # Lowest step first.
    ordinal: Mapped[int] = mapped_column(Integer)
    points: Mapped[float] = mapped_column(Float)


class Subject(IdMixin, Base):
    __tablename__ = "subjects"

    code: Mapped[str] = mapped_column(String(30), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    # Reading, writing and maths: the three that make up "combined".
    is_core: Mapped[bool] = mapped_column(default=False)
    ordinal: Mapped[int] = mapped_column(Integer)


class AssessmentPoint(IdMixin, TimestampMixin, VersionedMixin, Base):
    """When a trust's schools assess: baseline, termly or half-termly, end of year, statutory.

    ``slot`` places the point in the year the same way every year ("aut", "spr", "sum"), so
    age-related expectations can be written once per slot.
    """

    __tablename__ = "assessment_points"
    __audited__ = True
    __table_args__ = (UniqueConstraint("trust_id", "academic_year_id", "code"),)

    trust_id: Mapped[int] = mapped_column(ForeignKey("trusts.id"), index=True)
    academic_year_id: Mapped[int] = mapped_column(ForeignKey("academic_years.id"), index=True)
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(100))
    slot: Mapped[str] = mapped_column(String(20))
    ordinal: Mapped[int] = mapped_column(Integer)
    assessed_on: Mapped[date] = mapped_column(Date)
    # Once closed, teachers and MIS clients can no longer change its results; leaders correct
    # them with a reason.
    closed_at: Mapped[datetime | None]
    closed_by: Mapped[str | None] = mapped_column(String(254))


class Expectation(IdMixin, Base):
    """Age-related expectation: the step a pupil in a year group should have reached in a
    subject by a slot of the year."""

    __tablename__ = "expectations"
    __table_args__ = (UniqueConstraint("scale_id", "subject_id", "year_group_id", "slot"),)

    scale_id: Mapped[int] = mapped_column(ForeignKey("scales.id", ondelete="CASCADE"))
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id"))
    year_group_id: Mapped[int] = mapped_column(ForeignKey("year_groups.id"))
    slot: Mapped[str] = mapped_column(String(20))
    step_id: Mapped[int] = mapped_column(ForeignKey("scale_steps.id"))


class ExpectedProgress(IdMixin, Base):
    """Points a pupil is expected to gain on a scale over a period ("year", "term")."""

    __tablename__ = "expected_progress"
    __table_args__ = (UniqueConstraint("scale_id", "period"),)

    scale_id: Mapped[int] = mapped_column(ForeignKey("scales.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(20))
    points: Mapped[float] = mapped_column(Float)


class Assessment(IdMixin, Base):
    """One result for a pupil, subject and assessment point: a step, a score or a non-result.

    Writes go through the bulk ingest path, which keeps the previous value in
    ``assessment_history`` and records who and when on the row itself.
    """

    __tablename__ = "assessments"
    __table_args__ = (
        UniqueConstraint("pupil_id", "subject_id", "point_id"),
        CheckConstraint(
            "(CASE WHEN step_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN score IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN non_result IS NULL THEN 0 ELSE 1 END) = 1",
            name="one_kind_of_result",
        ),
        # Who has a result at a point in a subject: tracker grids and the missing-results summary.
        Index("ix_assessments_point_subject_pupil", "point_id", "subject_id", "pupil_id"),
        Index("ix_assessments_recorded_at", "recorded_at"),
    )

    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id", ondelete="CASCADE"))
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id"))
    point_id: Mapped[int] = mapped_column(ForeignKey("assessment_points.id"))
    # The school the result was recorded at: who may read and change it.
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    # None for a non-result, which is on no scale.
    scale_id: Mapped[int | None] = mapped_column(ForeignKey("scales.id"))
    step_id: Mapped[int | None] = mapped_column(ForeignKey("scale_steps.id"))
    score: Mapped[float | None] = mapped_column(Float)
    non_result: Mapped[NonResult | None] = mapped_column(enum_of_values(NonResult, 12))
    source: Mapped[Source] = mapped_column(enum_of_values(Source, 10))
    recorded_by: Mapped[str] = mapped_column(String(254))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)


class AssessmentHistory(IdMixin, Base):
    """A result as it was before it was changed, with who replaced it, when and why."""

    __tablename__ = "assessment_history"

    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), index=True
    )
    # None for a non-result, which is on no scale.
    scale_id: Mapped[int | None] = mapped_column(ForeignKey("scales.id"))
    step_id: Mapped[int | None] = mapped_column(ForeignKey("scale_steps.id"))
    score: Mapped[float | None] = mapped_column(Float)
    non_result: Mapped[NonResult | None] = mapped_column(enum_of_values(NonResult, 12))
    source: Mapped[Source] = mapped_column(enum_of_values(Source, 10))
    recorded_by: Mapped[str] = mapped_column(String(254))
    recorded_at: Mapped[datetime]
    replaced_by: Mapped[str] = mapped_column(String(254))
    replaced_at: Mapped[datetime] = mapped_column(default=utcnow)
    reason: Mapped[str | None] = mapped_column(Text)
