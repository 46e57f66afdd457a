"""Signing in with a school account through a real OpenID provider on loopback."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from termwise.auth.models import RoleAssignment, User
from termwise.oidc.models import IdentityProvider, OidcSignIn
from tests.auth.support import tokens
from tests.helpers import assert_problem
from tests.oidc_sign_in.conftest import (
    CALLBACK,
    CLIENT_ID,
    CLIENT_SECRET,
    sign_in_at_provider,
    start_provider,
    stop_provider,
)
from tests.world import World


def register(client: TestClient, world: World, issuer: str, **overrides: Any) -> dict[str, Any]:
    body = {
        "display_name": "Test Workspace",
        "issuer": issuer,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "allowed_domains": ["tests.example"],
    } | overrides
    response = client.post(
        f"/api/v1/trusts/{world.trusts['a']}/identity-providers",
        json=body,
        headers=world.headers("trust_leader_a"),
    )
    assert response.status_code == 201, response.text
    registered: dict[str, Any] = response.json()
    return registered


def start(client: TestClient, provider_id: int, **body: Any) -> str:
    response = client.post(
        f"/api/v1/auth/oidc/{provider_id}/start", json={"redirect_uri": CALLBACK} | body
    )
    assert response.status_code == 200, response.text
    url: str = response.json()["authorization_url"]
    return url


def finish(client: TestClient, code: str, state: str) -> Any:
    return client.post("/api/v1/auth/oidc/callback", json={"code": code, "state": state})


def test_a_head_teacher_signs_in_with_their_school_account(
    client: TestClient, world: World, issuer: str
) -> None:
    provider = register(client, world, issuer)
    offered = client.get("/api/v1/auth/oidc/providers").json()
    assert {
        "id": provider["id"],
        "display_name": "Test Workspace",
        "trust_name": "Ashdown Learning Trust",
    } in offered

    url = start(client, provider["id"])
    assert "code_challenge_method=S256" in url and "nonce=" in url
    code, state = sign_in_at_provider(url, world.emails["head_a1"])
    signed_in = tokens(finish(client, code, state))

    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {signed_in['access_token']}"})
    assert me.json()["id"] == world.users["head_a1"]
    assert signed_in["refresh_token"]


def test_the_secret_is_stored_encrypted_and_never_returned(
    client: TestClient, world: World, issuer: str, db: Session
) -> None:
    provider = register(client, world, issuer)
    assert "client_secret" not in provider
    row = db.get(IdentityProvider, provider["id"])
    assert row is not None and CLIENT_SECRET not in row.client_secret_encrypted


def test_a_state_used_once_or_never_issued_is_refused(
    client: TestClient, world: World, issuer: str
) -> None:
    provider = register(client, world, issuer)
    code, state = sign_in_at_provider(start(client, provider["id"]), world.emails["head_a1"])
    tokens(finish(client, code, state))

    body = assert_problem(finish(client, code, state), 400)
    assert body["errors"][0]["pointer"] == "/state"
    assert_problem(finish(client, code, "a-state-we-never-issued"), 400)


def test_an_id_token_whose_nonce_differs_is_refused(
    client: TestClient, world: World, issuer: str, db: Session
) -> None:
    provider = register(client, world, issuer)
    code, state = sign_in_at_provider(start(client, provider["id"]), world.emails["head_a1"])
    pending = db.scalars(select(OidcSignIn).order_by(OidcSignIn.id.desc())).first()
    assert pending is not None
    pending.nonce = "another-sign-ins-nonce"
    db.flush()

    body = assert_problem(finish(client, code, state), 401)
    assert "nonce" in body["detail"]


def test_an_id_token_for_another_audience_is_refused(
    client: TestClient, world: World, issuer: str, db: Session
) -> None:
    provider = register(client, world, issuer)
    code, state = sign_in_at_provider(start(client, provider["id"]), world.emails["head_a1"])
    # The provider issues to "termwise"; a registration under another client id must not accept it.
    row = db.get(IdentityProvider, provider["id"])
    assert row is not None
    row.client_id = "someone-else"
    db.flush()

    assert_problem(finish(client, code, state), 401)


def test_an_issuer_that_does_not_name_itself_so_is_refused_at_registration(
    client: TestClient, world: World, issuer: str
) -> None:
    response = client.post(
        f"/api/v1/trusts/{world.trusts['a']}/identity-providers",
        json={
            "display_name": "Impostor",
            "issuer": issuer + "/",
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "allowed_domains": ["tests.example"],
        },
        headers=world.headers("trust_leader_a"),
    )
    body = assert_problem(response, 422)
    assert body["errors"][0]["pointer"] == "/issuer"


def test_an_id_token_checked_against_another_issuer_is_refused(
    client: TestClient, world: World, issuer: str, db: Session
) -> None:
    provider = register(client, world, issuer)
    code, state = sign_in_at_provider(start(client, provider["id"]), world.emails["head_a1"])
    row = db.get(IdentityProvider, provider["id"])
    assert row is not None
    # A second provider on another port: its keys and name are not those that signed the token.
    other, other_issuer = start_provider()
    try:
        row.issuer = other_issuer
        db.flush()
        assert_problem(finish(client, code, state), 401)
    finally:
        stop_provider(other)


@pytest.mark.parametrize(
    ("login", "status", "words"),
    [
        ("unverified", 401, "not verified"),
        ("foreign", 403, "not in a domain"),
        ("nobody.here@tests.example", 403, "ask your school for an invitation"),
    ],
)
def test_an_unverified_e_mail_a_foreign_domain_or_no_account_is_refused(
    client: TestClient, world: World, issuer: str, login: str, status: int, words: str
) -> None:
    provider = register(
        client, world, issuer, allowed_domains=["tests.example", "larkspur.example"]
    )
    code, state = sign_in_at_provider(start(client, provider["id"]), login)

    body = assert_problem(finish(client, code, state), status)
    assert words in body["detail"]


def test_a_deactivated_account_cannot_sign_in_with_its_school_account(
    client: TestClient, world: World, issuer: str
) -> None:
    provider = register(client, world, issuer)
    code, state = sign_in_at_provider(start(client, provider["id"]), world.emails["disabled_a1"])
    assert_problem(finish(client, code, state), 403)


def test_an_invited_person_accepts_by_signing_in_with_their_school_account(
    client: TestClient, world: World, issuer: str, db: Session
) -> None:
    provider = register(client, world, issuer)
    link = client.post(
        "/api/v1/invitations",
        json={
            "email": "new.head@tests.example",
            "full_name": "New Head",
            "role": "senior_leader",
            "school_id": world.schools["a1"],
        },
        headers=world.headers("head_a1"),
    ).json()["link"]
    invitation = link.rsplit("/", 1)[1]

    url = start(client, provider["id"], invitation_token=invitation)
    code, state = sign_in_at_provider(url, "new.head@tests.example")
    tokens(finish(client, code, state))

    user = db.scalar(select(User).where(User.email == "new.head@tests.example"))
    assert user is not None and user.password_hash is None
    roles = db.scalars(select(RoleAssignment.role).where(RoleAssignment.user_id == user.id)).all()
    assert [r.value for r in roles] == ["senior_leader"]


def test_a_redirect_elsewhere_is_refused(client: TestClient, world: World, issuer: str) -> None:
    provider = register(client, world, issuer)
    response = client.post(
        f"/api/v1/auth/oidc/{provider['id']}/start",
        json={"redirect_uri": "https://attacker.example/sign-in/callback"},
    )
    body = assert_problem(response, 422)
    assert body["errors"][0]["pointer"] == "/redirect_uri"


def test_only_the_trusts_leaders_register_a_provider(
    client: TestClient, world: World, issuer: str
) -> None:
    response = client.post(
        f"/api/v1/trusts/{world.trusts['a']}/identity-providers",
        json={
            "display_name": "Mine",
            "issuer": issuer,
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "allowed_domains": ["tests.example"],
        },
        headers=world.headers("head_a1"),
    )
    assert_problem(response, 403)


def _edit(client: TestClient, world: World, provider_id: int, etag: str | None, **body: Any) -> Any:
    headers = world.headers("trust_leader_a") | ({"If-Match": etag} if etag else {})
    return client.patch(f"/api/v1/identity-providers/{provider_id}", json=body, headers=headers)


def _etag(client: TestClient, world: World, provider_id: int) -> str:
    read = client.get(
        f"/api/v1/identity-providers/{provider_id}", headers=world.headers("trust_leader_a")
    )
    assert read.status_code == 200, read.text
    return read.headers["ETag"]


def test_a_paused_provider_is_not_offered_and_cannot_be_started_until_turned_back_on(
    client: TestClient, world: World, issuer: str
) -> None:
    provider = register(client, world, issuer)
    paused = _edit(client, world, provider["id"], _etag(client, world, provider["id"]),
                   is_enabled=False)  # fmt: skip
    assert paused.status_code == 200 and paused.json()["is_enabled"] is False
    offered = client.get("/api/v1/auth/oidc/providers").json()
    assert provider["id"] not in [p["id"] for p in offered]
    refused = client.post(
        f"/api/v1/auth/oidc/{provider['id']}/start", json={"redirect_uri": CALLBACK}
    )
    assert refused.status_code == 404
    resumed = _edit(client, world, provider["id"], paused.headers["ETag"], is_enabled=True)
    assert resumed.status_code == 200
    code, state = sign_in_at_provider(start(client, provider["id"]), world.emails["head_a1"])
    assert finish(client, code, state).status_code == 200


def test_a_replaced_secret_is_the_one_the_code_exchange_sends(
    client: TestClient, world: World, issuer: str
) -> None:
    """The provider on loopback knows only the real secret: registered with a wrong one, the
    sign-in fails at the code exchange; with the secret replaced, it succeeds."""
    provider = register(client, world, issuer, client_secret="an-expired-secret")
    code, state = sign_in_at_provider(start(client, provider["id"]), world.emails["head_a1"])
    assert finish(client, code, state).status_code >= 400
    etag = _etag(client, world, provider["id"])
    changed = _edit(client, world, provider["id"], etag, client_secret=CLIENT_SECRET,
                    allowed_domains=["tests.example", "ashdown.example"])  # fmt: skip
    assert changed.status_code == 200, changed.text
    assert changed.json()["allowed_domains"] == ["ashdown.example", "tests.example"]
    assert "client_secret" not in changed.json()
    code, state = sign_in_at_provider(start(client, provider["id"]), world.emails["head_a1"])
    assert finish(client, code, state).status_code == 200


def test_an_edit_from_a_stale_read_or_without_if_match_or_by_another_trust_is_refused(
    client: TestClient, world: World, issuer: str
) -> None:
    provider = register(client, world, issuer)
    etag = _etag(client, world, provider["id"])
    assert _edit(client, world, provider["id"], etag, display_name="Google").status_code == 200
    assert_problem(_edit(client, world, provider["id"], etag, display_name="Microsoft"), 412)
    assert_problem(_edit(client, world, provider["id"], None, display_name="Microsoft"), 428)
    theirs = client.patch(
        f"/api/v1/identity-providers/{provider['id']}",
        json={"is_enabled": False},
        headers=world.headers("trust_leader_b") | {"If-Match": "*"},
    )
    assert_problem(theirs, 404)
    assert _etag(client, world, provider["id"]) != etag
