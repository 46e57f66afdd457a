"""Signing and checking tokens, hashing passwords and secrets: the only file that knows how.

Access tokens are JWTs signed with one pinned algorithm. A token whose header names any other
algorithm (``none`` included) is refused before its signature is even looked at.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from jose import JWTError, jwt

from termwise.db import utcnow

ALGORITHM = "HS256"
ISSUER = "termwise"
AUDIENCE = "termwise-api"

_hasher = PasswordHasher()
# Verified against when the account does not exist, so a miss costs as long as a hit.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))

MIN_PASSWORD_LENGTH = 12
_COMMON_PASSWORDS = {
    "password1234",
    "123456789012",
    "qwertyuiopas",
    "passwordpassword",
    "letmeinletmein",
    "welcome12345",
    "administrator",
}


class InvalidToken(Exception):
    """The token is malformed, forged, expired or of the wrong kind."""


@dataclass(frozen=True)
class AccessClaims:
    subject: str
    expires_at: datetime
    token_id: str


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def password_weakness(password: str, email: str = "") -> str | None:
    """Why a password is too weak to accept, or None if it is acceptable."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"must be at least {MIN_PASSWORD_LENGTH} characters long"
    if password.lower() in _COMMON_PASSWORDS or len(set(password)) < 5:
        return "is too easy to guess"
    local_part = email.split("@", 1)[0].lower()
    if len(local_part) >= 4 and local_part in password.lower():
        return "must not contain the e-mail address"
    return None


def new_secret() -> str:
    """A random secret for refresh tokens and client secrets (shown once, stored hashed)."""
    return secrets.token_urlsafe(32)


def derived_secret(key: str, purpose: str, source: str) -> str:
    """A secret that only the holder of ``key`` can work out again from ``source``: an HMAC,
    so nothing about it need be stored in clear."""
    mac = hmac.new(key.encode(), f"{purpose}\x00{source}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).rstrip(b"=").decode()


def secret_digest(secret: str) -> str:
    """Refresh tokens and client secrets are long random strings: SHA-256 is enough to store."""
    return hashlib.sha256(secret.encode()).hexdigest()


def secret_matches(secret: str, digest: str) -> bool:
    return hmac.compare_digest(secret_digest(secret), digest)


def sign_access_token(subject: str, key: str, lifetime: timedelta) -> tuple[str, datetime]:
    now = utcnow()
    expires_at = now + lifetime
    claims = {
        "sub": subject,
        "iss": ISSUER,
        "aud": AUDIENCE,
        "iat": int(now.timestamp()),
        "exp": int(expires_at.timestamp()),
        "jti": uuid.uuid4().hex,
        "typ": "access",
    }
    return jwt.encode(claims, key, algorithm=ALGORITHM), expires_at


def verify_access_token(token: str, key: str) -> AccessClaims:
    try:
        header = jwt.get_unverified_header(token)
    except JWTError as exc:
        raise InvalidToken("malformed token") from exc
    if header.get("alg") != ALGORITHM:
        raise InvalidToken("unexpected signing algorithm")
    try:
        claims = jwt.decode(
            token,
            key,
            algorithms=[ALGORITHM],
            audience=AUDIENCE,
            issuer=ISSUER,
            # python-jose skips the audience and issuer checks when the claim is absent.
            options={
                "require_exp": True,
                "require_sub": True,
                "require_iat": True,
                "require_aud": True,
                "require_iss": True,
            },
        )
    except JWTError as exc:
        raise InvalidToken(str(exc)) from exc
    if claims.get("typ") != "access" or not isinstance(claims.get("sub"), str):
        raise InvalidToken("not an access token")
    return AccessClaims(
        subject=claims["sub"],
        expires_at=datetime.fromtimestamp(claims["exp"], tz=utcnow().tzinfo),
        token_id=str(claims.get("jti", "")),
    )
