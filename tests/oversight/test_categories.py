"""A school's risk category: set by a trust leader with a rationale at a dated meeting, kept
with its history, never by the school itself; and the category the data suggests beside it,
with the numbers behind it, computed through the measures catalogue."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.helpers import assert_problem
from tests.tracking.test_hand_worked import load
from tests.world import World


def call(
    client: TestClient, world: World, who: str, method: str, url: str, body: Any = None
) -> Any:
    return client.request(method, f"/api/v1{url}", json=body, headers=world.headers(who))


def test_a_trust_leader_sets_categories_with_rationales_and_the_history_is_kept(
    client: TestClient, world: World
) -> None:
    url = f"/schools/{world.schools['a1']}/categories"
    first = {
        "code": "C1",
        "rationale": "Rapid progress since the new head",
        "decided_on": "2026-09-20",
    }
    second = {
        "code": "B",
        "rationale": "Good overall at the autumn review",
        "decided_on": "2026-11-25",
    }
    for body in (first, second):
        made = call(client, world, "trust_leader_a", "POST", url, body)
        assert made.status_code == 201, made.text
    read = call(client, world, "head_a1", "GET", url).json()
    assert read["current"]["code"] == "B"
    assert [(h["code"], h["decided_on"]) for h in read["history"]] == [
        ("B", "2026-11-25"), ("C1", "2026-09-20")
    ]  # fmt: skip
    assert read["history"][1]["decided_by"] == world.emails["trust_leader_a"]
    assert [m["code"] for m in read["meanings"]] == ["A", "B", "C1", "C2", "D"]


def test_no_category_without_a_rationale_or_outside_the_list_and_never_by_the_school(
    client: TestClient, world: World
) -> None:
    url = f"/schools/{world.schools['a1']}/categories"

    def pointer(body: dict[str, Any]) -> str:
        refused = call(client, world, "trust_leader_a", "POST", url, body)
        return str(assert_problem(refused, 422)["errors"][0]["pointer"])

    assert pointer({"code": "E", "rationale": "x", "decided_on": "2026-11-25"}) == "/code"
    assert pointer({"code": "B", "rationale": "   ", "decided_on": "2026-11-25"}) == "/rationale"
    own = {"code": "A", "rationale": "We are great", "decided_on": "2026-11-25"}
    assert_problem(call(client, world, "head_a1", "POST", url, own), 403)
    assert_problem(call(client, world, "trust_leader_b", "POST", url, own), 404)
    assert call(client, world, "head_a1", "GET", url).json()["history"] == []


def test_the_suggested_category_adds_up_its_signs_computed_through_the_catalogue(
    client: TestClient, world: World, db: Session
) -> None:
    school, _ = load(db, client, world)
    read = client.get(
        f"/api/v1/schools/{school.id}/categories", headers=school.headers("head_a2")
    ).json()
    suggested = read["suggested"]
    assert suggested["rule"] == "risk-suggested/1"
    signs = {s["name"]: s for s in suggested["signs"]}
    measure = client.get(
        f"/api/v1/schools/{school.id}/measures/pct_at_are",
        params={"subject": "combined"},
        headers=school.headers("head_a2"),
    ).json()
    assert signs["Combined % at ARE"]["value"] == measure["value"]
    points = sum(s["points"] for s in suggested["signs"])
    assert suggested["code"] == ["A", "B", "C1", "C2", "D"][min(points, 4)]
    # The judgement is the trust's: nothing is set until a trust leader sets it.
    assert read["current"] is None
