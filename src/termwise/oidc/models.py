from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from termwise.db import Base, IdMixin, TimestampMixin, VersionedMixin, utcnow


class IdentityProvider(IdMixin, TimestampMixin, VersionedMixin, Base):
    """A trust's OpenID Connect provider, and the client Termwise is registered as there."""

    __tablename__ = "identity_providers"
    __audited__ = True
    __audit_redacted__ = frozenset({"client_secret_encrypted"})

    trust_id: Mapped[int] = mapped_column(ForeignKey("trusts.id"), index=True)
    display_name: Mapped[str] = mapped_column(String(100))
    issuer: Mapped[str] = mapped_column(String(500))
    client_id: Mapped[str] = mapped_column(String(200))
    # Encrypted with a key derived from the service's secret key: never returned.
    client_secret_encrypted: Mapped[str] = mapped_column(Text)
    # Space-separated e-mail domains whose people may sign in this way.
    allowed_domains: Mapped[str] = mapped_column(String(1000))
    is_enabled: Mapped[bool] = mapped_column(Boolean, default=True)


class OidcSignIn(IdMixin, Base):
    """One sign-in on its way through a provider: what the callback must check, kept in the
    database so any replica can finish what another started. Used once."""

    __tablename__ = "oidc_sign_ins"

    state_digest: Mapped[str] = mapped_column(String(64), unique=True)
    nonce: Mapped[str] = mapped_column(String(100))
    code_verifier: Mapped[str] = mapped_column(String(200))
    provider_id: Mapped[int] = mapped_column(
        ForeignKey("identity_providers.id", ondelete="CASCADE"), index=True
    )
    redirect_uri: Mapped[str] = mapped_column(String(500))
    # An invitation being accepted by signing in with the school account.
    invitation_token: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
