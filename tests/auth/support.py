"""What the sign-in and token tests share: the endpoints, grant calls and hand-built tokens."""

from __future__ import annotations

import base64
import json
import time
from typing import Any

import httpx
from fastapi.testclient import TestClient
from jose import jwt
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from termwise import security
from termwise.auth.models import RefreshToken, SignInThrottle
from tests.helpers import assert_problem
from tests.world import PASSWORD, TEST_KEY

TOKEN_URL = "/api/v1/auth/token"
SIGN_OUT_URL = "/api/v1/auth/sign-out"
ME_URL = "/api/v1/me"
UNKNOWN_EMAIL = "nobody.here@tests.example"


def password_grant(client: TestClient, username: str, password: str = PASSWORD) -> httpx.Response:
    form = {"grant_type": "password", "username": username, "password": password}
    response: httpx.Response = client.post(TOKEN_URL, data=form)
    return response


def refresh_grant(client: TestClient, refresh_token: str) -> httpx.Response:
    form = {"grant_type": "refresh_token", "refresh_token": refresh_token}
    response: httpx.Response = client.post(TOKEN_URL, data=form)
    return response


def client_grant(client: TestClient, client_id: str, client_secret: str) -> httpx.Response:
    form = {
        "grant_type": "client_credentials",
        "client_id": client_id,
        "client_secret": client_secret,
    }
    response: httpx.Response = client.post(TOKEN_URL, data=form)
    return response


def sign_out(client: TestClient, refresh_token: str) -> httpx.Response:
    response: httpx.Response = client.post(SIGN_OUT_URL, json={"refresh_token": refresh_token})
    return response


def me(client: TestClient, access_token: str) -> httpx.Response:
    headers = {"Authorization": f"Bearer {access_token}"}
    response: httpx.Response = client.get(ME_URL, headers=headers)
    return response


def tokens(response: httpx.Response) -> dict[str, Any]:
    """The body of a successful token response, checked for its shape."""
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    body: dict[str, Any] = response.json()
    assert body["token_type"] == "bearer"
    assert isinstance(body["access_token"], str) and body["access_token"]
    return body


def assert_unauthorized(response: httpx.Response) -> dict[str, Any]:
    """A 401 problem document that tells the caller to send a bearer token."""
    body = assert_problem(response, 401)
    assert response.headers["www-authenticate"] == "Bearer"
    return body


def assert_invalid_grant(response: httpx.Response) -> dict[str, Any]:
    """The token endpoint's OAuth answer to a wrong password or a bad refresh token."""
    body = assert_problem(response, 400)
    assert body["error"] == "invalid_grant"
    assert "access_token" not in body
    return body


def assert_invalid_client(response: httpx.Response) -> dict[str, Any]:
    """The token endpoint's OAuth answer to wrong client credentials."""
    body = assert_problem(response, 401)
    assert body["error"] == "invalid_client"
    assert response.headers["www-authenticate"].startswith("Basic")
    return body


# Hand-built access tokens -----------------------------------------------------------------


def access_claims(subject: str, **overrides: Any) -> dict[str, Any]:
    """The claims ``security.sign_access_token`` writes, with any of them replaced."""
    now = int(time.time())
    claims: dict[str, Any] = {
        "sub": subject,
        "iss": security.ISSUER,
        "aud": security.AUDIENCE,
        "iat": now,
        "exp": now + 300,
        "jti": "0123456789abcdef0123456789abcdef",
        "typ": "access",
    }
    claims.update(overrides)
    return claims


def without(claims: dict[str, Any], *names: str) -> dict[str, Any]:
    return {k: v for k, v in claims.items() if k not in names}


def sign(claims: dict[str, Any], key: str = TEST_KEY, algorithm: str = "HS256") -> str:
    token: str = jwt.encode(claims, key, algorithm=algorithm)
    return token


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_json(value: object) -> str:
    return b64url(json.dumps(value, separators=(",", ":")).encode())


def b64url_decode_json(segment: str) -> dict[str, Any]:
    decoded: dict[str, Any] = json.loads(
        base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
    )
    return decoded


def unsigned_token(claims: dict[str, Any], alg: str = "none") -> str:
    """An ``alg: none`` JWT: header and payload, and an empty signature."""
    return f"{b64url_json({'alg': alg, 'typ': 'JWT'})}.{b64url_json(claims)}."


# Rows ----------------------------------------------------------------------------------------


def stored_refresh_token(db: Session, secret: str) -> RefreshToken:
    """The row behind a refresh token, read fresh (the app wrote it through another session)."""
    db.expire_all()
    return db.scalars(
        select(RefreshToken).where(RefreshToken.token_digest == security.secret_digest(secret))
    ).one()


def family_rows(db: Session, family: str) -> list[RefreshToken]:
    db.expire_all()
    return list(
        db.scalars(
            select(RefreshToken).where(RefreshToken.family == family).order_by(RefreshToken.id)
        )
    )


def refresh_token_count(db: Session, user_id: int | None = None) -> int:
    query = select(func.count()).select_from(RefreshToken)
    if user_id is not None:
        query = query.where(RefreshToken.user_id == user_id)
    count: int = db.scalar(query) or 0
    return count


# The address the test client's requests come from.
TEST_ADDRESS = "testclient"


def throttle(db: Session, email: str, address: str = TEST_ADDRESS) -> SignInThrottle | None:
    db.expire_all()
    return db.get(SignInThrottle, (email, address))
