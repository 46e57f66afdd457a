"""A platform administrator creates a trust; its leaders edit it and add schools by hand."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from termwise.orgs.models import School, Trust
from tests.helpers import assert_problem
from tests.world import World

SCHOOL = {"urn": "998201", "laestab": "9992201", "name": "Meadow Rise Primary", "phase": "primary"}


def count(db: Session, model: type[Trust] | type[School]) -> int:
    return db.scalar(select(func.count()).select_from(model)) or 0


def test_a_platform_administrator_creates_a_trust(client: TestClient, world: World) -> None:
    response = client.post(
        "/api/v1/trusts",
        json={"name": "Heatherfield Learning Trust", "reference": "09999999"},
        headers=world.headers("platform_admin"),
    )

    assert response.status_code == 201, response.text
    assert response.json()["name"] == "Heatherfield Learning Trust"
    assert response.json()["id"] >= 1


def test_nobody_else_creates_a_trust_not_even_a_trust_leader(
    client: TestClient, world: World, db: Session
) -> None:
    before = count(db, Trust)
    for who in ("trust_leader_a", "head_a1", "dashboard_a"):
        response = client.post(
            "/api/v1/trusts", json={"name": f"By {who}"}, headers=world.headers(who)
        )
        assert_problem(response, 403)
    assert count(db, Trust) == before


def test_a_second_trust_of_the_same_name_is_a_409_naming_the_field(
    client: TestClient, world: World
) -> None:
    response = client.post(
        "/api/v1/trusts",
        json={"name": "Ashdown Learning Trust"},
        headers=world.headers("platform_admin"),
    )
    body = assert_problem(response, 409)
    assert body["errors"][0]["pointer"] == "/name"


def test_a_trust_leader_edits_their_trust_with_the_version_they_read(
    client: TestClient, world: World
) -> None:
    url = f"/api/v1/trusts/{world.trusts['a']}"
    headers = world.headers("trust_leader_a")
    etag = client.get(url, headers=headers).headers["etag"]

    changed = client.patch(
        url, json={"reference": "07654321"}, headers=headers | {"If-Match": etag}
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["reference"] == "07654321"
    stale = client.patch(url, json={"name": "Renamed"}, headers=headers | {"If-Match": etag})
    assert_problem(stale, 412)
    assert_problem(client.patch(url, json={"name": "Renamed"}, headers=headers), 428)


def test_a_head_teacher_may_not_edit_the_trust(client: TestClient, world: World) -> None:
    url = f"/api/v1/trusts/{world.trusts['a']}"
    etag = client.get(url, headers=world.headers("head_a1")).headers["etag"]
    response = client.patch(
        url, json={"name": "Mine now"}, headers=world.headers("head_a1") | {"If-Match": etag}
    )
    assert_problem(response, 403)


def test_a_trust_leader_adds_a_school(client: TestClient, world: World) -> None:
    response = client.post(
        f"/api/v1/trusts/{world.trusts['a']}/schools",
        json=SCHOOL,
        headers=world.headers("trust_leader_a"),
    )

    assert response.status_code == 201, response.text
    assert response.json()["trust_id"] == world.trusts["a"] and response.json()["urn"] == "998201"
    listed = client.get(
        "/api/v1/schools", params={"q": "998201"}, headers=world.headers("trust_leader_a")
    )
    assert [s["urn"] for s in listed.json()["items"]] == ["998201"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("urn", "12345"),
        ("urn", "1234567"),
        ("urn", "12a456"),
        ("laestab", "999220"),
        ("laestab", "99922011"),
    ],
)
def test_a_urn_or_laestab_of_the_wrong_shape_is_a_422_naming_it(
    client: TestClient, world: World, db: Session, field: str, value: str
) -> None:
    before = count(db, School)
    response = client.post(
        f"/api/v1/trusts/{world.trusts['a']}/schools",
        json=SCHOOL | {field: value},
        headers=world.headers("trust_leader_a"),
    )
    body = assert_problem(response, 422)
    assert body["errors"][0]["pointer"] == f"/{field}"
    assert count(db, School) == before


@pytest.mark.parametrize(("field", "value"), [("urn", "800101"), ("laestab", "8880101")])
def test_a_urn_or_laestab_already_held_anywhere_is_a_409_naming_it(
    client: TestClient, world: World, db: Session, field: str, value: str
) -> None:
    before = count(db, School)
    response = client.post(
        f"/api/v1/trusts/{world.trusts['a']}/schools",
        json=SCHOOL | {field: value},
        headers=world.headers("trust_leader_a"),
    )
    body: dict[str, Any] = assert_problem(response, 409)
    assert body["errors"][0]["pointer"] == f"/{field}"
    assert "School B1" in body["detail"]
    assert count(db, School) == before


def test_a_head_teacher_may_not_add_schools_to_the_trust(client: TestClient, world: World) -> None:
    response = client.post(
        f"/api/v1/trusts/{world.trusts['a']}/schools", json=SCHOOL, headers=world.headers("head_a1")
    )
    assert_problem(response, 403)
