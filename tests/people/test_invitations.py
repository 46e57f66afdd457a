"""Inviting people by e-mail to a role, and accepting."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from termwise.auth.models import RoleAssignment, User
from termwise.db import utcnow
from termwise.people.models import Invitation
from tests.auth.support import password_grant, tokens
from tests.helpers import assert_problem
from tests.people.conftest import Inbox
from tests.world import World

NEW_PASSWORD = "a-long-and-new-password-2026"


def invite(client: TestClient, world: World, who: str = "head_a1", **body: Any) -> Any:
    data = {
        "email": "Sam.Supply@Tests.Example",
        "full_name": "Sam Supply",
        "role": "class_teacher",
        "class_id": world.classes["a1_r"],
    } | body
    return client.post("/api/v1/invitations", json=data, headers=world.headers(who))


def test_an_invitation_goes_by_e_mail_and_accepting_it_sets_a_password_and_grants_the_role(
    mail_client: TestClient, inbox: Inbox, world: World, db: Session
) -> None:
    response = invite(mail_client, world)

    assert response.status_code == 201, response.text
    body = response.json()
    assert body["emailed"] is True and body["link"] is None
    message = inbox.messages[-1]
    assert message["To"] == "sam.supply@tests.example"
    assert "class teacher" in message["Subject"]
    token = inbox.last_link("invitations")
    preview = mail_client.get(f"/api/v1/invitations/accept/{token}")
    assert preview.status_code == 200
    assert preview.json()["role"] == "class_teacher" and preview.json()["has_account"] is False

    accepted = mail_client.post(
        "/api/v1/invitations/accept", json={"token": token, "password": NEW_PASSWORD}
    )

    signed_in = tokens(accepted)
    me = mail_client.get(
        "/api/v1/me", headers={"Authorization": f"Bearer {signed_in['access_token']}"}
    )
    assert [g["class_id"] for g in me.json()["grants"]] == [world.classes["a1_r"]]
    tokens(password_grant(mail_client, "sam.supply@tests.example", NEW_PASSWORD))
    # Single use.
    again = mail_client.post(
        "/api/v1/invitations/accept", json={"token": token, "password": NEW_PASSWORD}
    )
    assert_problem(again, 410)


def test_with_no_mail_server_the_inviter_is_given_the_link(
    client: TestClient, world: World
) -> None:
    body = invite(client, world).json()
    assert body["emailed"] is False and "/invitations/" in body["link"]


def test_a_mail_server_that_refuses_leaves_no_invitation(
    mail_client: TestClient, inbox: Inbox, world: World, db: Session
) -> None:
    inbox.refuse = True
    before = db.scalar(select(func.count()).select_from(Invitation))

    assert_problem(invite(mail_client, world), 503)

    assert db.scalar(select(func.count()).select_from(Invitation)) == before


@pytest.mark.parametrize(
    ("who", "role", "scope", "status"),
    [
        ("head_a1", "trust_leader", "trust", 403),  # above their own role
        ("head_a1", "head_teacher", "school_a2", 403),  # another school of the trust
        ("head_a1", "class_teacher", "school_b1", 404),  # another trust
        ("teacher_a1", "class_teacher", "class_a1_r", 403),  # no people:manage at all
        ("governor_a1", "governor", "school_a1", 403),
        ("trust_leader_a", "trust_leader", "school_b1", 404),
    ],
)
def test_nobody_grants_above_their_own_role_or_outside_their_scope(
    client: TestClient, world: World, db: Session, who: str, role: str, scope: str, status: int
) -> None:
    where = {
        "trust": {"trust_id": world.trusts["a"]},
        "school_a1": {"school_id": world.schools["a1"]},
        "school_a2": {"school_id": world.schools["a2"]},
        "school_b1": {"school_id": world.schools["b1"]},
        "class_a1_r": {"class_id": world.classes["a1_r"]},
    }[scope]
    before = db.scalar(select(func.count()).select_from(Invitation))
    response = invite(client, world, who=who, **({"role": role, "class_id": None} | where))
    assert_problem(response, status)
    assert db.scalar(select(func.count()).select_from(Invitation)) == before


@pytest.mark.parametrize(
    ("who", "role", "scope"),
    [
        ("trust_leader_a", "trust_leader", "trust"),
        ("trust_leader_a", "head_teacher", "school_a2"),
        ("head_a1", "head_teacher", "school_a1"),
        ("head_a1", "governor", "school_a1"),
        ("platform_admin", "trust_leader", "trust_b"),
    ],
)
def test_leaders_invite_within_their_scope_up_to_their_own_role(
    client: TestClient, world: World, who: str, role: str, scope: str
) -> None:
    where = {
        "trust": {"trust_id": world.trusts["a"]},
        "trust_b": {"trust_id": world.trusts["b"]},
        "school_a1": {"school_id": world.schools["a1"]},
        "school_a2": {"school_id": world.schools["a2"]},
    }[scope]
    response = invite(client, world, who=who, **({"role": role, "class_id": None} | where))
    assert response.status_code == 201, response.text


def test_an_expired_a_forged_and_a_withdrawn_invitation_are_refused(
    client: TestClient, world: World, db: Session
) -> None:
    link = invite(client, world).json()["link"]
    token = link.rsplit("/", 1)[1]
    invitation = db.scalars(select(Invitation).order_by(Invitation.id.desc())).first()
    assert invitation is not None
    invitation.expires_at = utcnow() - timedelta(minutes=1)
    db.flush()
    assert_problem(client.get(f"/api/v1/invitations/accept/{token}"), 410)
    assert_problem(client.get("/api/v1/invitations/accept/not-a-token-we-issued"), 404)

    second = invite(client, world, email="other.person@tests.example").json()
    revoked = client.delete(f"/api/v1/invitations/{second['id']}", headers=world.headers("head_a1"))
    assert revoked.status_code == 204
    token2 = second["link"].rsplit("/", 1)[1]
    assert_problem(
        client.post("/api/v1/invitations/accept", json={"token": token2, "password": NEW_PASSWORD}),
        410,
    )


def test_a_weak_password_is_refused_naming_the_field_and_creates_no_account(
    client: TestClient, world: World, db: Session
) -> None:
    token = invite(client, world).json()["link"].rsplit("/", 1)[1]
    response = client.post("/api/v1/invitations/accept", json={"token": token, "password": "short"})
    body = assert_problem(response, 422)
    assert body["errors"][0]["pointer"] == "/password"
    assert db.scalar(select(User).where(User.email == "sam.supply@tests.example")) is None


def test_an_existing_account_accepts_with_its_own_password_and_gains_the_role(
    client: TestClient, world: World, db: Session
) -> None:
    from tests.world import PASSWORD

    token = (
        invite(
            client,
            world,
            email=world.emails["head_a2"],
            role="governor",
            class_id=None,
            school_id=world.schools["a1"],
        )
        .json()["link"]
        .rsplit("/", 1)[1]
    )
    wrong = client.post(
        "/api/v1/invitations/accept", json={"token": token, "password": NEW_PASSWORD}
    )
    assert_problem(wrong, 401)

    tokens(client.post("/api/v1/invitations/accept", json={"token": token, "password": PASSWORD}))

    roles = db.scalars(
        select(RoleAssignment.role).where(RoleAssignment.user_id == world.users["head_a2"])
    ).all()
    assert sorted(r.value for r in roles) == ["governor", "head_teacher"]
