"""How a tracking view resolves its subject and points, and what it answers when it cannot:
the default point is the trust's latest termly point with results; an unknown subject is a 422
naming it; a point of another trust, or no results anywhere, is a 404."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.helpers import assert_problem
from tests.tracking.arrange import tracked_school
from tests.world import World

VIEWS = ("grid", "flags", "gaps", "transition")


def _get(
    client: TestClient, world: World, view: str, who: str = "head_a1", **params: Any
) -> httpx.Response:
    school = world.schools["b1" if who.endswith("b1") else "a1"]
    return client.get(
        f"/api/v1/schools/{school}/tracking/{view}", params=params, headers=world.headers(who)
    )


def test_without_a_point_each_view_measures_the_latest_termly_point_with_results(
    client: TestClient, world: World, db: Session
) -> None:
    # Autumn and spring have results; summer is set up but empty; the world's own point is
    # not termly.
    tracked = tracked_school(client, world, db)
    grid = _get(client, world, "grid", subject="maths")
    assert grid.status_code == 200, grid.text
    assert grid.json()["point"]["id"] == tracked.spr
    flags = _get(client, world, "flags", subject="maths").json()
    assert (flags["point"]["id"], flags["from_point"]["id"]) == (tracked.spr, tracked.aut)
    trust = client.get(
        f"/api/v1/trusts/{world.trusts['a']}/tracking/flags",
        params={"subject": "maths"},
        headers=world.headers("trust_leader_a"),
    )
    assert trust.json()["point"]["id"] == tracked.spr


@pytest.mark.parametrize("view", VIEWS)
def test_an_unknown_subject_is_refused_by_name(
    client: TestClient, world: World, db: Session, view: str
) -> None:
    tracked = tracked_school(client, world, db)
    body = assert_problem(_get(client, world, view, subject="latin", point_id=tracked.spr), 422)
    assert "'latin'" in body["detail"]


def test_combined_is_a_subject_of_the_grid_only(
    client: TestClient, world: World, db: Session
) -> None:
    tracked = tracked_school(client, world, db)
    assert _get(client, world, "grid", subject="combined", point_id=tracked.spr).status_code == 200
    body = assert_problem(_get(client, world, "flags", subject="combined"), 422)
    assert "'combined'" in body["detail"]


def test_a_point_of_another_trust_is_not_found(
    client: TestClient, world: World, db: Session
) -> None:
    tracked = tracked_school(client, world, db)
    body = assert_problem(_get(client, world, "grid", "head_b1", point_id=tracked.spr), 404)
    assert f"No assessment point {tracked.spr} in this trust" in body["detail"]
    body = assert_problem(
        _get(client, world, "flags", point_id=tracked.spr, from_point_id=999_999), 404
    )
    assert "No assessment point 999999" in body["detail"]


def test_a_trust_without_results_has_no_point_to_default_to(
    client: TestClient, world: World
) -> None:
    body = assert_problem(_get(client, world, "grid", "head_b1"), 404)
    assert "no results at any termly assessment point" in body["detail"]


def test_progress_is_measured_forwards_only(client: TestClient, world: World, db: Session) -> None:
    tracked = tracked_school(client, world, db)
    response = _get(
        client, world, "flags", subject="maths", point_id=tracked.aut, from_point_id=tracked.spr
    )
    assert "earlier point to a later one" in assert_problem(response, 422)["detail"]


def test_a_reader_refused_a_view_is_told_so_before_its_arguments_are_checked(
    client: TestClient, world: World
) -> None:
    # A governor may not list pupils' flags: the refusal, not the unknown subject or point.
    response = _get(client, world, "flags", "governor_a1", subject="latin", point_id=999_999)
    assert_problem(response, 403)
