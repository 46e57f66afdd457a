"""Frameworks (each version a row, never edited), a school's reviews against one, and each
review's scores per area."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from termwise.db import Base, IdMixin, TimestampMixin, VersionedMixin, enum_of_values


class Framework(IdMixin, Base):
    """One version of a framework: Termwise's own (no trust) or a trust's. A framework is
    changed by adding its next version; reviews keep the version they were scored against."""

    __tablename__ = "frameworks"
    __audited__ = True
    __table_args__ = (
        UniqueConstraint("trust_id", "key", "version"),
        # Termwise's own frameworks: one row per key and version (NULLs never clash above).
        Index(
            "uq_frameworks_shipped",
            "key",
            "version",
            unique=True,
            sqlite_where=text("trust_id IS NULL"),
            postgresql_where=text("trust_id IS NULL"),
        ),
    )

    trust_id: Mapped[int | None] = mapped_column(ForeignKey("trusts.id"), index=True)
    key: Mapped[str] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    # The whole definition (levels, areas, descriptors, prompts, evidence): see definition.py.
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_by: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime]


class ReviewState(enum.StrEnum):
    draft = "draft"
    submitted = "submitted"  # for challenge by the peer
    challenged = "challenged"  # the peer has commented: the school responds and agrees
    agreed = "agreed"  # closed: never changes again


class MaturityReview(IdMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "maturity_reviews"
    __audited__ = True

    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    framework_id: Mapped[int] = mapped_column(ForeignKey("frameworks.id"))
    title: Mapped[str] = mapped_column(String(200))
    held_on: Mapped[date] = mapped_column(Date)
    state: Mapped[ReviewState] = mapped_column(enum_of_values(ReviewState, 12))
    # The peer from another school who challenges it, with access to this review only.
    challenger_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    submitted_at: Mapped[datetime | None]
    challenged_at: Mapped[datetime | None]
    agreed_at: Mapped[datetime | None]
    agreed_by: Mapped[str | None] = mapped_column(String(254))
    overall: Mapped[int | None] = mapped_column(Integer)
    created_by: Mapped[str] = mapped_column(String(254))


class ReviewArea(IdMixin, Base):
    """One area of a review: the school's best fit and evidence, the peer's challenge, and the
    score agreed."""

    __tablename__ = "maturity_review_areas"
    __audited__ = True
    __table_args__ = (UniqueConstraint("review_id", "area_key"),)

    review_id: Mapped[int] = mapped_column(
        ForeignKey("maturity_reviews.id", ondelete="CASCADE"), index=True
    )
    area_key: Mapped[str] = mapped_column(String(40))
    self_score: Mapped[int | None] = mapped_column(Integer)
    evidence: Mapped[str | None] = mapped_column(Text)
    # Links to Termwise records: [{"kind": "plan" | "measure" | "meeting", "ref": "12"}].
    evidence_links: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    key_actions: Mapped[str | None] = mapped_column(Text)
    challenge: Mapped[str | None] = mapped_column(Text)
    challenged_score: Mapped[int | None] = mapped_column(Integer)
    response: Mapped[str | None] = mapped_column(Text)
    agreed_score: Mapped[int | None] = mapped_column(Integer)
