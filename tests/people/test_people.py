"""Granting and removing roles, deactivating accounts, resetting passwords, a person's audit."""

from __future__ import annotations

from datetime import date, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from termwise.auth.models import RefreshToken, RoleAssignment
from termwise.auth.roles import Role
from tests.auth.support import assert_invalid_grant, password_grant, refresh_grant, tokens
from tests.helpers import assert_problem
from tests.people.conftest import Inbox
from tests.world import PASSWORD, World


def test_a_head_teacher_lists_the_people_of_their_school_with_their_roles(
    client: TestClient, world: World
) -> None:
    response = client.get(
        "/api/v1/people",
        params={"school_id": world.schools["a1"]},
        headers=world.headers("head_a1"),
    )
    assert response.status_code == 200, response.text
    emails = {p["email"] for p in response.json()}
    assert {
        world.emails["head_a1"],
        world.emails["teacher_a1"],
        world.emails["governor_a1"],
    } <= emails
    assert world.emails["head_a2"] not in emails and world.emails["head_b1"] not in emails


def test_a_role_granted_until_yesterday_grants_nothing_today(
    client: TestClient, world: World, db: Session
) -> None:
    url = f"/api/v1/people/{world.users['teacher_a1']}/roles"
    granted = client.post(
        url,
        json={"role": "governor", "school_id": world.schools["a1"], "ends_on": str(date.today())},
        headers=world.headers("head_a1"),
    )
    assert granted.status_code == 201, granted.text
    me = client.get("/api/v1/me", headers=world.headers("teacher_a1")).json()
    assert "governor" in {g["role"] for g in me["grants"]}

    row = db.scalars(
        select(RoleAssignment).where(
            RoleAssignment.user_id == world.users["teacher_a1"], RoleAssignment.ends_on.is_not(None)
        )
    ).one()
    row.ends_on = date.today() - timedelta(days=1)
    db.flush()

    me = client.get("/api/v1/me", headers=world.headers("teacher_a1")).json()
    assert "governor" not in {g["role"] for g in me["grants"]}


def test_removing_a_role_takes_effect_on_the_next_request(client: TestClient, world: World) -> None:
    person = client.get(
        f"/api/v1/people/{world.users['teacher_a1']}", headers=world.headers("head_a1")
    ).json()
    role_id = person["roles"][0]["id"]

    removed = client.delete(
        f"/api/v1/people/{world.users['teacher_a1']}/roles/{role_id}",
        headers=world.headers("head_a1"),
    )

    assert removed.status_code == 200 and removed.json()["roles"] == []
    me = client.get("/api/v1/me", headers=world.headers("teacher_a1"))
    assert me.json()["grants"] == []


def test_a_head_teacher_cannot_remove_a_trust_leaders_role(
    client: TestClient, world: World
) -> None:
    response = client.get(
        f"/api/v1/people/{world.users['trust_leader_a']}", headers=world.headers("head_a1")
    )
    assert_problem(response, 404)


def test_deactivating_ends_every_session_and_refuses_a_live_access_token(
    client: TestClient, world: World, db: Session
) -> None:
    signed_in = tokens(password_grant(client, world.emails["teacher_a1"], PASSWORD))
    live = {"Authorization": f"Bearer {signed_in['access_token']}"}
    assert client.get("/api/v1/me", headers=live).status_code == 200

    response = client.post(
        f"/api/v1/people/{world.users['teacher_a1']}/deactivate", headers=world.headers("head_a1")
    )

    assert response.status_code == 200 and response.json()["is_active"] is False
    assert_problem(client.get("/api/v1/me", headers=live), 401)
    assert_invalid_grant(refresh_grant(client, signed_in["refresh_token"]))
    assert_invalid_grant(password_grant(client, world.emails["teacher_a1"], PASSWORD))
    db.expire_all()
    live_tokens = db.scalars(
        select(RefreshToken).where(
            RefreshToken.user_id == world.users["teacher_a1"], RefreshToken.revoked_at.is_(None)
        )
    ).all()
    assert live_tokens == []


def test_a_head_teacher_cannot_deactivate_someone_who_also_leads_elsewhere(
    client: TestClient, world: World, db: Session
) -> None:
    # The head of A2 is also a governor at A1.
    db.add(
        RoleAssignment(
            user_id=world.users["head_a2"], role=Role.governor, school_id=world.schools["a1"]
        )
    )
    db.flush()
    response = client.post(
        f"/api/v1/people/{world.users['head_a2']}/deactivate", headers=world.headers("head_a1")
    )
    body = assert_problem(response, 403)
    assert "School A2" in body["detail"]


def test_a_password_reset_link_sets_a_new_password_and_ends_every_session(
    mail_client: TestClient, inbox: Inbox, world: World
) -> None:
    email = world.emails["governor_a1"]
    old = tokens(password_grant(mail_client, email, PASSWORD))

    asked = mail_client.post("/api/v1/auth/password-reset", json={"email": email.upper()})
    assert asked.status_code == 202
    token = inbox.last_link("reset-password")
    new_password = "a-brand-new-passphrase-for-2027"
    done = mail_client.post(
        "/api/v1/auth/password-reset/confirm", json={"token": token, "password": new_password}
    )

    assert done.status_code == 204, done.text
    assert_invalid_grant(refresh_grant(mail_client, old["refresh_token"]))
    assert_invalid_grant(password_grant(mail_client, email, PASSWORD))
    tokens(password_grant(mail_client, email, new_password))
    again = mail_client.post(
        "/api/v1/auth/password-reset/confirm", json={"token": token, "password": new_password}
    )
    assert_problem(again, 410)


def test_asking_a_reset_for_an_unknown_address_answers_the_same_and_sends_nothing(
    mail_client: TestClient, inbox: Inbox
) -> None:
    response = mail_client.post(
        "/api/v1/auth/password-reset", json={"email": "nobody@tests.example"}
    )
    assert response.status_code == 202
    assert inbox.messages == []


def test_a_forged_reset_link_is_refused_naming_the_token(client: TestClient) -> None:
    response = client.post(
        "/api/v1/auth/password-reset/confirm",
        json={"token": "forged-token-forged-token", "password": "whatever-long-enough-2026"},
    )
    body = assert_problem(response, 404)
    assert body["errors"][0]["pointer"] == "/token"


def test_a_persons_audit_lists_changes_to_their_roles_and_account(
    client: TestClient, world: World
) -> None:
    client.post(
        f"/api/v1/people/{world.users['teacher_a1']}/roles",
        json={"role": "senco", "school_id": world.schools["a1"]},
        headers=world.headers("head_a1"),
    )
    client.post(
        f"/api/v1/people/{world.users['teacher_a1']}/deactivate", headers=world.headers("head_a1")
    )

    events = client.get(
        f"/api/v1/people/{world.users['teacher_a1']}/audit", headers=world.headers("head_a1")
    ).json()

    kinds = [(e["entity_type"], e["action"]) for e in events]
    assert ("users", "update") in kinds and ("role_assignments", "create") in kinds
    assert all(e["actor_id"] == world.users["head_a1"] for e in events[:2])
