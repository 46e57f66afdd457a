from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from termwise.auth.roles import ClientKind, Permission
from termwise.orgs.schemas import Name


class ClientCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name = Field(description="What the client is, e.g. 'Arbor MIS' or 'Trust dashboard'.")
    kind: ClientKind
    scopes: list[Permission] | None = Field(
        default=None,
        max_length=20,
        description="What it may do: a subset of what its kind allows (all of that by default).",
    )


class ClientRotate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    grace_hours: int = Field(
        default=24,
        ge=0,
        le=168,
        description="How long the old secret keeps working, so the MIS can be switched over.",
    )


class ClientRead(BaseModel):
    id: int
    client_id: str
    name: str
    kind: ClientKind
    trust_id: int
    school_id: int | None
    scopes: list[str]
    is_active: bool
    created_at: datetime
    created_by: str | None = Field(description="Who created it (their e-mail), when known.")
    last_used_at: datetime | None = Field(description="When it last got an access token.")
    previous_secret_valid_until: datetime | None = Field(
        description="After a rotation, until when the old secret still works."
    )
    revoked_at: datetime | None


class ClientIssued(ClientRead):
    """A client with its secret: shown once, at creation or rotation, and never again."""

    client_secret: str
