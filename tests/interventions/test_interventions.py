"""An intervention's impact on the hand-worked school (A2), worked out by hand.

Reading, autumn to summer, in Year 3 (expected gain 2 points: Y3E to Y3S): Amy Y3E to Y3M (+3),
Ben Y3E to Y3S (+2), Cat Y3E to Y3E (0), Dan Y3E to Y3D (+1), Eve Y3S to Y3M (+1), Finn no
summer result. An intervention for Amy and Dan: mean gain 2, as expected, so no steps beyond
it. Similar pupils (Year 3, starting on Y3E, not in it): Ben and Cat, mean gain 1."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.helpers import assert_problem
from tests.tracking.school import School
from tests.tracking.test_hand_worked import load
from tests.world import World

Loaded = tuple[School, dict[int, int]]


@pytest.fixture
def loaded(db: Session, client: TestClient, world: World) -> Loaded:
    return load(db, client, world)


def start(client: TestClient, school: School, pupils: list[int], **overrides: Any) -> Any:
    body = {
        "name": "Reading boost",
        "wave": "group",
        "subject": "reading",
        "starts_on": "2026-11-21",
        "ends_on": "2027-07-09",
        "sessions_per_week": 3,
        "minutes_per_session": 30,
        "cost": 600,
        "pupil_ids": pupils,
    } | overrides
    return client.post(
        f"/api/v1/schools/{school.id}/interventions", json=body, headers=school.headers("head_a2")
    )


def impact(client: TestClient, school: School, intervention_id: int, **params: Any) -> Any:
    response = client.get(
        f"/api/v1/interventions/{intervention_id}/impact",
        params=params,
        headers=school.headers("head_a2"),
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_each_pupils_progress_against_expected_matches_the_hand_count(
    client: TestClient, loaded: Loaded
) -> None:
    school, ids = loaded
    made = start(client, school, [ids[1], ids[4]])
    assert made.status_code == 201, made.text
    found = impact(client, school, made.json()["id"])
    assert found["measurable"] is True
    gains = {
        p["pupil_id"]: (p["step_start"], p["step_end"], p["gain"], p["expected_gain"])
        for p in found["pupils"]
    }
    assert gains == {ids[1]: ("Y3E", "Y3M", 3.0, 2.0), ids[4]: ("Y3E", "Y3D", 1.0, 2.0)}
    assert (found["group_mean_gain"], found["expected_mean_gain"], found["extra_steps"]) == (
        2.0,
        2.0,
        0.0,
    )
    weeks = ((date(2027, 7, 9) - date(2026, 11, 21)).days + 1) / 7
    assert found["adult_hours"] == round(3 * 30 / 60 * weeks, 1)
    assert found["steps_per_hour"] == 0.0 and found["steps_per_100_pounds"] == 0.0


def test_two_similar_pupils_are_too_few_to_compare_unless_the_minimum_is_lowered(
    client: TestClient, loaded: Loaded
) -> None:
    school, ids = loaded
    intervention = start(client, school, [ids[1], ids[4]]).json()["id"]
    found = impact(client, school, intervention)
    assert found["comparison_size"] == 2
    assert (found["difference"], found["interval"]) == (None, None)
    assert found["comparison_note"] == "too few similar pupils to compare (2; at least 5 needed)"
    compared = impact(client, school, intervention, min_comparison=2)
    assert (compared["comparison_mean_gain"], compared["difference"]) == (1.0, 1.0)
    low, high = compared["interval"]
    assert -1.0 <= low <= 1.0 <= high <= 3.0
    # The same data give the same interval.
    assert impact(client, school, intervention, min_comparison=2)["interval"] == [low, high]


def test_no_number_before_a_point_has_passed_since_it_started(
    client: TestClient, loaded: Loaded
) -> None:
    school, ids = loaded
    later = start(client, school, [ids[1]], starts_on="2027-07-20", ends_on="2027-10-20").json()
    found = impact(client, school, later["id"])
    assert found["measurable"] is False and "not yet measurable" in found["reason"]
    assert found["group_mean_gain"] is None and found["difference"] is None


def test_bad_interventions_are_refused_naming_the_field_and_nothing_is_written(
    client: TestClient, loaded: Loaded, world: World
) -> None:
    school, ids = loaded

    def pointer(response: Any) -> str:
        return str(assert_problem(response, 422)["errors"][0]["pointer"])

    assert pointer(start(client, school, [ids[1]], ends_on="2026-11-01")) == "/ends_on"
    assert pointer(start(client, school, [ids[1]], cost=-5)) == "/cost"
    assert pointer(start(client, school, [ids[1], world.pupils["b1_r"]])) == "/pupil_ids/1"
    assert pointer(start(client, school, [ids[1]], subject="latin")) == "/subject"
    listed = client.get(
        f"/api/v1/schools/{school.id}/interventions", headers=school.headers("head_a2")
    )
    assert listed.json() == []


def test_an_intervention_is_for_the_schools_staff_with_pupil_access_only(
    client: TestClient, loaded: Loaded, world: World
) -> None:
    school, ids = loaded
    made = start(client, school, [ids[1]]).json()
    for who in ("governor_a2", "head_a1"):
        refused = client.get(f"/api/v1/interventions/{made['id']}", headers=school.headers(who))
        assert_problem(refused, 404)
    etag = client.get(
        f"/api/v1/interventions/{made['id']}", headers=school.headers("head_a2")
    ).headers["ETag"]
    changed = client.patch(
        f"/api/v1/interventions/{made['id']}",
        json={"cost": 450},
        headers=school.headers("head_a2") | {"If-Match": etag},
    )
    assert changed.status_code == 200 and changed.json()["cost"] == 450
    stale = client.patch(
        f"/api/v1/interventions/{made['id']}",
        json={"cost": 1},
        headers=school.headers("head_a2") | {"If-Match": etag},
    )
    assert_problem(stale, 412)


def test_a_pupils_interventions_show_on_their_page_for_who_may_see_the_pupil(
    client: TestClient, loaded: Loaded
) -> None:
    school, ids = loaded
    made = start(client, school, [ids[1], ids[4]]).json()
    start(client, school, [ids[4]], name="Number sense", subject="maths", wave="individual")

    def of(who: str, pupil: int) -> Any:
        return client.get(f"/api/v1/pupils/{pupil}/interventions", headers=school.headers(who))

    amy = of("head_a2", ids[1]).json()
    assert [(i["id"], i["name"], i["subject"]) for i in amy] == [
        (made["id"], "Reading boost", "reading")
    ]
    assert {i["name"] for i in of("teacher_a2_y3", ids[4]).json()} == {
        "Reading boost",
        "Number sense",
    }
    # Another school's head cannot see the pupil at all.
    assert_problem(of("head_a1", ids[1]), 404)


def test_the_provision_map_lists_who_is_in_what_with_cost_and_impact_and_exports(
    client: TestClient, loaded: Loaded
) -> None:
    school, ids = loaded
    start(client, school, [ids[1], ids[4]], cost=600)
    start(client, school, [ids[3]], name="Later", starts_on="2027-07-20", ends_on="2027-08-20",
          cost=None)  # fmt: skip
    url = f"/api/v1/schools/{school.id}/provision-map"
    found = client.get(url, headers=school.headers("head_a2")).json()
    assert found["pupils_in_provision"] == 3 and found["total_cost"] == 600
    boost, later = found["interventions"]
    assert boost["cost_per_pupil"] == 300 and len(boost["pupils"]) == 2
    assert (boost["group_mean_gain"], boost["expected_mean_gain"]) == (2.0, 2.0)
    assert boost["impact_note"].startswith("too few similar pupils")
    assert later["measurable"] is False and "not yet measurable" in later["impact_note"]
    csv = client.get(f"{url}/export", headers=school.headers("head_a2"))
    assert csv.headers["content-type"].startswith("text/csv")
    lines = csv.text.splitlines()
    # One row a pupil in each intervention, after the title and header.
    assert sum(line.startswith("Reading boost,") for line in lines) == 2
    assert any(line.startswith("Later,") for line in lines)
    xlsx = client.get(f"{url}/export", params={"format": "xlsx"}, headers=school.headers("head_a2"))
    assert xlsx.content[:2] == b"PK"
    for who in ("governor_a2", "head_a1"):
        assert client.get(url, headers=school.headers(who)).status_code in (403, 404)
    unknown = client.get(
        url, params={"academic_year": "1990/91"}, headers=school.headers("head_a2")
    )
    assert assert_problem(unknown, 422)["errors"][0]["pointer"] == "/query/academic_year"
