from __future__ import annotations

import enum
from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from termwise.db import Base, IdMixin, TimestampMixin, VersionedMixin, enum_of_values


class Gender(enum.StrEnum):
    female = "F"
    male = "M"
    # Another gender, or not recorded.
    other = "X"


class SenStatus(enum.StrEnum):
    none = "none"
    sen_support = "sen_support"
    ehc_plan = "ehc_plan"


class Pupil(IdMixin, TimestampMixin, VersionedMixin, Base):
    """One child, one record across the trust: a pupil who moves school keeps it (by UPN)."""

    __tablename__ = "pupils"
    __audited__ = True
    __table_args__ = (UniqueConstraint("trust_id", "upn"),)

    trust_id: Mapped[int] = mapped_column(ForeignKey("trusts.id"), index=True)
    upn: Mapped[str | None] = mapped_column(String(13))
    legal_first_name: Mapped[str] = mapped_column(String(100))
    legal_last_name: Mapped[str] = mapped_column(String(100))
    preferred_first_name: Mapped[str | None] = mapped_column(String(100))
    preferred_last_name: Mapped[str | None] = mapped_column(String(100))
    date_of_birth: Mapped[date] = mapped_column(Date)
    gender: Mapped[Gender] = mapped_column(enum_of_values(Gender, 1))
    # Lower-case, accent-free names for search ("Zoë O'Brien" is found by "zoe obrien").
    search_name: Mapped[str] = mapped_column(String(400), index=True)

    @property
    def first_name(self) -> str:
        """The name the school uses for the child."""
        return self.preferred_first_name or self.legal_first_name

    @property
    def last_name(self) -> str:
        return self.preferred_last_name or self.legal_last_name


class SchoolPupilId(Base):
    """The id a school's MIS gives a pupil; unique within that school."""

    __tablename__ = "school_pupil_ids"

    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), primary_key=True)
    mis_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id", ondelete="CASCADE"), index=True)


class Enrolment(IdMixin, TimestampMixin, Base):
    """A pupil on roll at a school for an academic year, in a year group and perhaps a class."""

    __tablename__ = "enrolments"
    __table_args__ = (
        UniqueConstraint("pupil_id", "academic_year_id", "school_id"),
        Index("ix_enrolments_school_year", "school_id", "academic_year_id"),
    )

    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id", ondelete="CASCADE"), index=True)
    academic_year_id: Mapped[int] = mapped_column(ForeignKey("academic_years.id"))
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    year_group_id: Mapped[int] = mapped_column(ForeignKey("year_groups.id"))
    class_id: Mapped[int | None] = mapped_column(ForeignKey("classes.id"), index=True)


class PupilCharacteristics(TimestampMixin, Base):
    """Sensitive characteristics for one academic year; None means the MIS did not say."""

    __tablename__ = "pupil_characteristics"

    pupil_id: Mapped[int] = mapped_column(
        ForeignKey("pupils.id", ondelete="CASCADE"), primary_key=True
    )
    academic_year_id: Mapped[int] = mapped_column(ForeignKey("academic_years.id"), primary_key=True)
    fsm: Mapped[bool | None] = mapped_column(Boolean)
    ever6_fsm: Mapped[bool | None] = mapped_column(Boolean)
    pupil_premium: Mapped[bool | None] = mapped_column(Boolean)
    eal: Mapped[bool | None] = mapped_column(Boolean)
    sen_status: Mapped[SenStatus | None] = mapped_column(enum_of_values(SenStatus, 12))
    looked_after: Mapped[bool | None] = mapped_column(Boolean)
    more_able: Mapped[bool | None] = mapped_column(Boolean)

    @property
    def disadvantaged(self) -> bool | None:
        """The DfE's measure: FSM in the last six years, or looked after."""
        flags = (self.ever6_fsm, self.fsm, self.looked_after, self.pupil_premium)
        if all(flag is None for flag in flags):
            return None
        return any(bool(flag) for flag in flags)
