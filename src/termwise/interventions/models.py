"""An intervention and its pupils."""

from __future__ import annotations

import enum
from datetime import date

from sqlalchemy import Date, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from termwise.db import Base, IdMixin, TimestampMixin, VersionedMixin, enum_of_values


class Wave(enum.StrEnum):
    group = "group"  # wave 2: a small group
    individual = "individual"  # wave 3: one pupil


class Trigger(enum.StrEnum):
    attainment = "attainment"
    attendance = "attendance"
    behaviour = "behaviour"
    wellbeing = "wellbeing"
    parent_request = "parent_request"


class Intervention(IdMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "interventions"
    __audited__ = True

    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    wave: Mapped[Wave] = mapped_column(enum_of_values(Wave, 12))
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id"))
    trigger: Mapped[Trigger] = mapped_column(enum_of_values(Trigger, 20))
    staff_role: Mapped[str | None] = mapped_column(String(60))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    sessions_per_week: Mapped[int] = mapped_column(Integer)
    minutes_per_session: Mapped[int] = mapped_column(Integer)
    cost: Mapped[float | None] = mapped_column(Float)
    notes: Mapped[str | None] = mapped_column(Text)
    # Where it came from: a meeting's action, if any.
    meeting_action_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting_actions.id", ondelete="SET NULL")
    )
    created_by: Mapped[str] = mapped_column(String(254))


class InterventionPupil(Base):
    __tablename__ = "intervention_pupils"

    intervention_id: Mapped[int] = mapped_column(
        ForeignKey("interventions.id", ondelete="CASCADE"), primary_key=True
    )
    pupil_id: Mapped[int] = mapped_column(
        ForeignKey("pupils.id", ondelete="CASCADE"), primary_key=True
    )
