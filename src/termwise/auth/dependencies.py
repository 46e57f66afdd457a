"""Who is calling, and may they: the dependencies every route declares.

Areas declare their own typed requirements from these, e.g. in ``orgs/auth.py``:
``SchoolsRead = Annotated[Principal, Depends(Authorize(Permission.orgs_read))]``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from termwise import security
from termwise.audit.recorder import act_as
from termwise.auth import service
from termwise.auth.roles import Permission
from termwise.config import Settings
from termwise.db import get_session
from termwise.errors import Forbidden, Unauthorized
from termwise.tenancy import Principal

DbSession = Annotated[Session, Depends(get_session, scope="function")]

bearer = HTTPBearer(auto_error=False, description="An access token from /api/v1/auth/token.")


# Dependencies that do no I/O are coroutines: FastAPI runs a plain function in the thread pool,
# one hop per dependency per request.


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


AppSettings = Annotated[Settings, Depends(get_settings)]


def client_address(request: Request) -> str:
    """The caller's network address: the peer, or, when the peer is a trusted proxy, the
    nearest address in X-Forwarded-For that is not one of the trusted proxies."""
    settings: Settings = request.app.state.settings
    peer = request.client.host if request.client else "unknown"
    trusted = set(settings.trusted_proxies)
    if peer not in trusted:
        return peer[:64]
    forwarded = [a.strip() for a in request.headers.get("x-forwarded-for", "").split(",")]
    for address in reversed([a for a in forwarded if a]):
        if address not in trusted:
            return address[:64]
    return peer[:64]


def authenticate(
    request: Request,
    session: DbSession,
    settings: AppSettings,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthorized("Sign in: send an access token as `Authorization: Bearer …`.")
    try:
        claims = security.verify_access_token(credentials.credentials, settings.signing_key())
    except security.InvalidToken as exc:
        raise Unauthorized("The access token is invalid or has expired.") from exc
    principal = service.load_principal(session, claims.subject)
    if principal is None:
        raise Unauthorized("The account behind this token no longer exists or is disabled.")
    act_as(session, principal)
    # For the request's log line: who, never their name or token.
    request.state.principal_kind = principal.kind
    request.state.principal_id = principal.id
    return principal


CurrentPrincipal = Annotated[Principal, Depends(authenticate)]


class Authorize:
    """Require a permission held at some scope; which rows it reaches is tenancy's business."""

    def __init__(self, permission: Permission) -> None:
        self.permission = permission

    async def __call__(self, principal: CurrentPrincipal) -> Principal:
        if not principal.has(self.permission):
            raise Forbidden(f"Your role does not allow this ({self.permission.value}).")
        return principal
