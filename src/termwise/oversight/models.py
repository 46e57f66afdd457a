"""A trust's wording of the risk categories, and each school's categories over time."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from termwise.db import Base, IdMixin, TimestampMixin, VersionedMixin, enum_of_values


class CategoryWording(IdMixin, TimestampMixin, VersionedMixin, Base):
    """A trust's own words for one category (A, B, C1, C2, D); the defaults stand otherwise."""

    __tablename__ = "risk_category_wordings"
    __audited__ = True
    __table_args__ = (UniqueConstraint("trust_id", "code"),)

    trust_id: Mapped[int] = mapped_column(ForeignKey("trusts.id"), index=True)
    code: Mapped[str] = mapped_column(String(2))
    descriptor: Mapped[str] = mapped_column(Text)
    expectation: Mapped[str] = mapped_column(Text)
    intervention: Mapped[str] = mapped_column(Text)


class QaActivityType(IdMixin, TimestampMixin, VersionedMixin, Base):
    """A trust's own kind of quality-assurance activity, or its change to one of the defaults
    (same key): who owns it, who reads its report, and how often each category has it."""

    __tablename__ = "qa_activity_types"
    __audited__ = True
    __table_args__ = (UniqueConstraint("trust_id", "key"),)

    trust_id: Mapped[int] = mapped_column(ForeignKey("trusts.id"), index=True)
    key: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(120))
    owner_role: Mapped[str] = mapped_column(String(30))
    audience: Mapped[str] = mapped_column(String(120))
    # Category code -> cadence name (see schedule.CADENCES), or None: not for that category.
    cadence: Mapped[dict[str, str | None]] = mapped_column(JSON)


class SchoolCategory(IdMixin, Base):
    """A category given to a school at a school development meeting: never changed, only
    followed by the next. The newest is the school's current category."""

    __tablename__ = "school_categories"
    __audited__ = True

    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    code: Mapped[str] = mapped_column(String(2))
    rationale: Mapped[str] = mapped_column(Text)
    decided_on: Mapped[date] = mapped_column(Date)
    decided_by: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime]


class QaState(enum.StrEnum):
    scheduled = "scheduled"
    done = "done"


class QaActivity(IdMixin, TimestampMixin, VersionedMixin, Base):
    """One activity of a school's quality-assurance schedule."""

    __tablename__ = "qa_activities"
    __audited__ = True

    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    due_on: Mapped[date] = mapped_column(Date, index=True)
    owner_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    owner_role: Mapped[str | None] = mapped_column(String(30))
    state: Mapped[QaState] = mapped_column(enum_of_values(QaState, 12))
    # Moved or reassigned by hand: a change of category leaves it where it is.
    kept: Mapped[bool] = mapped_column(Boolean, default=False)
    change_reason: Mapped[str | None] = mapped_column(Text)
    # The category whose cadence scheduled it.
    category: Mapped[str | None] = mapped_column(String(2))
    done_on: Mapped[date | None] = mapped_column(Date)
    report: Mapped[str | None] = mapped_column(Text)
