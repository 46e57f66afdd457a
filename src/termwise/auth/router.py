from __future__ import annotations

from typing import Annotated

from fastapi import Form, Request, Response

from termwise import rate_limits
from termwise.auth import service
from termwise.auth.dependencies import AppSettings, CurrentPrincipal, DbSession, client_address
from termwise.auth.models import User
from termwise.auth.schemas import GrantRead, MeRead, SignOut, TokenRead
from termwise.db import utcnow
from termwise.errors import (
    InvalidClient,
    InvalidGrant,
    InvalidRequest,
    TooManyRequests,
    Unauthorized,
    UnsupportedGrantType,
    responses,
)
from termwise.routing import api_router

router = api_router(prefix="/auth", tags=["auth"])

GRANT_TYPES = ("password", "refresh_token", "client_credentials")


@router.post(
    "/token",
    name="auth:token",
    response_model=TokenRead,
    responses=responses(InvalidGrant, InvalidClient, TooManyRequests),
    summary="Sign in (password, refresh_token or client_credentials grant)",
    description=(
        "Errors follow OAuth 2.0 (RFC 6749, section 5.2) as problem documents with the OAuth "
        "`error` member: `invalid_request` (400) for a missing parameter, "
        "`unsupported_grant_type` (400), `invalid_grant` (400) for a wrong password or a bad, "
        "expired or reused refresh token, and `invalid_client` (401) for wrong client "
        "credentials."
    ),
)
def token(
    request: Request,
    session: DbSession,
    settings: AppSettings,
    response: Response,
    grant_type: Annotated[
        str, Form(max_length=50, description="password, refresh_token or client_credentials")
    ] = "password",
    username: Annotated[str | None, Form(max_length=254)] = None,
    password: Annotated[str | None, Form(max_length=500)] = None,
    refresh_token: Annotated[str | None, Form(max_length=200)] = None,
    client_id: Annotated[str | None, Form(max_length=64)] = None,
    client_secret: Annotated[str | None, Form(max_length=200)] = None,
) -> TokenRead:
    response.headers["Cache-Control"] = "no-store"
    if grant_type not in GRANT_TYPES:
        raise UnsupportedGrantType(
            f"Unknown grant_type {grant_type!r}: use password, refresh_token or client_credentials."
        )
    if grant_type == "password":
        if not username or not password:
            raise InvalidRequest("The password grant needs `username` and `password`.")
        issued = service.sign_in(session, settings, username, password, client_address(request))
    elif grant_type == "refresh_token":
        if not refresh_token:
            raise InvalidRequest("The refresh_token grant needs `refresh_token`.")
        rate_limits.hit(request.app.state.sessionmaker, f"refresh:{client_address(request)}",
                        settings.rate_limit_refreshes_per_minute, "token refreshes")  # fmt: skip
        issued = service.refresh(session, settings, refresh_token)
    else:
        if not client_id or not client_secret:
            raise InvalidRequest(
                "The client_credentials grant needs `client_id` and `client_secret`."
            )
        rate_limits.hit(request.app.state.sessionmaker, f"client-token:{client_id}",
                        settings.rate_limit_client_tokens_per_minute, "sign-ins")  # fmt: skip
        issued = service.client_credentials(session, settings, client_id, client_secret)
    return TokenRead(
        access_token=issued.access_token,
        token_type="bearer",  # noqa: S106  (the OAuth token type, not a secret)
        expires_in=int((issued.expires_at - utcnow()).total_seconds()),
        refresh_token=issued.refresh_token,
    )


@router.post(
    "/sign-out",
    name="auth:sign_out",
    status_code=204,
    responses=responses(),
    summary="Sign out: revoke the refresh token and every token rotated from it",
)
def sign_out(session: DbSession, body: SignOut) -> Response:
    service.sign_out(session, body.refresh_token)
    return Response(status_code=204)


me_router = api_router(tags=["auth"])


@me_router.get("/me", name="me:read", response_model=MeRead, responses=responses(Unauthorized))
def read_me(session: DbSession, principal: CurrentPrincipal) -> MeRead:
    assert principal.kind != "system" and principal.id is not None
    full_name = None
    if principal.kind == "user":
        user = session.get(User, principal.id)
        full_name = user.full_name if user else None
    names = service.scope_names(session, principal.grants)
    return MeRead(
        kind=principal.kind,
        id=principal.id,
        label=principal.label,
        full_name=full_name,
        is_platform_admin=principal.is_platform_admin,
        permissions=sorted(principal.permissions()),
        grants=[
            GrantRead(
                role=g.label,
                level=g.level,
                scope_name=names[g],
                trust_id=g.trust_id,
                school_id=g.school_id,
                class_id=g.class_id,
            )
            for g in principal.grants
        ],
    )
