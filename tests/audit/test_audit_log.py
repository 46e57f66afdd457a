"""Every write is attributable, and the audit log is read only by those who may."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from termwise.audit.recorder import PRINCIPAL_KEY, UnattributedWrite
from termwise.orgs.models import School
from tests.helpers import assert_problem
from tests.world import World


def _rename(client: TestClient, world: World, who: str, school: str, name: str) -> None:
    url = f"/api/v1/schools/{world.schools[school]}"
    etag = client.get(url, headers=world.headers(who)).headers["ETag"]
    response = client.patch(
        url, json={"name": name}, headers=world.headers(who) | {"If-Match": etag}
    )
    assert response.status_code == 200, response.text


def test_a_write_with_no_actor_is_refused(db: Session, world: World) -> None:
    del db.info[PRINCIPAL_KEY]
    school = db.get(School, world.schools["a1"])
    assert school is not None
    school.name = "Nobody did this"
    with pytest.raises(UnattributedWrite):
        db.flush()


def test_trust_leaders_read_their_trusts_events_with_before_and_after(
    client: TestClient, world: World
) -> None:
    _rename(client, world, "head_a1", "a1", "Audited A1")
    _rename(client, world, "head_b1", "b1", "Audited B1")
    events = client.get(
        "/api/v1/audit-events",
        params={"entity_type": "schools", "entity_id": str(world.schools["a1"])},
        headers=world.headers("trust_leader_a"),
    ).json()["items"]
    update = [e for e in events if e["action"] == "update"][-1]
    assert update["actor_label"] == world.emails["head_a1"]
    assert update["before"] == {"name": "School A1"} and update["after"] == {"name": "Audited A1"}
    b_events = client.get(
        "/api/v1/audit-events",
        params={"entity_type": "schools", "entity_id": str(world.schools["b1"])},
        headers=world.headers("trust_leader_a"),
    ).json()["items"]
    assert b_events == []


def test_a_head_teacher_reads_only_their_own_schools_events(
    client: TestClient, world: World
) -> None:
    _rename(client, world, "trust_leader_a", "a2", "Audited A2")
    events = client.get("/api/v1/audit-events", headers=world.headers("head_a1")).json()["items"]
    assert events and {e["school_id"] for e in events} == {world.schools["a1"]}


def test_passwords_never_reach_the_audit_log(client: TestClient, world: World) -> None:
    events = client.get(
        "/api/v1/audit-events",
        params={"entity_type": "users"},
        headers=world.headers("platform_admin"),
    ).json()["items"]
    assert events
    assert all(e["after"]["password_hash"] == "[redacted]" for e in events)


@pytest.mark.parametrize("who", ["teacher_a1", "governor_a1", "dashboard_a", "mis_a1"])
def test_roles_without_audit_access_are_refused(client: TestClient, world: World, who: str) -> None:
    assert_problem(client.get("/api/v1/audit-events", headers=world.headers(who)), 403)
