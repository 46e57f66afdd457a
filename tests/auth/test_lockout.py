"""Repeated failed sign-ins lock the address, known or not, for a while."""

from __future__ import annotations

import threading
import uuid
from datetime import timedelta

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from termwise import security
from termwise.audit.models import AuditEvent
from termwise.auth import service
from termwise.auth.models import SignInThrottle
from termwise.config import Settings
from termwise.db import utcnow
from termwise.errors import InvalidGrant
from termwise.main import create_app
from tests.auth.conftest import LOCK_MINUTES, MAX_FAILURES
from tests.auth.support import (
    TEST_ADDRESS,
    UNKNOWN_EMAIL,
    assert_invalid_grant,
    password_grant,
    refresh_token_count,
    throttle,
    tokens,
)
from tests.helpers import assert_problem
from tests.world import World

WRONG = "definitely-not-the-password"


def fail(client: TestClient, email: str, times: int) -> None:
    for attempt in range(times):
        response = password_grant(client, email, WRONG)
        assert response.status_code == 400, (attempt, response.text)
        assert_invalid_grant(response)


def assert_locked(response: httpx.Response) -> str:
    body = assert_problem(response, 429)
    retry_after = int(response.headers["retry-after"])
    # Every lock in these tests is seconds old: the wait is about the whole lock.
    assert (LOCK_MINUTES - 1) * 60 < retry_after <= LOCK_MINUTES * 60
    assert "access_token" not in body
    detail: str = body["detail"]
    return detail


def test_after_max_failures_the_address_is_locked_even_for_the_right_password(
    lockout_client: TestClient, world: World, db: Session
) -> None:
    email = world.emails["head_a1"]
    fail(lockout_client, email, MAX_FAILURES)

    assert_locked(password_grant(lockout_client, email))

    assert refresh_token_count(db, world.users["head_a1"]) == 0


def test_one_failure_short_of_the_limit_the_right_password_still_works(
    lockout_client: TestClient, world: World
) -> None:
    email = world.emails["head_a1"]
    fail(lockout_client, email, MAX_FAILURES - 1)

    tokens(password_grant(lockout_client, email))


def test_an_unknown_address_is_locked_exactly_as_a_known_one_is(
    lockout_client: TestClient, world: World
) -> None:
    fail(lockout_client, UNKNOWN_EMAIL, MAX_FAILURES)
    fail(lockout_client, world.emails["head_a1"], MAX_FAILURES)

    unknown = password_grant(lockout_client, UNKNOWN_EMAIL)
    known = password_grant(lockout_client, world.emails["head_a1"])

    assert assert_locked(unknown) == assert_locked(known)
    assert unknown.json() == known.json()


def test_failures_count_against_the_address_whatever_its_case(
    lockout_client: TestClient, world: World
) -> None:
    email = world.emails["head_a1"]
    for variant in (email, email.upper(), f" {email.title()} ")[:MAX_FAILURES]:
        assert_invalid_grant(password_grant(lockout_client, variant, WRONG))

    assert_locked(password_grant(lockout_client, email))


def test_a_success_before_the_limit_resets_the_count(
    lockout_client: TestClient, world: World, db: Session
) -> None:
    email = world.emails["head_a1"]
    fail(lockout_client, email, MAX_FAILURES - 1)

    tokens(password_grant(lockout_client, email))
    assert throttle(db, email) is None

    # Without the reset these would reach the limit and lock the address.
    fail(lockout_client, email, MAX_FAILURES - 1)
    tokens(password_grant(lockout_client, email))


def test_nothing_is_written_while_locked(
    lockout_client: TestClient, world: World, db: Session
) -> None:
    email = world.emails["head_a1"]
    fail(lockout_client, email, MAX_FAILURES)
    locked = throttle(db, email)
    assert locked is not None and locked.locked_until is not None
    failures, locked_until = locked.failures, locked.locked_until
    tokens_before = refresh_token_count(db)
    audit_before = db.scalar(select(func.count()).select_from(AuditEvent))

    assert_locked(password_grant(lockout_client, email))
    assert_locked(password_grant(lockout_client, email, WRONG))

    after = throttle(db, email)
    assert after is not None
    assert (after.failures, after.locked_until) == (failures, locked_until)
    assert refresh_token_count(db) == tokens_before
    assert db.scalar(select(func.count()).select_from(AuditEvent)) == audit_before


def test_locking_one_address_leaves_other_addresses_alone(
    lockout_client: TestClient, world: World
) -> None:
    fail(lockout_client, world.emails["head_a1"], MAX_FAILURES)

    tokens(password_grant(lockout_client, world.emails["teacher_a1"]))


def test_when_the_lock_runs_out_the_right_password_works_and_clears_the_record(
    lockout_client: TestClient, world: World, db: Session
) -> None:
    email = world.emails["head_a1"]
    fail(lockout_client, email, MAX_FAILURES)
    row = db.get(SignInThrottle, (email, TEST_ADDRESS))
    assert row is not None
    row.locked_until = utcnow() - timedelta(seconds=1)
    db.flush()

    tokens(password_grant(lockout_client, email))

    assert throttle(db, email) is None


def test_a_failure_after_the_lock_ran_out_starts_a_fresh_count(
    lockout_client: TestClient, world: World, db: Session
) -> None:
    email = world.emails["head_a1"]
    fail(lockout_client, email, MAX_FAILURES)
    row = db.get(SignInThrottle, (email, TEST_ADDRESS))
    assert row is not None
    row.locked_until = utcnow() - timedelta(seconds=1)
    db.flush()

    fail(lockout_client, email, 1)

    after = throttle(db, email)
    assert after is not None
    assert after.failures == 1 and after.locked_until is None
    tokens(password_grant(lockout_client, email))


def test_the_default_app_locks_after_its_configured_number_of_failures(
    client: TestClient, world: World, settings: Settings
) -> None:
    email = world.emails["head_a1"]
    fail(client, email, settings.sign_in_max_failures)

    assert_problem(password_grant(client, email), 429)


def test_two_first_failures_for_an_address_at_the_same_time_are_both_counted(
    database_kind: str, engine: Engine, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two wrong passwords for an address with no failures yet, the second arriving while the
    first is being checked, must both be refused with a 401 and count as two failures.

    The first request pauses in its password check until the second has finished (or, should
    the second be waiting on a lock the first holds, for a few seconds). Both commit for real on
    their own connections, as two requests do, so the row is removed afterwards.
    """
    if database_kind != "postgres":
        pytest.skip("SQLite runs one writer at a time: two sign-ins cannot interleave like this")
    email = f"race-{uuid.uuid4().hex[:12]}@tests.example"
    address = f"race-{uuid.uuid4().hex[:12]}"
    real_verify = security.verify_password
    second_done = threading.Event()
    second_outcome: list[BaseException | None] = []

    def second_request() -> None:
        try:
            with Session(engine) as session, pytest.raises(InvalidGrant):
                service.sign_in(session, settings, email, WRONG, address)
            second_outcome.append(None)
        except BaseException as exc:
            second_outcome.append(exc)
        finally:
            second_done.set()

    second = threading.Thread(target=second_request)

    def verify_while_a_second_request_runs(password: str, password_hash: str | None) -> bool:
        monkeypatch.setattr(security, "verify_password", real_verify)
        second.start()
        second_done.wait(timeout=3)
        return real_verify(password, password_hash)

    monkeypatch.setattr(security, "verify_password", verify_while_a_second_request_runs)
    try:
        with Session(engine) as session, pytest.raises(InvalidGrant):
            service.sign_in(session, settings, email, WRONG, address)
        second.join(timeout=10)
        assert second_outcome == [None]
        with Session(engine) as session:
            row = session.get(SignInThrottle, (email, address))
            assert row is not None and row.failures == 2
    finally:
        second.join(timeout=10)
        with Session(engine) as cleanup:
            cleanup.execute(delete(SignInThrottle).where(SignInThrottle.address == address))
            cleanup.commit()


def client_from(lockout_client: TestClient, address: str) -> TestClient:
    """A second client of the same app, whose requests come from another network address."""
    return TestClient(lockout_client.app, client=(address, 50000))


def test_a_stranger_failing_from_another_address_does_not_lock_the_owner_out(
    lockout_client: TestClient, world: World
) -> None:
    email = world.emails["head_a1"]
    stranger = client_from(lockout_client, "203.0.113.9")
    fail(stranger, email, MAX_FAILURES)
    assert_locked(password_grant(stranger, email))

    # The owner, at school, signs in as ever.
    tokens(password_grant(lockout_client, email))


def test_one_address_failing_across_many_accounts_is_slowed_for_every_account(
    lockout_settings: Settings,
    engine: Engine,
    session_factory: sessionmaker[Session],
    world: World,
) -> None:
    settings = lockout_settings.model_copy(update={"sign_in_address_max_failures": 4})
    app = create_app(settings, engine=engine, session_factory=session_factory)
    with TestClient(app, client=("198.51.100.7", 50000)) as sprayer:
        for n in range(4):  # one failure each: no single account comes near its own limit
            fail(sprayer, f"guess-{n}@tests.example", 1)

        # The address is now refused, even for an account it never tried, right password too.
        detail = assert_locked(password_grant(sprayer, world.emails["governor_a1"]))
        assert "from your address" in detail
        with TestClient(app, client=("198.51.100.8", 50000)) as elsewhere:
            tokens(password_grant(elsewhere, world.emails["governor_a1"]))


def test_behind_a_trusted_proxy_the_forwarded_address_is_the_one_counted(
    lockout_settings: Settings,
    engine: Engine,
    session_factory: sessionmaker[Session],
    world: World,
    db: Session,
) -> None:
    settings = lockout_settings.model_copy(update={"trusted_proxies": ["10.0.0.5"]})
    app = create_app(settings, engine=engine, session_factory=session_factory)
    email = world.emails["head_a1"]
    with TestClient(app, client=("10.0.0.5", 50000)) as proxy:
        forwarded = {"X-Forwarded-For": "192.0.2.44, 10.0.0.5"}
        response = proxy.post(
            "/api/v1/auth/token",
            data={"grant_type": "password", "username": email, "password": WRONG},
            headers=forwarded,
        )
        assert_invalid_grant(response)
    assert throttle(db, email, "192.0.2.44") is not None
    assert throttle(db, email, "10.0.0.5") is None


def test_an_untrusted_peer_cannot_choose_its_address_with_a_forwarded_header(
    lockout_client: TestClient, world: World, db: Session
) -> None:
    email = world.emails["head_a1"]
    for n in range(MAX_FAILURES):
        response = lockout_client.post(
            "/api/v1/auth/token",
            data={"grant_type": "password", "username": email, "password": WRONG},
            headers={"X-Forwarded-For": f"192.0.2.{n}"},
        )
        assert_invalid_grant(response)

    assert_locked(password_grant(lockout_client, email))
    assert throttle(db, email, "192.0.2.0") is None
