from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from termwise.db import Base, IdMixin, TimestampMixin, VersionedMixin


class FlagRule(IdMixin, TimestampMixin, VersionedMixin, Base):
    """How strictly progress on one scale is judged (a row with no scale is the default).

    ``version`` (from VersionedMixin) is quoted with every flag, so a flag can always be traced
    to the parameters that raised it.
    """

    __tablename__ = "flag_rules"
    __audited__ = True
    __table_args__ = (UniqueConstraint("scale_id"),)

    scale_id: Mapped[int | None] = mapped_column(ForeignKey("scales.id", ondelete="CASCADE"))
    # Points a gain may fall short of / exceed the expected gain and still count as expected.
    tolerance: Mapped[float] = mapped_column(Float, default=0.0)


class FlagMute(IdMixin, TimestampMixin, Base):
    """A leader's decision that one pupil's flag at one point needs no action, and why."""

    __tablename__ = "flag_mutes"
    __audited__ = True
    __table_args__ = (UniqueConstraint("pupil_id", "subject_id", "point_id"),)

    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id", ondelete="CASCADE"))
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id"))
    point_id: Mapped[int] = mapped_column(ForeignKey("assessment_points.id", ondelete="CASCADE"))
    flag: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text)
    muted_by: Mapped[str] = mapped_column(String(254))


class Prediction(IdMixin, TimestampMixin, Base):
    """A teacher's prediction of where a pupil will be at the end of the academic year."""

    __tablename__ = "predictions"
    __audited__ = True
    __table_args__ = (UniqueConstraint("pupil_id", "subject_id", "academic_year_id"),)

    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id", ondelete="CASCADE"))
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id"))
    academic_year_id: Mapped[int] = mapped_column(ForeignKey("academic_years.id"))
    step_id: Mapped[int] = mapped_column(ForeignKey("scale_steps.id"))
    recorded_by: Mapped[str] = mapped_column(String(254))


class TargetGroup(IdMixin, TimestampMixin, VersionedMixin, Base):
    """Pupils a school has picked to make accelerated progress in a subject this term."""

    __tablename__ = "target_groups"
    __audited__ = True
    # Schools name groups alike across subjects: "Y4 boost" in maths and in reading. Named by
    # hand: the conventional name is 64 characters, over PostgreSQL's 63, which would shorten it
    # with a hash there and not on SQLite.
    __table_args__ = (
        UniqueConstraint(
            "school_id",
            "academic_year_id",
            "term",
            "subject_id",
            "name",
            name="uq_target_groups_school_year_term_subject_name",
        ),
    )

    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id"))
    academic_year_id: Mapped[int] = mapped_column(ForeignKey("academic_years.id"))
    # "aut", "spr" or "sum": the term the group is worked with.
    term: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(100))
    created_by: Mapped[str] = mapped_column(String(254))
    archived_at: Mapped[datetime | None]


class TargetGroupMember(Base):
    __tablename__ = "target_group_members"

    group_id: Mapped[int] = mapped_column(
        ForeignKey("target_groups.id", ondelete="CASCADE"), primary_key=True
    )
    pupil_id: Mapped[int] = mapped_column(
        ForeignKey("pupils.id", ondelete="CASCADE"), primary_key=True, index=True
    )
