"""A pupil progress meeting for a class at an assessment point, the pupils it discussed and the
actions it agreed."""

from __future__ import annotations

import enum
from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from termwise.db import Base, IdMixin, TimestampMixin, VersionedMixin, enum_of_values


class MeetingKind(enum.StrEnum):
    class_teacher = "class_teacher"  # a class teacher with leaders: the usual
    team = "team"  # a year or phase team
    whole_staff = "whole_staff"
    conference = "conference"  # pupil conferencing, with up to six children


class Category(enum.StrEnum):
    """Where a pupil sits on the agenda (the handbook's summary format)."""

    good_progress = "good_progress"
    slow_or_stuck = "slow_or_stuck"
    falling_behind = "falling_behind"
    target_group = "target_group"
    added = "added"


class Outcome(enum.StrEnum):
    """What came of an action, asked for at the next meeting."""

    done_helped = "done_helped"
    done_no_change = "done_no_change"
    not_done = "not_done"
    carried_on = "carried_on"


class Meeting(IdMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "meetings"
    __audited__ = True

    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("classes.id"), index=True)
    point_id: Mapped[int] = mapped_column(ForeignKey("assessment_points.id"))
    kind: Mapped[MeetingKind] = mapped_column(enum_of_values(MeetingKind, 20))
    held_on: Mapped[date] = mapped_column(Date)
    attendees: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(254))


class Discussion(IdMixin, TimestampMixin, VersionedMixin, Base):
    """What a meeting said about one pupil."""

    __tablename__ = "meeting_pupils"
    __audited__ = True
    __table_args__ = (UniqueConstraint("meeting_id", "pupil_id"),)

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id", ondelete="CASCADE"))
    category: Mapped[Category] = mapped_column(enum_of_values(Category, 20))
    # A pupil of another class of the school, asked in on purpose.
    guest: Mapped[bool] = mapped_column(Boolean, default=False)
    what_helped: Mapped[str | None] = mapped_column(Text)
    barriers: Mapped[str | None] = mapped_column(Text)
    pupil_voice: Mapped[str | None] = mapped_column(Text)


class MeetingAction(IdMixin, TimestampMixin, VersionedMixin, Base):
    """An action agreed for a pupil: what, whose (a person or a role at the school), by when,
    and, once followed up, what came of it."""

    __tablename__ = "meeting_actions"
    __audited__ = True

    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id", ondelete="CASCADE"))
    description: Mapped[str] = mapped_column(Text)
    owner_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    owner_role: Mapped[str | None] = mapped_column(String(30))
    due_on: Mapped[date] = mapped_column(Date)
    outcome: Mapped[Outcome | None] = mapped_column(enum_of_values(Outcome, 20))
    outcome_note: Mapped[str | None] = mapped_column(Text)
    # The meeting that followed it up.
    followed_up_in_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"))
