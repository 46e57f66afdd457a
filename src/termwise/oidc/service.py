"""The authorisation code flow with PKCE, state and nonce, and checking the ID token."""

from __future__ import annotations

import base64
import hashlib
import secrets
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode, urlsplit

import httpx
from cryptography.fernet import Fernet, InvalidToken
from jose import jwt
from jose.exceptions import ExpiredSignatureError, JWTClaimsError, JWTError
from sqlalchemy import select
from sqlalchemy.orm import Session

from termwise import security
from termwise.auth.models import RoleAssignment, User
from termwise.config import Settings
from termwise.db import utcnow
from termwise.errors import (
    BadRequest,
    FieldError,
    Forbidden,
    NotFound,
    ServiceUnavailable,
    Unauthorized,
    Unprocessable,
)
from termwise.oidc import discovery
from termwise.oidc.models import IdentityProvider, OidcSignIn
from termwise.orgs.models import School, SchoolClass
from termwise.people import invitations

# Only asymmetric signatures: a provider signs with a private key we can check against its
# published public keys. Never `none`, never an HMAC keyed by something public.
ALGORITHMS = frozenset({"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384"})
SIGN_IN_MINUTES = 10
CALLBACK_PATH = "/sign-in/callback"


def _fernet(settings: Settings) -> Fernet:
    key = hashlib.sha256(f"identity-provider-secrets\x00{settings.signing_key()}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt_secret(settings: Settings, secret: str) -> str:
    return _fernet(settings).encrypt(secret.encode()).decode()


def decrypt_secret(settings: Settings, sealed: str) -> str:
    try:
        return _fernet(settings).decrypt(sealed.encode()).decode()
    except InvalidToken as exc:
        raise ServiceUnavailable(
            "This provider's client secret cannot be read (was TERMWISE_SECRET_KEY changed?): "
            "the trust must enter it again."
        ) from exc


def check_issuer(issuer: str) -> None:
    """The discovery document must be reachable and name exactly this issuer."""
    try:
        published = discovery.configuration(issuer).get("issuer")
    except ServiceUnavailable as exc:
        raise Unprocessable(
            str(exc.detail),
            errors=[FieldError(pointer="/issuer", message="no discovery document", code="issuer")],
        ) from exc
    if published != issuer:
        raise Unprocessable(
            f"The provider at {issuer} calls itself {published!r}: register it by that issuer.",
            errors=[FieldError(pointer="/issuer", message="does not match", code="issuer")],
        )


def _check_redirect(redirect_uri: str, origin: str) -> None:
    parts = urlsplit(redirect_uri)
    if f"{parts.scheme}://{parts.netloc}" != origin.rstrip("/") or parts.path != CALLBACK_PATH:
        raise Unprocessable(
            f"redirect_uri must be {origin.rstrip('/')}{CALLBACK_PATH}.",
            errors=[
                FieldError(pointer="/redirect_uri", message="not this service's", code="redirect")
            ],
        )


def start(
    session: Session,
    provider: IdentityProvider,
    redirect_uri: str,
    origin: str,
    invitation_token: str | None,
) -> str:
    """Records a sign-in under way and answers the provider's authorisation URL."""
    _check_redirect(redirect_uri, origin)
    if invitation_token is not None:
        invitations.find(session, invitation_token)  # still valid, or refuse now
    config = discovery.configuration(provider.issuer)
    state, nonce, verifier = (secrets.token_urlsafe(32) for _ in range(3))
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    session.add(
        OidcSignIn(
            state_digest=security.secret_digest(state),
            nonce=nonce,
            code_verifier=verifier,
            provider_id=provider.id,
            redirect_uri=redirect_uri,
            invitation_token=invitation_token,
            expires_at=utcnow() + timedelta(minutes=SIGN_IN_MINUTES),
        )
    )
    session.flush()
    query = urlencode(
        {
            "client_id": provider.client_id,
            "response_type": "code",
            "scope": "openid email",
            "redirect_uri": redirect_uri,
            "state": state,
            "nonce": nonce,
            "code_challenge": challenge.rstrip(b"=").decode(),
            "code_challenge_method": "S256",
        }
    )
    return f"{config['authorization_endpoint']}?{query}"


def _bad(detail: str, pointer: str, code: str) -> Unauthorized:
    return Unauthorized(detail, errors=[FieldError(pointer=pointer, message=detail, code=code)])


def finish(session: Session, settings: Settings, code: str, state: str) -> User:
    """Exchanges the code, checks the ID token, and finds the person it names."""
    sign_in = session.scalar(
        select(OidcSignIn)
        .where(OidcSignIn.state_digest == security.secret_digest(state))
        .with_for_update()
    )
    if sign_in is None or sign_in.used_at is not None or sign_in.expires_at <= utcnow():
        raise BadRequest(
            "This sign-in is not one under way here (its state is unknown, used or expired): "
            "start again.",
            errors=[FieldError(pointer="/state", message="unknown, used or expired", code="state")],
        )
    # Used once, whatever happens next.
    sign_in.used_at = utcnow()
    session.commit()
    provider = session.get(IdentityProvider, sign_in.provider_id)
    if provider is None or not provider.is_enabled:
        raise NotFound("This identity provider is no longer set up.")
    claims = _id_token_claims(settings, provider, sign_in, code)
    email = _verified_email(provider, claims)
    return _match(session, provider, email, sign_in.invitation_token)


def _id_token_claims(
    settings: Settings, provider: IdentityProvider, sign_in: OidcSignIn, code: str
) -> dict[str, Any]:
    config = discovery.configuration(provider.issuer)
    try:
        response = httpx.post(
            config["token_endpoint"],
            data={
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": sign_in.redirect_uri,
                "code_verifier": sign_in.code_verifier,
                "client_id": provider.client_id,
                "client_secret": decrypt_secret(settings, provider.client_secret_encrypted),
            },
            timeout=10.0,
        )
    except httpx.HTTPError as exc:
        raise ServiceUnavailable(
            f"The identity provider did not answer ({type(exc).__name__})."
        ) from exc
    if response.status_code != 200:
        raise _bad(
            f"The identity provider refused the sign-in code ({response.status_code}).",
            "/code",
            "code",
        )
    id_token = response.json().get("id_token")
    if not isinstance(id_token, str):
        raise _bad("The identity provider sent no ID token.", "/code", "id_token")
    published = set(config.get("id_token_signing_alg_values_supported", ["RS256"]))
    algorithms = sorted(published & ALGORITHMS)
    try:
        header = jwt.get_unverified_header(id_token)
    except JWTError as exc:
        raise _bad("The ID token cannot be read.", "/id_token", "signature") from exc
    if header.get("alg") not in algorithms:
        raise _bad(
            f"The ID token is signed with {header.get('alg')!r}, which is not accepted.",
            "/id_token",
            "algorithm",
        )
    try:
        claims: dict[str, Any] = jwt.decode(
            id_token,
            discovery.keys(config["jwks_uri"]),
            algorithms=algorithms,
            audience=provider.client_id,
            issuer=provider.issuer,
            options={"verify_at_hash": False},
        )
    except ExpiredSignatureError as exc:
        raise _bad("The ID token has expired.", "/id_token", "expired") from exc
    except JWTClaimsError as exc:
        raise _bad(f"The ID token is not for this sign-in: {exc}.", "/id_token", "claims") from exc
    except JWTError as exc:
        raise _bad(
            f"The ID token's signature does not check: {exc}.", "/id_token", "signature"
        ) from exc
    audiences = claims["aud"] if isinstance(claims.get("aud"), list) else [claims.get("aud")]
    if len(audiences) > 1 and claims.get("azp") != provider.client_id:
        raise _bad("The ID token was issued to another party.", "/id_token", "azp")
    if claims.get("nonce") != sign_in.nonce:
        raise _bad(
            "The ID token does not answer this sign-in (its nonce differs).", "/id_token", "nonce"
        )
    return claims


def _verified_email(provider: IdentityProvider, claims: dict[str, Any]) -> str:
    email = str(claims.get("email") or "").strip().lower()
    if not email or claims.get("email_verified") is not True:
        raise _bad(
            "The identity provider has not verified this account's e-mail address.",
            "/id_token",
            "email",
        )
    domain = email.rsplit("@", 1)[-1]
    if domain not in provider.allowed_domains.split():
        raise Forbidden(
            f"{email} is not in a domain this trust signs in with ({provider.allowed_domains})."
        )
    return email


def _match(
    session: Session, provider: IdentityProvider, email: str, invitation_token: str | None
) -> User:
    """The account the verified e-mail belongs to; never one made with a role by this alone."""
    if invitation_token is not None:
        return invitations.accept_invitation_for_verified_email(session, invitation_token, email)
    user = session.scalar(select(User).where(User.email == email))
    if user is None or not user.is_active or not _holds_role_in(session, user, provider.trust_id):
        raise Forbidden(
            f"No Termwise account for {email} in this trust: ask your school for an invitation."
        )
    return user


def _holds_role_in(session: Session, user: User, trust_id: int) -> bool:
    for role in session.scalars(select(RoleAssignment).where(RoleAssignment.user_id == user.id)):
        if role.trust_id == trust_id:
            return True
        school_id = role.school_id
        if role.class_id is not None:
            school_class = session.get(SchoolClass, role.class_id)
            school_id = school_class.school_id if school_class else None
        school = session.get(School, school_id) if school_id else None
        if school is not None and school.trust_id == trust_id:
            return True
    return False
