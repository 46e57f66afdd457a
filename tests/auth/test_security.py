"""The security module on its own: password hashing, password strength, token signing."""

from __future__ import annotations

from datetime import timedelta

import pytest

from termwise import security
from tests.world import TEST_KEY

GOOD_PASSWORD = "violet-quarry-lantern-48"


def test_hash_password_and_verify_password_round_trip() -> None:
    password_hash = security.hash_password(GOOD_PASSWORD)

    assert password_hash != GOOD_PASSWORD
    assert password_hash.startswith("$argon2")
    assert security.verify_password(GOOD_PASSWORD, password_hash) is True


def test_verify_password_refuses_a_different_password() -> None:
    password_hash = security.hash_password(GOOD_PASSWORD)

    assert security.verify_password(GOOD_PASSWORD + "x", password_hash) is False
    assert security.verify_password(GOOD_PASSWORD.upper(), password_hash) is False
    assert security.verify_password("", password_hash) is False


def test_the_same_password_hashes_differently_each_time() -> None:
    first = security.hash_password(GOOD_PASSWORD)
    second = security.hash_password(GOOD_PASSWORD)

    assert first != second
    assert security.verify_password(GOOD_PASSWORD, first)
    assert security.verify_password(GOOD_PASSWORD, second)


@pytest.mark.parametrize("password_hash", [None, "", "not-a-hash", "$argon2id$v=19$broken"])
def test_verify_password_refuses_a_missing_or_broken_hash(password_hash: str | None) -> None:
    assert security.verify_password(GOOD_PASSWORD, password_hash) is False


def test_a_long_unusual_password_is_acceptable() -> None:
    assert security.password_weakness(GOOD_PASSWORD, "head.a1@tests.example") is None
    assert security.password_weakness("x" * 3 + "abcdefghij") is None


@pytest.mark.parametrize("password", ["", "short", "elevenchars", "Tr0ub4dor&3"])
def test_password_weakness_refuses_short_passwords(password: str) -> None:
    assert len(password) < security.MIN_PASSWORD_LENGTH

    reason = security.password_weakness(password)

    assert reason is not None and str(security.MIN_PASSWORD_LENGTH) in reason


def test_twelve_characters_is_long_enough() -> None:
    assert security.password_weakness("kx7-Qm2p!vz9") is None


@pytest.mark.parametrize(
    "password",
    ["password1234", "Password1234", "PASSWORDPASSWORD", "123456789012", "administrator"],
)
def test_password_weakness_refuses_common_passwords(password: str) -> None:
    assert security.password_weakness(password) == "is too easy to guess"


@pytest.mark.parametrize("password", ["aaaaaaaaaaaaaaaa", "abababababababab", "abcdabcdabcdabcd"])
def test_password_weakness_refuses_passwords_of_too_few_different_characters(
    password: str,
) -> None:
    assert security.password_weakness(password) == "is too easy to guess"


@pytest.mark.parametrize(
    "password",
    ["head.a1-winter-2026", "my-HEAD.A1-password", "xx-Head.A1-xx-lantern"],
)
def test_password_weakness_refuses_a_password_containing_the_email(password: str) -> None:
    reason = security.password_weakness(password, "head.a1@tests.example")

    assert reason == "must not contain the e-mail address"


def test_the_same_password_is_fine_for_someone_else() -> None:
    assert security.password_weakness("head.a1-winter-2026", "governor.a1@tests.example") is None


def test_an_access_token_round_trips_through_sign_and_verify() -> None:
    token, expires_at = security.sign_access_token("user:7", TEST_KEY, timedelta(minutes=5))

    claims = security.verify_access_token(token, TEST_KEY)

    assert claims.subject == "user:7"
    assert claims.expires_at == expires_at.replace(microsecond=0)
    assert claims.token_id


def test_verify_access_token_refuses_a_token_signed_with_another_key() -> None:
    token, _ = security.sign_access_token("user:7", TEST_KEY, timedelta(minutes=5))

    with pytest.raises(security.InvalidToken):
        security.verify_access_token(token, TEST_KEY + "-other")


def test_verify_access_token_refuses_a_token_that_has_expired() -> None:
    token, _ = security.sign_access_token("user:7", TEST_KEY, timedelta(minutes=-1))

    with pytest.raises(security.InvalidToken):
        security.verify_access_token(token, TEST_KEY)


def test_secret_digests_match_only_their_own_secret() -> None:
    secret = security.new_secret()
    digest = security.secret_digest(secret)

    assert secret not in digest
    assert security.secret_matches(secret, digest)
    assert not security.secret_matches(security.new_secret(), digest)
    assert security.new_secret() != secret
