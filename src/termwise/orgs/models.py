from __future__ import annotations

import enum
from datetime import date

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    Enum,
    ForeignKey,
    Integer,
    String,
    Table,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from termwise.db import Base, IdMixin, TimestampMixin, VersionedMixin


class Phase(enum.StrEnum):
    nursery = "nursery"
    primary = "primary"
    middle = "middle"
    secondary = "secondary"
    all_through = "all_through"
    special = "special"


class TermName(enum.StrEnum):
    autumn = "autumn"
    spring = "spring"
    summer = "summer"


class Trust(IdMixin, TimestampMixin, VersionedMixin, Base):
    """A multi-academy trust or local-authority group of schools."""

    __tablename__ = "trusts"
    __audited__ = True

    name: Mapped[str] = mapped_column(String(200), unique=True)
    # Companies House number for a trust, or the LA code for a local-authority group.
    reference: Mapped[str | None] = mapped_column(String(20))
    # Years after a pupil's last academic year here before their data is erased; None: the
    # service's default (TERMWISE_RETENTION_YEARS).
    retention_years: Mapped[int | None] = mapped_column(Integer)


class School(IdMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "schools"
    __audited__ = True

    trust_id: Mapped[int] = mapped_column(ForeignKey("trusts.id"), index=True)
    urn: Mapped[str] = mapped_column(String(6), unique=True)
    # DfE number: three-digit LA code then four-digit establishment number.
    laestab: Mapped[str] = mapped_column(String(7), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    phase: Mapped[Phase] = mapped_column(
        Enum(Phase, native_enum=False, length=20, validate_strings=True)
    )

    trust: Mapped[Trust] = relationship(lazy="raise")


class AcademicYear(IdMixin, Base):
    """1 September to 31 August, written ``2025/26``."""

    __tablename__ = "academic_years"
    __table_args__ = (CheckConstraint("starts_on < ends_on", name="starts_before_it_ends"),)

    code: Mapped[str] = mapped_column(String(7), unique=True)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)

    half_terms: Mapped[list[HalfTerm]] = relationship(
        lazy="raise", order_by="HalfTerm.ordinal", back_populates="academic_year"
    )

    @property
    def is_current(self) -> bool:
        return self.starts_on <= date.today() <= self.ends_on


class HalfTerm(IdMixin, Base):
    """Aut1 … Sum2: the six half-terms of an academic year, in order."""

    __tablename__ = "half_terms"
    __table_args__ = (
        UniqueConstraint("academic_year_id", "code"),
        CheckConstraint("ordinal BETWEEN 1 AND 6", name="ordinal_in_range"),
        CheckConstraint("starts_on <= ends_on", name="starts_before_it_ends"),
    )

    academic_year_id: Mapped[int] = mapped_column(ForeignKey("academic_years.id"), index=True)
    code: Mapped[str] = mapped_column(String(4))
    term: Mapped[TermName] = mapped_column(
        Enum(TermName, native_enum=False, length=10, validate_strings=True)
    )
    ordinal: Mapped[int] = mapped_column(Integer)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)

    academic_year: Mapped[AcademicYear] = relationship(lazy="raise", back_populates="half_terms")


class YearGroup(IdMixin, Base):
    """Reception, Y1 … Y13, with the key stage each belongs to; reference data."""

    __tablename__ = "year_groups"

    code: Mapped[str] = mapped_column(String(3), unique=True)
    name: Mapped[str] = mapped_column(String(40))
    key_stage: Mapped[str] = mapped_column(String(4))
    ordinal: Mapped[int] = mapped_column(Integer, unique=True)


class_year_groups = Table(
    "class_year_groups",
    Base.metadata,
    Column("class_id", ForeignKey("classes.id", ondelete="CASCADE"), primary_key=True),
    Column("year_group_id", ForeignKey("year_groups.id"), primary_key=True),
)


class SchoolClass(IdMixin, TimestampMixin, VersionedMixin, Base):
    """A class in one school and academic year; mixed-age classes have several year groups."""

    __tablename__ = "classes"
    __audited__ = True
    __table_args__ = (UniqueConstraint("school_id", "academic_year_id", "name"),)

    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    academic_year_id: Mapped[int] = mapped_column(ForeignKey("academic_years.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))

    year_groups: Mapped[list[YearGroup]] = relationship(
        secondary=class_year_groups, lazy="raise", order_by=YearGroup.ordinal
    )
    academic_year: Mapped[AcademicYear] = relationship(lazy="raise")
