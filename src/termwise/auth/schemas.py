from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from termwise.auth.roles import Permission


class TokenRead(BaseModel):
    access_token: str
    token_type: Literal["bearer"]
    # Seconds until the access token expires.
    expires_in: int
    # Present for people (password and refresh grants); machine clients sign in again instead.
    refresh_token: str | None


class SignOut(BaseModel):
    refresh_token: str = Field(min_length=1, max_length=200)


class GrantRead(BaseModel):
    role: str
    level: Literal["trust", "school", "class"]
    # What the role is held over, for people: "Robins, Bramblewood Primary School".
    scope_name: str
    trust_id: int
    school_id: int | None
    class_id: int | None


class MeRead(BaseModel):
    kind: Literal["user", "client"]
    id: int
    label: str
    full_name: str | None
    is_platform_admin: bool
    permissions: list[Permission]
    grants: list[GrantRead]
