"""Scales, subjects and assessment points: shipped data, a trust's own scale, closing points."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.helpers import assert_problem
from tests.ingest.pushes import THIS_YEAR, add_points, pupil, push_pupils, push_results, result
from tests.world import World


def _scales(client: TestClient, world: World, who: str) -> dict[str, dict[str, Any]]:
    response = client.get("/api/v1/scales", headers=world.headers(who))
    assert response.status_code == 200, response.text
    return {s["code"]: s for s in response.json()}


def test_the_shipped_scales_hold_the_national_conventions(client: TestClient, world: World) -> None:
    scales = _scales(client, world, "teacher_a1")
    nc = {s["code"]: s["points"] for s in scales["nc_levels"]["steps"]}
    assert (nc["W"], nc["2b"], nc["4b"], nc["6a"]) == (3.0, 15.0, 27.0, 41.0)
    assert scales["nc_levels"]["steps"][5]["label"] == "Level 2 Secure (2b)"
    assert scales["nc_levels"]["expected_progress"] == {"year": 3.0, "term": 1.0}
    ta = [s["code"] for s in scales["ks_ta"]["steps"]]
    assert ta[-3:] == ["WTS", "EXS", "GDS"] and "PK1" in ta
    scaled = scales["ks2_scaled"]
    assert (scaled["score_min"], scaled["score_expected"], scaled["score_max"]) == (80, 100, 120)
    assert len(scales["year_steps"]["steps"]) == 28
    subjects = client.get("/api/v1/subjects", headers=world.headers("teacher_a1")).json()
    assert [s["code"] for s in subjects if s["is_core"]] == ["reading", "writing", "maths"]


def _own_scale() -> dict[str, Any]:
    return {
        "code": "ashdown_bands",
        "name": "Ashdown bands",
        "kind": "steps",
        "steps": [
            {"code": "B1", "label": "Band 1", "points": 1},
            {"code": "B2", "label": "Band 2", "points": 2},
            {"code": "B3", "label": "Band 3", "points": 3},
        ],
        "expected_points_per_year": 1.5,
    }


def test_a_trust_adds_its_own_scale_seen_only_by_that_trust(
    client: TestClient, world: World, db: Session
) -> None:
    created = client.post(
        f"/api/v1/trusts/{world.trusts['a']}/scales",
        json=_own_scale(),
        headers=world.headers("data_officer_a"),
    )
    assert created.status_code == 201, created.text
    assert created.json()["expected_progress"] == {"year": 1.5, "term": 0.5}
    assert "ashdown_bands" in _scales(client, world, "head_a1")
    assert "ashdown_bands" not in _scales(client, world, "head_b1")
    again = client.post(
        f"/api/v1/trusts/{world.trusts['a']}/scales",
        json=_own_scale(),
        headers=world.headers("data_officer_a"),
    )
    assert_problem(again, 409)
    # Results can now be recorded on it.
    add_points(db, world)
    push_pupils(client, world, [pupil(1)])
    body = push_results(client, world, [result(1, "B2", scale="ashdown_bands")]).json()
    assert body["created"] == 1


def test_a_scale_must_make_sense(client: TestClient, world: World) -> None:
    falling = _own_scale() | {
        "steps": [
            {"code": "B1", "label": "Band 1", "points": 2},
            {"code": "B2", "label": "Band 2", "points": 1},
        ]
    }
    response = client.post(
        f"/api/v1/trusts/{world.trusts['a']}/scales",
        json=falling,
        headers=world.headers("data_officer_a"),
    )
    assert_problem(response, 422)


def test_only_the_trusts_leaders_configure_assessment(client: TestClient, world: World) -> None:
    for who in ("head_a1", "teacher_a1", "mis_a1"):
        response = client.post(
            f"/api/v1/trusts/{world.trusts['a']}/scales",
            json=_own_scale(),
            headers=world.headers(who),
        )
        assert_problem(response, 403)


def test_points_are_created_listed_and_closed_by_a_leader(client: TestClient, world: World) -> None:
    url = f"/api/v1/trusts/{world.trusts['a']}/assessment-points"
    point = {
        "academic_year": THIS_YEAR,
        "code": "aut",
        "name": "Autumn",
        "ordinal": 1,
        "assessed_on": "2026-12-10",
    }
    created = client.post(url, json=point, headers=world.headers("trust_leader_a"))
    assert created.status_code == 201, created.text
    assert_problem(client.post(url, json=point, headers=world.headers("trust_leader_a")), 409)
    outside = point | {"code": "x", "assessed_on": "2030-01-01"}
    assert_problem(client.post(url, json=outside, headers=world.headers("trust_leader_a")), 422)
    listed = client.get(url, params={"academic_year": THIS_YEAR}, headers=world.headers("head_a1"))
    assert [p["code"] for p in listed.json()] == ["world", "aut"]  # the test world has one
    close = f"/api/v1/assessment-points/{created.json()['id']}/close"
    assert_problem(client.post(close, headers=world.headers("head_a1")), 403)
    closed = client.post(close, headers=world.headers("data_officer_a"))
    assert closed.json()["closed_by"] == world.emails["data_officer_a"]


def _termly(year: str, prefix: str) -> list[dict[str, object]]:
    start = int(year[:4])
    return [
        {
            "academic_year": year,
            "code": f"{prefix}{slot}",
            "name": f"{name} {prefix}",
            "slot": slot,
            "ordinal": n,
            "assessed_on": day,
        }
        for n, (slot, name, day) in enumerate(
            [
                ("aut", "Autumn", f"{start}-12-10"),
                ("spr", "Spring", f"{start + 1}-03-25"),
                ("sum", "Summer", f"{start + 1}-07-10"),
            ],
            start=1,
        )
    ]


def test_a_years_calendar_is_added_in_one_request(client: TestClient, world: World) -> None:
    url = f"/api/v1/trusts/{world.trusts['a']}/assessment-points"

    created = client.post(
        f"{url}/batch",
        json={"points": _termly(THIS_YEAR, "cal")},
        headers=world.headers("trust_leader_a"),
    )

    assert created.status_code == 201, created.text
    assert [p["code"] for p in created.json()] == ["calaut", "calspr", "calsum"]
    listed = client.get(
        url, params={"academic_year": THIS_YEAR}, headers=world.headers("trust_leader_a")
    )
    assert {"calaut", "calspr", "calsum"} <= {p["code"] for p in listed.json()}


def test_a_calendar_with_one_point_in_error_adds_none_and_names_it(
    client: TestClient, world: World
) -> None:
    url = f"/api/v1/trusts/{world.trusts['a']}/assessment-points"
    points = _termly(THIS_YEAR, "bad")
    points[2]["assessed_on"] = "2001-01-01"

    response = client.post(
        f"{url}/batch", json={"points": points}, headers=world.headers("trust_leader_a")
    )

    body = assert_problem(response, 422)
    assert body["errors"][0]["pointer"] == "/points/2/assessed_on"
    listed = client.get(
        url, params={"academic_year": THIS_YEAR}, headers=world.headers("trust_leader_a")
    )
    assert not {p["code"] for p in listed.json()} & {"badaut", "badspr", "badsum"}


def test_a_head_teacher_may_not_set_the_trusts_calendar(client: TestClient, world: World) -> None:
    url = f"/api/v1/trusts/{world.trusts['a']}/assessment-points/batch"
    response = client.post(
        url, json={"points": _termly(THIS_YEAR, "hd")}, headers=world.headers("head_a1")
    )
    assert_problem(response, 403)
