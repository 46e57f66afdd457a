from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Enum,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from termwise.auth.roles import ClientKind, Role
from termwise.db import Base, IdMixin, TimestampMixin, VersionedMixin, utcnow

# Exactly one of trust, school or class names the scope of a role.
_ONE_SCOPE = (
    "(CASE WHEN trust_id IS NULL THEN 0 ELSE 1 END)"
    " + (CASE WHEN school_id IS NULL THEN 0 ELSE 1 END)"
    " + (CASE WHEN class_id IS NULL THEN 0 ELSE 1 END) = 1"
)


class User(IdMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "users"
    __audited__ = True
    __audit_redacted__ = frozenset({"password_hash"})

    # Stored lower-cased; sign-in compares lower-cased.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(200))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    is_platform_admin: Mapped[bool] = mapped_column(Boolean, default=False)


class RoleAssignment(IdMixin, TimestampMixin, Base):
    """A role a user holds at one scope: a trust, a school or a class."""

    __tablename__ = "role_assignments"
    __audited__ = True
    __table_args__ = (
        CheckConstraint(_ONE_SCOPE, name="exactly_one_scope"),
        UniqueConstraint("user_id", "role", "trust_id", "school_id", "class_id"),
    )

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(Enum(Role, native_enum=False, length=30))
    trust_id: Mapped[int | None] = mapped_column(ForeignKey("trusts.id"), index=True)
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id"), index=True)
    class_id: Mapped[int | None] = mapped_column(ForeignKey("classes.id"), index=True)
    # The last day the role is held (a supply teacher for a term); open-ended when empty.
    ends_on: Mapped[date | None] = mapped_column(Date)


class ApiClient(IdMixin, TimestampMixin, VersionedMixin, Base):
    """A machine that signs in with the client-credentials grant."""

    __tablename__ = "api_clients"
    __audited__ = True
    __audit_redacted__ = frozenset({"secret_digest", "previous_secret_digest"})
    __table_args__ = (
        CheckConstraint(
            "kind <> 'mis' OR school_id IS NOT NULL", name="mis_client_belongs_to_a_school"
        ),
    )

    client_id: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    secret_digest: Mapped[str] = mapped_column(String(64))
    kind: Mapped[ClientKind] = mapped_column(Enum(ClientKind, native_enum=False, length=20))
    trust_id: Mapped[int] = mapped_column(ForeignKey("trusts.id"), index=True)
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id"), index=True)
    # Space-separated permissions, a subset of what the kind allows.
    scopes: Mapped[str] = mapped_column(String(500))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Set on each token grant, so a leader can see which connections are still in use.
    last_used_at: Mapped[datetime | None]
    # After a rotation the old secret keeps working until ``previous_valid_until``, so the MIS
    # can be switched over without a gap.
    previous_secret_digest: Mapped[str | None] = mapped_column(String(64))
    previous_valid_until: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class RefreshToken(IdMixin, Base):
    """One refresh token; each use replaces it with the next in its family.

    Presenting a token that was already replaced means it leaked: the whole family is revoked.
    """

    __tablename__ = "refresh_tokens"

    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    family: Mapped[str] = mapped_column(String(32), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    replaced_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]


class SignInThrottle(Base):
    """Failed sign-ins for one account from one network address, so a stranger elsewhere
    cannot lock the owner out. E-mails are counted whether an account exists or not, so a lock
    reveals no accounts. The row whose e-mail is ``ANY_ACCOUNT`` counts an address's failures
    across every account, to slow one address trying many."""

    __tablename__ = "sign_in_throttles"

    email: Mapped[str] = mapped_column(String(254), primary_key=True)
    address: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[datetime | None]
    locked_until: Mapped[datetime | None]
