from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, Enum, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from termwise.auth.roles import Role
from termwise.db import Base, IdMixin, TimestampMixin, utcnow

_ONE_SCOPE = (
    "(CASE WHEN trust_id IS NULL THEN 0 ELSE 1 END)"
    " + (CASE WHEN school_id IS NULL THEN 0 ELSE 1 END)"
    " + (CASE WHEN class_id IS NULL THEN 0 ELSE 1 END) = 1"
)


class Invitation(IdMixin, TimestampMixin, Base):
    """A single-use link offering a role at a scope to whoever holds the invited e-mail."""

    __tablename__ = "invitations"
    __audited__ = True
    __audit_redacted__ = frozenset({"token_digest"})
    __table_args__ = (CheckConstraint(_ONE_SCOPE, name="exactly_one_scope"),)

    email: Mapped[str] = mapped_column(String(254), index=True)
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(Enum(Role, native_enum=False, length=30))
    # The trust the scope lies in, so a trust's invitations are listed by one column.
    scope_trust_id: Mapped[int] = mapped_column(ForeignKey("trusts.id"), index=True)
    trust_id: Mapped[int | None] = mapped_column(ForeignKey("trusts.id"))
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id"), index=True)
    class_id: Mapped[int | None] = mapped_column(ForeignKey("classes.id"))
    ends_on: Mapped[date | None] = mapped_column(Date)
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    expires_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]


class PasswordReset(IdMixin, Base):
    """A single-use link that lets an account's owner set a new password."""

    __tablename__ = "password_resets"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
