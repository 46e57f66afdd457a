"""Who sees which trusts, schools and classes, and who may change a school."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from termwise.audit.models import AuditEvent
from tests.helpers import assert_problem
from tests.world import World


def _school_ids(client: TestClient, world: World, who: str) -> set[int]:
    response = client.get("/api/v1/schools", headers=world.headers(who))
    assert response.status_code == 200, response.text
    return {s["id"] for s in response.json()["items"]}


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("trust_leader_a", {"a1", "a2"}),
        ("data_officer_a", {"a1", "a2"}),
        ("adviser_a", {"a1", "a2"}),
        ("dashboard_a", {"a1", "a2"}),
        ("head_a1", {"a1"}),
        ("governor_a1", {"a1"}),
        ("teacher_a1", {"a1"}),
        ("mis_a1", {"a1"}),
        ("head_b1", {"b1"}),
        ("platform_admin", {"a1", "a2", "b1"}),
    ],
)
def test_each_caller_sees_exactly_the_schools_of_their_scope(
    client: TestClient, world: World, who: str, expected: set[str]
) -> None:
    assert _school_ids(client, world, who) >= {world.schools[k] for k in expected}
    others = {world.schools[k] for k in ("a1", "a2", "b1")} - {world.schools[k] for k in expected}
    assert not _school_ids(client, world, who) & others


def test_anonymous_callers_are_refused(client: TestClient) -> None:
    assert_problem(client.get("/api/v1/schools"), 401)


def test_a_school_lists_its_ids_and_name(client: TestClient, world: World) -> None:
    school = client.get(f"/api/v1/schools/{world.schools['a1']}", headers=world.headers("head_a1"))
    assert school.json() | {"updated_at": None} == {
        "id": world.schools["a1"],
        "trust_id": world.trusts["a"],
        "urn": "800001",
        "laestab": "8880001",
        "name": "School A1",
        "phase": "primary",
        "updated_at": None,
    }


def test_search_finds_schools_by_name_or_urn(client: TestClient, world: World) -> None:
    headers = world.headers("trust_leader_a")
    by_name = client.get("/api/v1/schools", params={"q": "school a2"}, headers=headers).json()
    assert [s["id"] for s in by_name["items"]] == [world.schools["a2"]]
    by_urn = client.get("/api/v1/schools", params={"q": "800001"}, headers=headers).json()
    assert [s["id"] for s in by_urn["items"]] == [world.schools["a1"]]


def test_trusts_are_visible_to_their_members_only(client: TestClient, world: World) -> None:
    mine = client.get("/api/v1/trusts", headers=world.headers("teacher_a1")).json()["items"]
    assert [t["id"] for t in mine] == [world.trusts["a"]]


def test_a_class_teacher_sees_only_their_own_class(client: TestClient, world: World) -> None:
    url = f"/api/v1/schools/{world.schools['a1']}/classes"
    classes = client.get(url, headers=world.headers("teacher_a1")).json()["items"]
    assert [c["id"] for c in classes] == [world.classes["a1_r"]]
    assert classes[0]["year_groups"] == ["R"]


def test_a_head_teacher_sees_every_class_in_the_school(client: TestClient, world: World) -> None:
    url = f"/api/v1/schools/{world.schools['a1']}/classes"
    classes = client.get(url, headers=world.headers("head_a1")).json()["items"]
    assert {c["id"] for c in classes} == {world.classes["a1_r"], world.classes["a1_y6"]}


def test_classes_filter_by_academic_year(client: TestClient, world: World) -> None:
    url = f"/api/v1/schools/{world.schools['a1']}/classes"
    past = client.get(url, params={"academic_year": "2012/13"}, headers=world.headers("head_a1"))
    assert past.json()["items"] == []
    assert_problem(
        client.get(url, params={"academic_year": "last year"}, headers=world.headers("head_a1")),
        422,
    )


@pytest.mark.parametrize("who", ["head_a1", "trust_leader_a", "platform_admin"])
def test_leaders_may_rename_a_school_and_the_change_is_audited(
    client: TestClient, world: World, db: Session, who: str
) -> None:
    url = f"/api/v1/schools/{world.schools['a1']}"
    etag = client.get(url, headers=world.headers(who)).headers["ETag"]
    response = client.patch(
        url, json={"name": "Renamed Primary"}, headers=world.headers(who) | {"If-Match": etag}
    )
    assert response.status_code == 200, response.text
    assert response.json()["name"] == "Renamed Primary"
    event = db.scalars(
        select(AuditEvent)
        .where(AuditEvent.entity_type == "schools", AuditEvent.action == "update")
        .order_by(AuditEvent.id.desc())
    ).first()
    assert event is not None
    assert event.before == {"name": "School A1"}
    assert event.after == {"name": "Renamed Primary"}
    assert event.actor_id == world.users[who]
    assert event.actor_kind == "user"
    assert event.school_id == world.schools["a1"]


@pytest.mark.parametrize("who", ["teacher_a1", "governor_a1", "data_officer_a", "mis_a1"])
def test_other_roles_may_not_change_a_school(client: TestClient, world: World, who: str) -> None:
    url = f"/api/v1/schools/{world.schools['a1']}"
    response = client.patch(
        url, json={"name": "X"}, headers=world.headers(who) | {"If-Match": '"1"'}
    )
    assert_problem(response, 403)


def test_urn_cannot_be_changed_through_the_api(client: TestClient, world: World) -> None:
    url = f"/api/v1/schools/{world.schools['a1']}"
    response = client.patch(
        url, json={"urn": "123456"}, headers=world.headers("head_a1") | {"If-Match": '"1"'}
    )
    body = assert_problem(response, 422)
    assert body["errors"][0]["pointer"] == "/urn"


def test_reference_data_lists_year_groups_and_academic_years(
    client: TestClient, world: World
) -> None:
    headers = world.headers("teacher_a1")
    codes = [y["code"] for y in client.get("/api/v1/year-groups", headers=headers).json()]
    assert codes[:8] == ["N", "R", "Y1", "Y2", "Y3", "Y4", "Y5", "Y6"]
    years = client.get("/api/v1/academic-years", headers=headers).json()
    this_year = next(y for y in years if y["code"] == "2025/26")
    assert this_year["starts_on"] == "2025-09-01" and this_year["ends_on"] == "2026-08-31"
    assert [h["code"] for h in this_year["half_terms"]] == [
        "Aut1", "Aut2", "Spr1", "Spr2", "Sum1", "Sum2",
    ]  # fmt: skip


def test_exactly_one_academic_year_is_current(client: TestClient, world: World) -> None:
    headers = world.headers("teacher_a1")
    current = client.get("/api/v1/academic-years", params={"current": True}, headers=headers)
    assert len(current.json()) == 1
    assert current.json()[0]["is_current"] is True


def test_me_names_the_scope_of_each_grant(client: TestClient, world: World) -> None:
    me = client.get("/api/v1/me", headers=world.headers("teacher_a1")).json()
    assert me["grants"][0]["scope_name"] == "Class a1_r, School A1"
    trust = client.get("/api/v1/me", headers=world.headers("trust_leader_a")).json()
    assert trust["grants"][0]["scope_name"] == "Ashdown Learning Trust"


def test_classes_list_their_teachers(client: TestClient, world: World) -> None:
    url = f"/api/v1/schools/{world.schools['a1']}/classes"
    classes = client.get(url, headers=world.headers("head_a1")).json()["items"]
    by_id = {c["id"]: c["teachers"] for c in classes}
    assert by_id == {world.classes["a1_r"]: ["Teacher A1"], world.classes["a1_y6"]: []}
