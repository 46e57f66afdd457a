"""A learning walk from a focus agreed in advance to the confirmed record the teacher keeps:
the teacher reflects, the partner summarises and rates the implementation, the head teacher
quality-assures and confirms; nobody else reads what is written about the teacher's practice,
and the head reads it only once it is submitted."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from termwise import security
from termwise.auth.models import RoleAssignment, User
from termwise.auth.roles import Role
from tests.helpers import assert_problem
from tests.plans.arrange import active_plan
from tests.world import TEST_KEY, World


@pytest.fixture
def partner(db: Session, world: World) -> int:
    """A subject leader at school A1: the professional partner."""
    user = User(email="partner.a1@tests.example", full_name="Pat Partner", password_hash=None,
                is_platform_admin=False, is_active=True)  # fmt: skip
    db.add(user)
    db.flush()
    db.add(RoleAssignment(user_id=user.id, role=Role.subject_leader, school_id=world.schools["a1"]))
    db.flush()
    return user.id


class Walks:
    def __init__(self, client: TestClient, world: World, partner: int) -> None:
        self.client, self.world, self.partner = client, world, partner

    def headers(self, who: str) -> dict[str, str]:
        if who == "partner":
            token, _ = security.sign_access_token(
                f"user:{self.partner}", TEST_KEY, timedelta(minutes=5)
            )
            return {"Authorization": f"Bearer {token}"}
        return self.world.headers(who)

    def call(
        self, who: str, method: str, url: str, body: Any = None, etag: str | None = None
    ) -> Any:
        headers = self.headers(who) | ({"If-Match": etag} if etag else {})
        return self.client.request(method, f"/api/v1{url}", json=body, headers=headers)

    def patch(self, who: str, activity: int, body: dict[str, Any]) -> Any:
        etag = self.call(who, "GET", f"/monitoring-activities/{activity}").headers["ETag"]
        return self.call(who, "PATCH", f"/monitoring-activities/{activity}", body, etag)


def ok(response: Any) -> Any:
    assert response.status_code in (200, 201), response.text
    return response.json()


@pytest.fixture
def walks(client: TestClient, world: World, partner: int) -> Walks:
    return Walks(client, world, partner)


def agree(walks: Walks, world: World, **overrides: Any) -> Any:
    body = {
        "kind": "learning_walk",
        "focus": "Reading fluency in the Reception class",
        "held_on": "2026-11-25",
        "teacher_id": world.users["teacher_a1"],
        "partner_id": walks.partner,
    } | overrides
    return walks.call(
        "head_a1", "POST", f"/schools/{world.schools['a1']}/monitoring-activities", body
    )


def test_a_learning_walk_goes_from_its_focus_to_the_confirmed_record_the_teacher_keeps(
    walks: Walks, world: World, db: Session
) -> None:
    plan = active_plan(db, world.schools["a1"])
    made = ok(agree(walks, world, priority_id=plan["priority"]))
    walk = made["id"]
    assert made["state"] == "planned" and made["priority_title"] == "Reading"
    ok(walks.patch("teacher_a1", walk, {"reflection": "The phonics recap ran long"}))
    ratings = {"fidelity": 3, "acceptability": 4, "reach": 2, "feasibility": 3}
    ok(walks.patch("partner", walk, {"summary": "Strong routines; recap to trim"} | ratings))
    # Before it is submitted the head sees the focus and people, never the writing.
    early = ok(walks.call("head_a1", "GET", f"/monitoring-activities/{walk}"))
    assert early["focus"] and early["reflection"] is None and early["summary"] is None
    # The teacher sees everything written about their practice, and answers it.
    mine = ok(walks.call("teacher_a1", "GET", f"/monitoring-activities/{walk}"))
    assert mine["summary"] == "Strong routines; recap to trim" and mine["acting_as"] == ["teacher"]
    ok(walks.patch("partner", walk, {"move_to": "submitted"}))
    ok(walks.patch("teacher_a1", walk, {"teacher_response": "Agreed; trying a timer"}))
    seen = ok(walks.call("head_a1", "GET", f"/monitoring-activities/{walk}"))
    assert seen["summary"] and seen["teacher_response"] == "Agreed; trying a timer"
    final = ok(walks.patch("head_a1", walk, {"quality_note": "Fair and specific",
                                              "move_to": "confirmed"}))  # fmt: skip
    assert final["state"] == "confirmed" and final["confirmed_by"] == world.emails["head_a1"]
    kept = ok(walks.call("teacher_a1", "GET", f"/monitoring-activities/{walk}"))
    assert kept["reflection"] == "The phonics recap ran long" and kept["quality_note"]
    assert_problem(walks.patch("teacher_a1", walk, {"reflection": "Changed"}), 409)
    # The priority's implementation outcomes on the plan come from its confirmed activities.
    read = ok(walks.call("head_a1", "GET", f"/plans/{plan['plan']}"))
    [priority] = read["priorities"]
    assert priority["implementation"] == {"activities": 1} | ratings


def test_nobody_else_reads_it_and_each_writes_only_their_own_part(
    walks: Walks, world: World
) -> None:
    walk = ok(agree(walks, world))["id"]
    for who in ("governor_a1", "head_a2", "head_b1", "data_officer_a"):
        assert_problem(walks.call(who, "GET", f"/monitoring-activities/{walk}"), 404)
    listed = ok(
        walks.call("teacher_a1", "GET", f"/schools/{world.schools['a1']}/monitoring-activities")
    )
    assert [a["id"] for a in listed] == [walk]
    assert (
        ok(
            walks.call(
                "governor_a1", "GET", f"/schools/{world.schools['a1']}/monitoring-activities"
            )
        )
        == []
    )

    def pointer(response: Any) -> str:
        return str(assert_problem(response, 422)["errors"][0]["pointer"])

    assert pointer(walks.patch("teacher_a1", walk, {"summary": "Mine now"})) == "/summary"
    assert pointer(walks.patch("partner", walk, {"reflection": "Theirs"})) == "/reflection"
    assert pointer(walks.patch("partner", walk, {"fidelity": 5})) == "/fidelity"
    assert pointer(walks.patch("partner", walk, {"move_to": "submitted"})) == "/move_to"
    assert_problem(walks.patch("teacher_a1", walk, {"move_to": "confirmed"}), 409)
    etag = walks.call("teacher_a1", "GET", f"/monitoring-activities/{walk}").headers["ETag"]
    ok(
        walks.call(
            "teacher_a1", "PATCH", f"/monitoring-activities/{walk}", {"reflection": "One"}, etag
        )
    )
    stale = walks.call(
        "teacher_a1", "PATCH", f"/monitoring-activities/{walk}", {"reflection": "Two"}, etag
    )
    assert_problem(stale, 412)


def test_a_bad_activity_is_refused_naming_the_field_and_nothing_is_written(
    walks: Walks, world: World, db: Session
) -> None:
    def pointer(response: Any) -> str:
        return str(assert_problem(response, 422)["errors"][0]["pointer"])

    assert pointer(agree(walks, world, partner_id=world.users["teacher_a1"])) == "/partner_id"
    assert pointer(agree(walks, world, teacher_id=world.users["head_b1"])) == "/teacher_id"
    elsewhere = active_plan(db, world.schools["a2"])
    assert pointer(agree(walks, world, priority_id=elsewhere["priority"])) == "/priority_id"
    assert pointer(agree(walks, world, kind="inspection")) == "/kind"
    body = {"kind": "book_look", "focus": "x", "held_on": "2026-11-25",
            "teacher_id": world.users["teacher_a1"], "partner_id": walks.partner}  # fmt: skip
    refused = walks.call(
        "teacher_a1", "POST", f"/schools/{world.schools['a1']}/monitoring-activities", body
    )
    assert_problem(refused, 403)
    assert (
        ok(walks.call("head_a1", "GET", f"/schools/{world.schools['a1']}/monitoring-activities"))
        == []
    )
