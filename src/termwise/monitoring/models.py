"""A monitoring activity and what is written about it."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from termwise.db import Base, IdMixin, TimestampMixin, VersionedMixin, enum_of_values


class ActivityKind(enum.StrEnum):
    learning_walk = "learning_walk"
    drop_in = "drop_in"  # a lesson drop-in
    book_look = "book_look"
    pupil_voice = "pupil_voice"  # a pupil-voice panel


class ActivityState(enum.StrEnum):
    planned = "planned"  # focus agreed; the teacher reflects, the partner summarises
    submitted = "submitted"  # the summary is with the head teacher for quality assurance
    confirmed = "confirmed"  # the final copy, returned to the teacher


class MonitoringActivity(IdMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "monitoring_activities"
    __audited__ = True

    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    kind: Mapped[ActivityKind] = mapped_column(enum_of_values(ActivityKind, 20))
    focus: Mapped[str] = mapped_column(Text)
    priority_id: Mapped[int | None] = mapped_column(
        ForeignKey("plan_priorities.id", ondelete="SET NULL"), index=True
    )
    held_on: Mapped[date] = mapped_column(Date)
    # Whose practice it looks at, and the professional partner who looks with them.
    teacher_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    others: Mapped[str | None] = mapped_column(Text)
    state: Mapped[ActivityState] = mapped_column(enum_of_values(ActivityState, 12))
    reflection: Mapped[str | None] = mapped_column(Text)
    summary: Mapped[str | None] = mapped_column(Text)
    teacher_response: Mapped[str | None] = mapped_column(Text)
    quality_note: Mapped[str | None] = mapped_column(Text)
    # Implementation outcomes the partner rates, 1 (not yet) to 4 (fully).
    fidelity: Mapped[int | None] = mapped_column(Integer)
    acceptability: Mapped[int | None] = mapped_column(Integer)
    reach: Mapped[int | None] = mapped_column(Integer)
    feasibility: Mapped[int | None] = mapped_column(Integer)
    submitted_at: Mapped[datetime | None]
    confirmed_at: Mapped[datetime | None]
    confirmed_by: Mapped[str | None] = mapped_column(String(254))
    created_by: Mapped[str] = mapped_column(String(254))
