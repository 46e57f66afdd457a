"""Access tokens: every way a bearer token can be wrong is a 401 with `WWW-Authenticate: Bearer`.

Each forged token differs from a good one in exactly one respect; the first test proves the
good one, built the same way, is accepted, so each refusal is down to that one fault.
"""

from __future__ import annotations

import secrets
import time

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from termwise.auth.models import ApiClient, User
from tests.auth.support import (
    ME_URL,
    access_claims,
    assert_unauthorized,
    b64url,
    b64url_decode_json,
    b64url_json,
    me,
    sign,
    unsigned_token,
    without,
)
from tests.world import World


def user_subject(world: World, who: str = "teacher_a1") -> str:
    return f"user:{world.users[who]}"


def test_a_well_formed_token_built_by_these_tests_is_accepted(
    client: TestClient, world: World
) -> None:
    response = me(client, sign(access_claims(user_subject(world))))

    assert response.status_code == 200, response.text
    assert response.json()["id"] == world.users["teacher_a1"]


def test_the_world_headers_are_accepted(client: TestClient, world: World) -> None:
    response = client.get(ME_URL, headers=world.headers("head_b1"))

    assert response.status_code == 200, response.text
    assert response.json()["id"] == world.users["head_b1"]


def test_no_authorization_header_is_refused(client: TestClient) -> None:
    body = assert_unauthorized(client.get(ME_URL))

    assert "Bearer" in body["detail"]


def test_a_scheme_other_than_bearer_is_refused(client: TestClient, world: World) -> None:
    token = world.token("teacher_a1")

    assert_unauthorized(client.get(ME_URL, headers={"Authorization": f"Basic {token}"}))
    assert_unauthorized(client.get(ME_URL, headers={"Authorization": token}))
    assert_unauthorized(client.get(ME_URL, headers={"Authorization": "Bearer "}))
    assert_unauthorized(client.get(ME_URL, headers={"Authorization": "Bearer"}))


def test_the_bearer_scheme_name_is_case_insensitive(client: TestClient, world: World) -> None:
    token = world.token("teacher_a1")

    response = client.get(ME_URL, headers={"Authorization": f"bearer {token}"})

    assert response.status_code == 200, response.text


@pytest.mark.parametrize(
    "token",
    [
        "not-a-token",
        "a.b",
        "a.b.c",
        "...",
        "a.b.c.d.e",
        "eyJhbGciOiJIUzI1NiJ9",
        # Well-formed base64url, but the header is JSON that is not an object.
        f"{b64url_json([])}.{b64url_json({})}.",
        f"{b64url_json('HS256')}.{b64url_json({})}.",
        # A header that is not JSON, and one that is not UTF-8.
        f"{b64url(b'{not json')}.{b64url_json({})}.",
        f"{b64url(bytes([0xFF, 0xFE, 0xFD]))}.{b64url_json({})}.",
        # A header naming HS256 with a payload that is not JSON.
        f"{b64url_json({'alg': 'HS256', 'typ': 'JWT'})}.{b64url(b'garbage')}.{b64url(b'sig')}",
    ],
    ids=[
        "no-dots",
        "two-parts",
        "junk-parts",
        "empty-parts",
        "five-parts",
        "header-only",
        "header-is-a-list",
        "header-is-a-string",
        "header-not-json",
        "header-not-utf8",
        "payload-not-json",
    ],
)
def test_a_malformed_token_is_refused(client: TestClient, token: str) -> None:
    assert_unauthorized(me(client, token))


def test_a_tampered_payload_is_refused(client: TestClient, world: World) -> None:
    """A teacher's token rewritten to name the platform admin keeps the teacher's signature."""
    header, _payload, signature = world.token("teacher_a1").split(".")
    forged_claims = access_claims(user_subject(world, "platform_admin"))

    assert_unauthorized(me(client, f"{header}.{b64url_json(forged_claims)}.{signature}"))


def test_a_token_with_its_signature_stripped_is_refused(client: TestClient, world: World) -> None:
    header, payload, _signature = world.token("teacher_a1").split(".")

    assert_unauthorized(me(client, f"{header}.{payload}."))


def test_a_token_signed_with_a_different_key_is_refused(client: TestClient, world: World) -> None:
    other_key = secrets.token_urlsafe(48)

    assert_unauthorized(me(client, sign(access_claims(user_subject(world)), key=other_key)))


def test_an_expired_token_is_refused(client: TestClient, world: World) -> None:
    now = int(time.time())
    claims = access_claims(user_subject(world), iat=now - 20 * 60, exp=now - 5 * 60)

    body = assert_unauthorized(me(client, sign(claims)))

    assert "expired" in body["detail"]


def test_a_token_that_expired_a_second_ago_is_refused(client: TestClient, world: World) -> None:
    now = int(time.time())
    claims = access_claims(user_subject(world), iat=now - 15 * 60, exp=now - 2)

    assert_unauthorized(me(client, sign(claims)))


@pytest.mark.parametrize("alg", ["none", "None", "NONE", "nOnE"])
def test_an_unsigned_alg_none_token_is_refused(client: TestClient, world: World, alg: str) -> None:
    token = unsigned_token(access_claims(user_subject(world, "platform_admin")), alg=alg)

    assert_unauthorized(me(client, token))


def test_a_valid_token_relabelled_alg_none_is_refused(client: TestClient, world: World) -> None:
    _header, payload, signature = world.token("teacher_a1").split(".")
    none_header = b64url_json({"alg": "none", "typ": "JWT"})

    assert_unauthorized(me(client, f"{none_header}.{payload}.{signature}"))
    assert_unauthorized(me(client, f"{none_header}.{payload}."))


def test_a_token_whose_header_names_no_algorithm_is_refused(
    client: TestClient, world: World
) -> None:
    header, payload, signature = world.token("teacher_a1").split(".")
    fields = b64url_decode_json(header)
    del fields["alg"]

    assert_unauthorized(me(client, f"{b64url_json(fields)}.{payload}.{signature}"))


@pytest.mark.parametrize("algorithm", ["HS384", "HS512"])
def test_another_hmac_algorithm_with_the_right_key_is_refused(
    client: TestClient, world: World, algorithm: str
) -> None:
    token = sign(access_claims(user_subject(world)), algorithm=algorithm)

    assert_unauthorized(me(client, token))


def test_an_rs256_token_signed_with_a_fresh_rsa_key_is_refused(
    client: TestClient, world: World
) -> None:
    private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private_key.private_bytes(
        encoding=serialization.Encoding.PEM,
        format=serialization.PrivateFormat.PKCS8,
        encryption_algorithm=serialization.NoEncryption(),
    ).decode()

    token = sign(access_claims(user_subject(world, "platform_admin")), key=pem, algorithm="RS256")

    assert_unauthorized(me(client, token))


def test_a_token_for_another_audience_is_refused(client: TestClient, world: World) -> None:
    claims = access_claims(user_subject(world), aud="some-other-api")

    assert_unauthorized(me(client, sign(claims)))


def test_a_token_without_an_audience_is_refused(client: TestClient, world: World) -> None:
    """Access tokens are minted for the audience `termwise-api`; one naming no audience at all
    was not minted as a Termwise access token and must not be taken for one."""
    claims = without(access_claims(user_subject(world)), "aud")

    assert_unauthorized(me(client, sign(claims)))


def test_a_token_from_another_issuer_is_refused(client: TestClient, world: World) -> None:
    claims = access_claims(user_subject(world), iss="someone-else")

    assert_unauthorized(me(client, sign(claims)))


@pytest.mark.parametrize("claim", ["exp", "sub", "iat", "iss"])
def test_a_token_missing_a_required_claim_is_refused(
    client: TestClient, world: World, claim: str
) -> None:
    claims = without(access_claims(user_subject(world)), claim)

    assert_unauthorized(me(client, sign(claims)))


def test_a_refresh_type_token_is_refused(client: TestClient, world: World) -> None:
    claims = access_claims(user_subject(world), typ="refresh")

    assert_unauthorized(me(client, sign(claims)))


def test_a_token_without_a_type_is_refused(client: TestClient, world: World) -> None:
    claims = without(access_claims(user_subject(world)), "typ")

    assert_unauthorized(me(client, sign(claims)))


@pytest.mark.parametrize(
    "subject",
    ["user:999999", "client:999999", "system:1", "admin:1", "user:", "user:abc", "user:-1", "1"],
)
def test_a_token_whose_subject_names_nobody_is_refused(client: TestClient, subject: str) -> None:
    assert_unauthorized(me(client, sign(access_claims(subject))))


def test_a_token_whose_subject_is_not_a_string_is_refused(client: TestClient, world: World) -> None:
    claims = access_claims(user_subject(world), sub=world.users["teacher_a1"])

    assert_unauthorized(me(client, sign(claims)))


def test_a_token_for_a_user_disabled_since_it_was_issued_is_refused(
    client: TestClient, world: World, db: Session
) -> None:
    token = world.token("teacher_a1")
    assert me(client, token).status_code == 200
    user = db.get(User, world.users["teacher_a1"])
    assert user is not None
    user.is_active = False
    db.flush()

    assert_unauthorized(me(client, token))


def test_a_token_for_a_user_deleted_since_it_was_issued_is_refused(
    client: TestClient, world: World, db: Session
) -> None:
    token = world.token("governor_a1")
    assert me(client, token).status_code == 200
    user = db.get(User, world.users["governor_a1"])
    assert user is not None
    db.delete(user)
    db.flush()

    assert_unauthorized(me(client, token))


def test_a_token_for_an_inactive_user_is_refused(client: TestClient, world: World) -> None:
    assert_unauthorized(me(client, world.token("disabled_a1")))


def test_a_token_for_a_client_deactivated_since_it_was_issued_is_refused(
    client: TestClient, world: World, db: Session
) -> None:
    token = world.token("dashboard_a")
    assert me(client, token).status_code == 200
    api_client = db.get(ApiClient, world.clients["dashboard_a"])
    assert api_client is not None
    api_client.is_active = False
    db.flush()

    assert_unauthorized(me(client, token))
