"""Leaders create, list, rotate and revoke their machine clients; the secret is shown once."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from termwise.audit.models import AuditEvent
from termwise.auth.models import ApiClient
from termwise.db import utcnow
from tests.auth.support import assert_invalid_client, client_grant, tokens
from tests.helpers import assert_problem
from tests.world import World


def create(
    client: TestClient, world: World, who: str = "head_a1", school: str = "a1", **body: Any
) -> dict[str, Any]:
    response = client.post(
        f"/api/v1/schools/{world.schools[school]}/clients",
        json={"name": "Arbor MIS", "kind": "mis"} | body,
        headers=world.headers(who),
    )
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def test_a_head_teacher_creates_an_mis_client_whose_secret_is_shown_once_and_works(
    client: TestClient, world: World, db: Session
) -> None:
    created = create(client, world)

    assert created["kind"] == "mis" and created["school_id"] == world.schools["a1"]
    assert created["created_by"] == world.emails["head_a1"]
    assert set(created["scopes"]) == {
        "orgs:read",
        "pupils:read",
        "pupils:write",
        "assessments:write",
    }
    tokens(client_grant(client, created["client_id"], created["client_secret"]))
    # Never stored or shown again.
    row = db.get(ApiClient, created["id"])
    assert row is not None and created["client_secret"] not in row.secret_digest
    again = client.get(f"/api/v1/clients/{created['id']}", headers=world.headers("head_a1"))
    assert again.status_code == 200 and "client_secret" not in again.json()


def test_the_list_shows_when_each_client_last_got_a_token(client: TestClient, world: World) -> None:
    created = create(client, world)
    url = f"/api/v1/schools/{world.schools['a1']}/clients"
    before = {c["id"]: c for c in client.get(url, headers=world.headers("head_a1")).json()}
    assert before[created["id"]]["last_used_at"] is None

    tokens(client_grant(client, created["client_id"], created["client_secret"]))

    after = {c["id"]: c for c in client.get(url, headers=world.headers("head_a1")).json()}
    assert after[created["id"]]["last_used_at"] is not None
    assert world.clients["mis_b1"] not in after


def test_using_a_client_writes_no_audit_entry_and_keeps_its_version(
    client: TestClient, world: World, db: Session
) -> None:
    created = create(client, world)
    db.expire_all()
    version = db.get(ApiClient, created["id"]).version  # type: ignore[union-attr]
    count = len(db.scalars(select(AuditEvent).where(AuditEvent.entity_type == "api_clients")).all())

    tokens(client_grant(client, created["client_id"], created["client_secret"]))

    db.expire_all()
    assert db.get(ApiClient, created["id"]).version == version  # type: ignore[union-attr]
    events = db.scalars(select(AuditEvent).where(AuditEvent.entity_type == "api_clients")).all()
    assert len(events) == count


def test_creating_a_client_is_audited_without_its_secret(
    client: TestClient, world: World, db: Session
) -> None:
    created = create(client, world)

    event = db.scalars(
        select(AuditEvent).where(
            AuditEvent.entity_type == "api_clients", AuditEvent.entity_id == str(created["id"])
        )
    ).one()
    assert event.actor_id == world.users["head_a1"] and event.action == "create"
    text = json.dumps(event.after)
    assert created["client_secret"] not in text
    row = db.get(ApiClient, created["id"])
    assert row is not None and row.secret_digest not in text


def test_a_class_teacher_may_not_create_or_list_clients(client: TestClient, world: World) -> None:
    url = f"/api/v1/schools/{world.schools['a1']}/clients"
    body = {"name": "Mine", "kind": "mis"}
    assert_problem(client.post(url, json=body, headers=world.headers("teacher_a1")), 403)
    assert_problem(client.get(url, headers=world.headers("teacher_a1")), 403)
    assert_problem(client.get(url, headers=world.headers("governor_a1")), 403)


def test_an_mis_client_must_belong_to_a_school(client: TestClient, world: World) -> None:
    response = client.post(
        f"/api/v1/trusts/{world.trusts['a']}/clients",
        json={"name": "Trust MIS", "kind": "mis"},
        headers=world.headers("trust_leader_a"),
    )

    body = assert_problem(response, 422)
    assert body["errors"][0]["pointer"] == "/kind"


def test_a_client_cannot_be_given_more_than_its_kind_allows(
    client: TestClient, world: World, db: Session
) -> None:
    before = len(db.scalars(select(ApiClient)).all())
    response = client.post(
        f"/api/v1/schools/{world.schools['a1']}/clients",
        json={"name": "Greedy", "kind": "dashboard", "scopes": ["aggregates:read", "pupils:read"]},
        headers=world.headers("head_a1"),
    )

    body = assert_problem(response, 422)
    assert body["errors"][0]["pointer"] == "/scopes" and "pupils:read" in body["detail"]
    assert len(db.scalars(select(ApiClient)).all()) == before


def test_a_trust_leader_creates_a_dashboard_and_sees_every_client_of_the_trust(
    client: TestClient, world: World
) -> None:
    response = client.post(
        f"/api/v1/trusts/{world.trusts['a']}/clients",
        json={"name": "Board dashboard", "kind": "dashboard"},
        headers=world.headers("trust_leader_a"),
    )
    assert response.status_code == 201, response.text
    school_client = create(client, world)

    listed = client.get(
        f"/api/v1/trusts/{world.trusts['a']}/clients", headers=world.headers("trust_leader_a")
    ).json()

    ids = {c["id"] for c in listed}
    assert {response.json()["id"], school_client["id"], world.clients["mis_a1"]} <= ids
    assert world.clients["mis_b1"] not in ids
    # A head teacher looks after their school's clients, not the trust's.
    assert_problem(
        client.get(f"/api/v1/trusts/{world.trusts['a']}/clients", headers=world.headers("head_a1")),
        403,
    )
    assert_problem(
        client.get(f"/api/v1/clients/{response.json()['id']}", headers=world.headers("head_a1")),
        404,
    )


def rotate(client: TestClient, world: World, client_id: int, **body: Any) -> dict[str, Any]:
    response = client.post(
        f"/api/v1/clients/{client_id}/rotate", json=body, headers=world.headers("head_a1")
    )
    assert response.status_code == 200, response.text
    rotated: dict[str, Any] = response.json()
    return rotated


def test_after_a_rotation_both_secrets_work_for_the_grace_period_then_only_the_new_one(
    client: TestClient, world: World, db: Session
) -> None:
    created = create(client, world)

    rotated = rotate(client, world, created["id"], grace_hours=24)

    assert rotated["client_secret"] != created["client_secret"]
    assert rotated["previous_secret_valid_until"] is not None
    tokens(client_grant(client, created["client_id"], rotated["client_secret"]))
    tokens(client_grant(client, created["client_id"], created["client_secret"]))
    row = db.get(ApiClient, created["id"])
    assert row is not None
    row.previous_valid_until = utcnow() - timedelta(seconds=1)
    db.flush()
    assert_invalid_client(client_grant(client, created["client_id"], created["client_secret"]))
    tokens(client_grant(client, created["client_id"], rotated["client_secret"]))


def test_a_rotation_with_no_grace_period_ends_the_old_secret_at_once(
    client: TestClient, world: World
) -> None:
    created = create(client, world)

    rotated = rotate(client, world, created["id"], grace_hours=0)

    assert rotated["previous_secret_valid_until"] is None
    assert_invalid_client(client_grant(client, created["client_id"], created["client_secret"]))
    tokens(client_grant(client, created["client_id"], rotated["client_secret"]))


def test_a_grace_period_over_a_week_is_refused(client: TestClient, world: World) -> None:
    created = create(client, world)
    response = client.post(
        f"/api/v1/clients/{created['id']}/rotate",
        json={"grace_hours": 169},
        headers=world.headers("head_a1"),
    )
    body = assert_problem(response, 422)
    assert body["errors"][0]["pointer"] == "/grace_hours"


def test_a_revoked_client_gets_no_token_and_the_token_it_holds_stops_working(
    client: TestClient, world: World
) -> None:
    created = create(client, world)
    held = tokens(client_grant(client, created["client_id"], created["client_secret"]))
    me = {"Authorization": f"Bearer {held['access_token']}"}
    assert client.get("/api/v1/me", headers=me).status_code == 200

    response = client.post(
        f"/api/v1/clients/{created['id']}/revoke", headers=world.headers("head_a1")
    )

    assert response.status_code == 200 and response.json()["revoked_at"] is not None
    assert_problem(client.get("/api/v1/me", headers=me), 401)
    assert_invalid_client(client_grant(client, created["client_id"], created["client_secret"]))
    # Nor can it be brought back with a new secret.
    again = client.post(
        f"/api/v1/clients/{created['id']}/rotate", json={}, headers=world.headers("head_a1")
    )
    assert_problem(again, 422)
