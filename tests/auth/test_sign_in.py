"""The password grant: what a good sign-in returns, and how a bad one is refused."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from jose import jwt
from sqlalchemy.orm import Session

from termwise import security
from termwise.auth.models import User
from termwise.auth.service import BAD_CREDENTIALS
from termwise.config import Settings
from tests.auth.support import (
    TOKEN_URL,
    UNKNOWN_EMAIL,
    assert_invalid_grant,
    me,
    password_grant,
    refresh_token_count,
    stored_refresh_token,
    throttle,
    tokens,
)
from tests.helpers import assert_problem
from tests.world import PASSWORD, TEST_KEY, World


def test_password_sign_in_returns_an_access_token_that_works_on_me_and_a_refresh_token(
    client: TestClient, world: World, db: Session, settings: Settings
) -> None:
    response = password_grant(client, world.emails["head_a1"])

    body = tokens(response)
    assert response.headers["cache-control"] == "no-store"
    assert 0 < body["expires_in"] <= settings.access_token_minutes * 60
    assert isinstance(body["refresh_token"], str) and len(body["refresh_token"]) >= 32
    caller = me(client, body["access_token"])
    assert caller.status_code == 200, caller.text
    assert caller.json()["kind"] == "user"
    assert caller.json()["id"] == world.users["head_a1"]
    assert caller.json()["label"] == world.emails["head_a1"]
    stored = stored_refresh_token(db, body["refresh_token"])
    assert stored.user_id == world.users["head_a1"]
    assert stored.replaced_at is None and stored.revoked_at is None


def test_the_access_token_is_an_hs256_jwt_for_the_api_naming_the_user(
    client: TestClient, world: World
) -> None:
    access_token = tokens(password_grant(client, world.emails["teacher_a1"]))["access_token"]

    assert jwt.get_unverified_header(access_token)["alg"] == "HS256"
    claims = jwt.decode(
        access_token, TEST_KEY, algorithms=["HS256"], audience="termwise-api", issuer="termwise"
    )
    assert claims["sub"] == f"user:{world.users['teacher_a1']}"
    assert claims["typ"] == "access"
    assert claims["exp"] > claims["iat"]


def test_the_refresh_token_is_stored_only_as_a_digest(
    client: TestClient, world: World, db: Session
) -> None:
    refresh_token = tokens(password_grant(client, world.emails["head_a1"]))["refresh_token"]

    stored = stored_refresh_token(db, refresh_token)
    assert stored.token_digest == security.secret_digest(refresh_token)
    assert refresh_token not in stored.token_digest


def test_a_wrong_password_is_refused_as_invalid_grant_and_issues_no_token(
    client: TestClient, world: World, db: Session
) -> None:
    before = refresh_token_count(db, world.users["head_a1"])

    response = password_grant(client, world.emails["head_a1"], "not-the-password-at-all")

    body = assert_invalid_grant(response)
    assert body["detail"] == BAD_CREDENTIALS
    assert "access_token" not in body
    assert refresh_token_count(db, world.users["head_a1"]) == before


def test_an_unknown_email_gets_exactly_the_answer_a_wrong_password_gets(
    client: TestClient, world: World
) -> None:
    wrong_password = password_grant(client, world.emails["head_a1"], "not-the-password-at-all")
    unknown_email = password_grant(client, UNKNOWN_EMAIL)

    assert_invalid_grant(wrong_password)
    assert_invalid_grant(unknown_email)
    assert unknown_email.json() == wrong_password.json()
    assert unknown_email.headers.get("www-authenticate") == wrong_password.headers.get(
        "www-authenticate"
    )


def test_the_email_is_case_insensitive_and_surrounding_spaces_are_ignored(
    client: TestClient, world: World
) -> None:
    shouted = f"  {world.emails['governor_a1'].upper()} "

    body = tokens(password_grant(client, shouted))

    assert me(client, body["access_token"]).json()["id"] == world.users["governor_a1"]


def test_the_password_is_case_sensitive(client: TestClient, world: World) -> None:
    assert_invalid_grant(password_grant(client, world.emails["head_a1"], PASSWORD.upper()))


def test_an_inactive_user_cannot_sign_in_with_the_right_password(
    client: TestClient, world: World, db: Session
) -> None:
    response = password_grant(client, world.emails["disabled_a1"])

    body = assert_invalid_grant(response)
    # Refused as if the password were wrong: the answer says nothing about the account.
    assert body["detail"] == BAD_CREDENTIALS
    assert refresh_token_count(db, world.users["disabled_a1"]) == 0


def test_a_user_deactivated_since_their_last_sign_in_cannot_sign_in(
    client: TestClient, world: World, db: Session
) -> None:
    tokens(password_grant(client, world.emails["teacher_a1"]))
    user = db.get(User, world.users["teacher_a1"])
    assert user is not None
    user.is_active = False
    db.flush()

    assert_invalid_grant(password_grant(client, world.emails["teacher_a1"]))


def test_a_user_without_a_password_cannot_sign_in(
    client: TestClient, world: World, db: Session
) -> None:
    user = db.get(User, world.users["adviser_a"])
    assert user is not None
    user.password_hash = None
    db.flush()

    body = assert_invalid_grant(password_grant(client, world.emails["adviser_a"]))
    assert body["detail"] == BAD_CREDENTIALS


@pytest.mark.parametrize(
    "form",
    [
        {"grant_type": "password", "password": PASSWORD},
        {"grant_type": "password", "username": "head.a1@tests.example"},
        {"grant_type": "password", "username": "head.a1@tests.example", "password": ""},
        {"grant_type": "password", "username": "", "password": PASSWORD},
    ],
    ids=["no-username", "no-password", "empty-password", "empty-username"],
)
def test_a_missing_username_or_password_is_a_400_and_counts_no_failure(
    client: TestClient, db: Session, form: dict[str, str]
) -> None:
    response = client.post(TOKEN_URL, data=form)

    body = assert_problem(response, 400)
    assert body["error"] == "invalid_request"
    assert "username" in body["detail"] and "password" in body["detail"]
    assert throttle(db, "head.a1@tests.example") is None


def test_a_json_body_to_the_token_endpoint_is_refused_with_415(
    client: TestClient, world: World, db: Session
) -> None:
    before = refresh_token_count(db)

    response = client.post(
        TOKEN_URL,
        json={
            "grant_type": "password",
            "username": world.emails["head_a1"],
            "password": PASSWORD,
        },
    )

    assert_problem(response, 415)
    assert refresh_token_count(db) == before


def test_an_unsupported_grant_type_is_refused_without_a_token(
    client: TestClient, world: World
) -> None:
    response = client.post(
        TOKEN_URL,
        data={
            "grant_type": "authorization_code",
            "username": world.emails["head_a1"],
            "password": PASSWORD,
        },
    )

    body = assert_problem(response, 400)
    assert body["error"] == "unsupported_grant_type"
    assert "authorization_code" in body["detail"]
