"""Routes for school-account sign-in: a trust registers its provider; staff sign in through it."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Request, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from termwise.auth.dependencies import AppSettings, CurrentPrincipal, DbSession
from termwise.auth.schemas import TokenRead
from termwise.concurrency import IfMatch, check_if_match, etag_responses, set_etag
from termwise.errors import (
    BadRequest,
    Forbidden,
    Gone,
    NotFound,
    PreconditionFailed,
    PreconditionRequired,
    ServiceUnavailable,
    Unauthorized,
    Unprocessable,
    responses,
)
from termwise.ids import MAX_ID
from termwise.oidc import service
from termwise.oidc.models import IdentityProvider
from termwise.orgs.admin_router import leads_trust
from termwise.orgs.dependencies import ReadableTrust
from termwise.orgs.models import Trust
from termwise.people.router import signed_in_tokens
from termwise.routing import api_router
from termwise.tenancy import Principal

router = api_router(tags=["school accounts"])

ProviderId = Annotated[int, Path(ge=1, le=MAX_ID)]
Domain = Annotated[str, Field(pattern=r"^[a-z0-9-]+(\.[a-z0-9-]+)+$", max_length=253)]


class ProviderCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    display_name: str = Field(min_length=1, max_length=100, examples=["Microsoft"])
    issuer: str = Field(
        # A URL of printable ASCII: an issuer is compared character for character.
        pattern=r"^https?://[A-Za-z0-9._~:/?#@!$&'()*+,;=%\[\]-]+$",
        max_length=500,
        examples=["https://login.microsoftonline.com/{tenant}/v2.0", "https://accounts.google.com"],
    )
    client_id: str = Field(min_length=1, max_length=200)
    client_secret: str = Field(min_length=1, max_length=500)
    allowed_domains: list[Domain] = Field(min_length=1, max_length=20)


class ProviderUpdate(BaseModel):
    """What a leader changes: a secret that expired, a domain added, the provider paused."""

    model_config = ConfigDict(extra="forbid")

    display_name: str | None = Field(default=None, min_length=1, max_length=100)
    client_id: str | None = Field(default=None, min_length=1, max_length=200)
    client_secret: str | None = Field(
        default=None, min_length=1, max_length=500, description="A new secret; never read back."
    )
    allowed_domains: list[Domain] | None = Field(default=None, min_length=1, max_length=20)
    is_enabled: bool | None = Field(
        default=None, description="False: not offered at sign-in, kept for later."
    )


class ProviderRead(BaseModel):
    id: int
    trust_id: int
    display_name: str
    issuer: str
    client_id: str
    allowed_domains: list[str]
    is_enabled: bool


class ProviderOffer(BaseModel):
    """A way to sign in, as the sign-in page offers it."""

    id: int
    display_name: str
    trust_name: str


class SignInStart(BaseModel):
    model_config = ConfigDict(extra="forbid")

    redirect_uri: str = Field(max_length=500, description="This service's /sign-in/callback.")
    invitation_token: str | None = Field(
        default=None, max_length=200, description="An invitation the sign-in accepts."
    )


class SignInStarted(BaseModel):
    authorization_url: str


class SignInFinish(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(min_length=1, max_length=2000)
    state: str = Field(min_length=1, max_length=200)


def _read(provider: IdentityProvider) -> ProviderRead:
    return ProviderRead(
        id=provider.id,
        trust_id=provider.trust_id,
        display_name=provider.display_name,
        issuer=provider.issuer,
        client_id=provider.client_id,
        allowed_domains=provider.allowed_domains.split(),
        is_enabled=provider.is_enabled,
    )


@router.post(
    "/trusts/{trust_id}/identity-providers",
    name="identity_providers:create",
    status_code=201,
    response_model=ProviderRead,
    responses=responses(Unauthorized, Forbidden, NotFound, Unprocessable),
    summary="Register the trust's OpenID Connect provider (Microsoft Entra, Google Workspace …)",
)
def create_provider(
    session: DbSession,
    settings: AppSettings,
    principal: CurrentPrincipal,
    trust: ReadableTrust,
    body: ProviderCreate,
) -> ProviderRead:
    if not leads_trust(principal, trust.id):
        raise Forbidden("Only the trust's leaders set up how its staff sign in.")
    service.check_issuer(body.issuer)
    provider = IdentityProvider(
        trust_id=trust.id,
        display_name=body.display_name,
        issuer=body.issuer,
        client_id=body.client_id,
        client_secret_encrypted=service.encrypt_secret(settings, body.client_secret),
        allowed_domains=" ".join(sorted(set(body.allowed_domains))),
    )
    session.add(provider)
    session.flush()
    return _read(provider)


@router.get(
    "/trusts/{trust_id}/identity-providers",
    name="identity_providers:list",
    response_model=list[ProviderRead],
    responses=responses(Unauthorized, Forbidden, NotFound, Unprocessable),
)
def list_providers(
    session: DbSession, principal: CurrentPrincipal, trust: ReadableTrust
) -> list[ProviderRead]:
    if not leads_trust(principal, trust.id):
        raise Forbidden("Only the trust's leaders see how its staff sign in.")
    rows = session.scalars(
        select(IdentityProvider)
        .where(IdentityProvider.trust_id == trust.id)
        .order_by(IdentityProvider.id)
    )
    return [_read(p) for p in rows]


def _looked_after(session: DbSession, principal: Principal, provider_id: int) -> IdentityProvider:
    provider = session.get(IdentityProvider, provider_id)
    if provider is None or not leads_trust(principal, provider.trust_id):
        raise NotFound(f"No identity provider {provider_id} that you look after.")
    return provider


@router.get(
    "/identity-providers/{provider_id}",
    name="identity_providers:read",
    response_model=ProviderRead,
    responses=responses(Unauthorized, NotFound, Unprocessable) | etag_responses(),
)
def read_provider(
    session: DbSession, principal: CurrentPrincipal, provider_id: ProviderId, response: Response
) -> ProviderRead:
    provider = _looked_after(session, principal, provider_id)
    set_etag(response, provider)
    return _read(provider)


@router.patch(
    "/identity-providers/{provider_id}",
    name="identity_providers:update",
    response_model=ProviderRead,
    responses=responses(
        Unauthorized, NotFound, PreconditionFailed, PreconditionRequired, Unprocessable
    )
    | etag_responses(),
    summary="Change a provider: a new client secret, its domains, or pause it",
)
def update_provider(
    session: DbSession,
    settings: AppSettings,
    principal: CurrentPrincipal,
    provider_id: ProviderId,
    body: ProviderUpdate,
    response: Response,
    if_match: IfMatch = None,
) -> ProviderRead:
    provider = _looked_after(session, principal, provider_id)
    check_if_match(if_match, provider)
    changes = body.model_dump(exclude_none=True)
    if "client_secret" in changes:
        provider.client_secret_encrypted = service.encrypt_secret(
            settings, changes.pop("client_secret")
        )
    if "allowed_domains" in changes:
        provider.allowed_domains = " ".join(sorted(set(changes.pop("allowed_domains"))))
    for field, value in changes.items():
        setattr(provider, field, value)
    session.flush()
    set_etag(response, provider)
    return _read(provider)


@router.delete(
    "/identity-providers/{provider_id}",
    name="identity_providers:delete",
    status_code=204,
    responses=responses(Unauthorized, NotFound, Unprocessable),
    summary="Stop offering a provider; accounts keep their passwords",
)
def delete_provider(
    session: DbSession, principal: CurrentPrincipal, provider_id: ProviderId
) -> Response:
    provider = _looked_after(session, principal, provider_id)
    session.delete(provider)
    return Response(status_code=204)


@router.get(
    "/auth/oidc/providers",
    name="auth:oidc_providers",
    response_model=list[ProviderOffer],
    responses=responses(),
    summary="The school accounts the sign-in page offers (no sign-in needed)",
)
def offered_providers(session: DbSession) -> list[ProviderOffer]:
    rows = session.execute(
        select(IdentityProvider.id, IdentityProvider.display_name, Trust.name)
        .join(Trust, Trust.id == IdentityProvider.trust_id)
        .where(IdentityProvider.is_enabled.is_(True))
        .order_by(Trust.name, IdentityProvider.display_name)
    ).all()
    return [ProviderOffer(id=i, display_name=n, trust_name=t) for i, n, t in rows]


@router.post(
    "/auth/oidc/{provider_id}/start",
    name="auth:oidc_start",
    response_model=SignInStarted,
    responses=responses(NotFound, Gone, Unprocessable, ServiceUnavailable),
    summary="Begin signing in with a school account: answers where to send the browser",
)
def start_sign_in(
    request: Request,
    session: DbSession,
    settings: AppSettings,
    provider_id: ProviderId,
    body: SignInStart,
) -> SignInStarted:
    provider = session.get(IdentityProvider, provider_id)
    if provider is None or not provider.is_enabled:
        raise NotFound(f"No identity provider {provider_id}.")
    origin = settings.public_url or str(request.base_url)
    url = service.start(session, provider, body.redirect_uri, origin, body.invitation_token)
    return SignInStarted(authorization_url=url)


@router.post(
    "/auth/oidc/callback",
    name="auth:oidc_callback",
    response_model=TokenRead,
    responses=responses(
        BadRequest, Unauthorized, Forbidden, NotFound, Gone, Unprocessable, ServiceUnavailable
    ),
    summary="Finish signing in with a school account: the provider's code and state for tokens",
)
def finish_sign_in(
    session: DbSession, settings: AppSettings, body: SignInFinish, response: Response
) -> TokenRead:
    response.headers["Cache-Control"] = "no-store"
    user = service.finish(session, settings, body.code, body.state)
    return signed_in_tokens(settings, session, user)
