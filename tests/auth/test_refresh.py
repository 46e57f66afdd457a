"""Refresh-token rotation, reuse detection and sign-out."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from termwise.auth.models import RefreshToken, User
from termwise.config import Settings
from termwise.db import utcnow
from termwise.main import create_app
from tests.auth.support import (
    TOKEN_URL,
    assert_invalid_grant,
    family_rows,
    me,
    password_grant,
    refresh_grant,
    refresh_token_count,
    sign_out,
    stored_refresh_token,
    tokens,
)
from tests.helpers import assert_problem
from tests.world import World


def signed_in(client: TestClient, world: World, who: str = "head_a1") -> dict[str, Any]:
    return tokens(password_grant(client, world.emails[who]))


def test_the_refresh_grant_returns_a_new_pair_and_marks_the_old_token_replaced(
    client: TestClient, world: World, db: Session
) -> None:
    first = signed_in(client, world)

    second = tokens(refresh_grant(client, first["refresh_token"]))

    assert second["refresh_token"] and second["refresh_token"] != first["refresh_token"]
    assert second["access_token"] != first["access_token"]
    old = stored_refresh_token(db, first["refresh_token"])
    new = stored_refresh_token(db, second["refresh_token"])
    assert old.replaced_at is not None and old.revoked_at is None
    assert new.replaced_at is None and new.revoked_at is None
    assert new.family == old.family
    assert new.user_id == old.user_id == world.users["head_a1"]
    caller = me(client, second["access_token"])
    assert caller.status_code == 200, caller.text
    assert caller.json()["id"] == world.users["head_a1"]


def test_the_rotated_refresh_token_can_itself_be_rotated(client: TestClient, world: World) -> None:
    first = signed_in(client, world)
    second = tokens(refresh_grant(client, first["refresh_token"]))

    third = tokens(refresh_grant(client, second["refresh_token"]))

    assert third["refresh_token"] not in (first["refresh_token"], second["refresh_token"])


def rotated_long_ago(db: Session, secret: str) -> None:
    """Moves a rotation back past the grace period in which a second tab may still use it."""
    row = stored_refresh_token(db, secret)
    assert row.replaced_at is not None
    row.replaced_at = utcnow() - timedelta(minutes=1)
    db.flush()


def test_reusing_a_replaced_refresh_token_is_refused_and_revokes_the_whole_family(
    client: TestClient, world: World, db: Session
) -> None:
    first = signed_in(client, world)
    second = tokens(refresh_grant(client, first["refresh_token"]))
    rotated_long_ago(db, first["refresh_token"])

    assert_invalid_grant(refresh_grant(client, first["refresh_token"]))

    # The newest token of the rotation is dead too: whoever holds it must sign in again.
    assert_invalid_grant(refresh_grant(client, second["refresh_token"]))
    family = stored_refresh_token(db, first["refresh_token"]).family
    rows = family_rows(db, family)
    assert len(rows) == 2
    assert all(row.revoked_at is not None for row in rows)


def test_reuse_ends_only_the_family_it_belongs_to(
    client: TestClient, world: World, db: Session
) -> None:
    laptop = signed_in(client, world)
    phone = signed_in(client, world)
    tokens(refresh_grant(client, laptop["refresh_token"]))
    rotated_long_ago(db, laptop["refresh_token"])

    assert_invalid_grant(refresh_grant(client, laptop["refresh_token"]))

    tokens(refresh_grant(client, phone["refresh_token"]))


def test_two_tabs_refreshing_at_once_both_get_the_same_successor_and_the_session_goes_on(
    client: TestClient, world: World, db: Session
) -> None:
    first = signed_in(client, world)
    tab_one = tokens(refresh_grant(client, first["refresh_token"]))

    tab_two = tokens(refresh_grant(client, first["refresh_token"]))

    assert tab_two["refresh_token"] == tab_one["refresh_token"]
    assert me(client, tab_two["access_token"]).status_code == 200
    # One successor was issued, and the session continues from it.
    family = stored_refresh_token(db, first["refresh_token"]).family
    assert len(family_rows(db, family)) == 2
    tokens(refresh_grant(client, tab_one["refresh_token"]))


def test_a_token_reused_within_the_grace_period_after_its_successor_was_used_ends_the_session(
    client: TestClient, world: World, db: Session
) -> None:
    first = signed_in(client, world)
    second = tokens(refresh_grant(client, first["refresh_token"]))
    tokens(refresh_grant(client, second["refresh_token"]))

    # The successor has moved on: handing it out again would hand out a dead token.
    assert_invalid_grant(refresh_grant(client, first["refresh_token"]))
    family = stored_refresh_token(db, first["refresh_token"]).family
    assert all(row.revoked_at is not None for row in family_rows(db, family))


def test_with_no_grace_period_a_second_use_at_once_ends_the_session(
    world: World, db: Session, settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    strict = settings.model_copy(update={"refresh_reuse_grace_seconds": 0})
    with TestClient(create_app(strict, session_factory=session_factory)) as strict_client:
        first = signed_in(strict_client, world)
        tokens(refresh_grant(strict_client, first["refresh_token"]))
        db.expire_all()
        row = stored_refresh_token(db, first["refresh_token"])
        row.replaced_at = utcnow() - timedelta(seconds=1)
        db.flush()

        assert_invalid_grant(refresh_grant(strict_client, first["refresh_token"]))


def test_an_expired_refresh_token_is_refused(client: TestClient, world: World, db: Session) -> None:
    issued = signed_in(client, world)
    row = stored_refresh_token(db, issued["refresh_token"])
    row.expires_at = utcnow() - timedelta(seconds=1)
    db.flush()
    before = refresh_token_count(db)

    assert_invalid_grant(refresh_grant(client, issued["refresh_token"]))

    assert refresh_token_count(db) == before
    assert stored_refresh_token(db, issued["refresh_token"]).replaced_at is None


def test_a_revoked_refresh_token_is_refused(client: TestClient, world: World, db: Session) -> None:
    issued = signed_in(client, world)
    row = stored_refresh_token(db, issued["refresh_token"])
    row.revoked_at = utcnow()
    db.flush()
    before = refresh_token_count(db)

    assert_invalid_grant(refresh_grant(client, issued["refresh_token"]))

    assert refresh_token_count(db) == before


def test_an_unknown_refresh_token_is_refused(client: TestClient) -> None:
    assert_invalid_grant(refresh_grant(client, "this-token-was-never-issued-by-termwise"))


def test_an_access_token_is_not_accepted_as_a_refresh_token(
    client: TestClient, world: World
) -> None:
    issued = signed_in(client, world)

    # Longer than the form allows (422) or unknown (400): either way, no tokens.
    response = refresh_grant(client, issued["access_token"])

    assert response.status_code in (400, 422), response.text
    assert_problem(response, response.status_code)


def test_a_refresh_token_of_a_user_disabled_since_is_refused(
    client: TestClient, world: World, db: Session
) -> None:
    issued = signed_in(client, world, "teacher_a1")
    user = db.get(User, world.users["teacher_a1"])
    assert user is not None
    user.is_active = False
    db.flush()

    assert_invalid_grant(refresh_grant(client, issued["refresh_token"]))


def test_the_refresh_grant_without_a_refresh_token_is_a_400(client: TestClient) -> None:
    response = client.post(TOKEN_URL, data={"grant_type": "refresh_token"})

    body = assert_problem(response, 400)
    assert "refresh_token" in body["detail"]


def test_sign_out_revokes_the_family(client: TestClient, world: World, db: Session) -> None:
    first = signed_in(client, world)
    second = tokens(refresh_grant(client, first["refresh_token"]))

    response = sign_out(client, second["refresh_token"])

    assert response.status_code == 204, response.text
    assert response.content == b""
    assert_invalid_grant(refresh_grant(client, second["refresh_token"]))
    family = stored_refresh_token(db, second["refresh_token"]).family
    assert all(row.revoked_at is not None for row in family_rows(db, family))


def test_sign_out_with_an_earlier_token_of_the_family_ends_the_latest_too(
    client: TestClient, world: World
) -> None:
    first = signed_in(client, world)
    second = tokens(refresh_grant(client, first["refresh_token"]))

    assert sign_out(client, first["refresh_token"]).status_code == 204

    assert_invalid_grant(refresh_grant(client, second["refresh_token"]))


def test_sign_out_leaves_the_users_other_sessions_alone(client: TestClient, world: World) -> None:
    laptop = signed_in(client, world)
    phone = signed_in(client, world)

    assert sign_out(client, laptop["refresh_token"]).status_code == 204

    tokens(refresh_grant(client, phone["refresh_token"]))


def test_sign_out_of_an_unknown_token_still_returns_204_and_changes_nothing(
    client: TestClient, world: World, db: Session
) -> None:
    issued = signed_in(client, world)

    response = sign_out(client, "this-token-was-never-issued-by-termwise")

    assert response.status_code == 204, response.text
    row = stored_refresh_token(db, issued["refresh_token"])
    assert row.revoked_at is None
    tokens(refresh_grant(client, issued["refresh_token"]))


def test_signing_out_twice_is_harmless(client: TestClient, world: World) -> None:
    issued = signed_in(client, world)

    assert sign_out(client, issued["refresh_token"]).status_code == 204
    assert sign_out(client, issued["refresh_token"]).status_code == 204


def test_a_revoked_token_is_not_revived_by_being_presented_again(
    client: TestClient, world: World, db: Session
) -> None:
    issued = signed_in(client, world)
    assert sign_out(client, issued["refresh_token"]).status_code == 204
    revoked_at = stored_refresh_token(db, issued["refresh_token"]).revoked_at

    assert_invalid_grant(refresh_grant(client, issued["refresh_token"]))

    row: RefreshToken = stored_refresh_token(db, issued["refresh_token"])
    assert row.revoked_at == revoked_at and row.replaced_at is None
