from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from termwise.auth.roles import Role
from termwise.ids import MAX_ID
from termwise.orgs.schemas import Name
from termwise.temporal import Day

Email = Annotated[
    str,
    Field(
        max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", examples=["j.smith@school.org.uk"]
    ),
]


class Scope(BaseModel):
    """Exactly one of a trust, a school or a class."""

    trust_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    school_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    class_id: int | None = Field(default=None, ge=1, le=MAX_ID)


class RoleGrant(Scope):
    model_config = ConfigDict(extra="forbid")

    role: Role
    ends_on: Day | None = Field(default=None, description="The last day the role is held.")


class InvitationCreate(RoleGrant):
    email: Email
    full_name: Name


class InvitationRead(BaseModel):
    id: int
    email: str
    full_name: str
    role: Role
    scope_name: str
    ends_on: Day | None
    expires_at: datetime
    accepted_at: datetime | None
    revoked_at: datetime | None
    invited_by: str | None
    emailed: bool = Field(description="Whether the link went by e-mail.")
    link: str | None = Field(
        default=None,
        description="The link to pass on, only when no mail server is configured and only now.",
    )


class InvitationPreview(BaseModel):
    """What an invitation offers, shown to whoever opens its link."""

    email: str
    full_name: str
    role: Role
    scope_name: str
    invited_by: str | None
    expires_at: datetime
    has_account: bool = Field(description="The e-mail already signs in: accept with its password.")


class InvitationAccept(BaseModel):
    model_config = ConfigDict(extra="forbid")

    token: str = Field(min_length=10, max_length=200)
    password: str = Field(min_length=1, max_length=500)


class ResetRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: str = Field(min_length=3, max_length=254)


class ResetRequested(BaseModel):
    detail: str = "If the address has an account, a link to set a new password is on its way."


class ResetConfirm(BaseModel):
    model_config = ConfigDict(extra="forbid")

    token: str = Field(min_length=10, max_length=200)
    password: str = Field(min_length=1, max_length=500)


class RoleRead(BaseModel):
    id: int
    role: Role
    trust_id: int | None
    school_id: int | None
    class_id: int | None
    scope_name: str
    ends_on: Day | None


class PersonRead(BaseModel):
    id: int
    email: str
    full_name: str
    is_active: bool
    roles: list[RoleRead]
