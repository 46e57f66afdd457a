"""The transition matrix can start from where a year group began: the statutory assessment they
took when younger (KS1 for Year 3 pupils, taken in Year 2 last year), whichever school recorded
it, found by the year group rather than by naming the point."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.helpers import assert_problem
from tests.tracking.school import School, pupil, result, school_a2
from tests.world import World

LAST_YEAR = "2025/26"


def _ks1(n: int, standard: str) -> dict[str, Any]:
    return result(n, "reading", "ks1", standard, scale="ks_ta") | {"academic_year": LAST_YEAR}


def _arranged(client: TestClient, world: World, db: Session) -> School:
    """Four Year 3 pupils who joined this year: two at the expected standard at KS1 (one now
    secure in Y3, one developing), one working towards (now emerging), one with no KS1 result."""
    school = school_a2(db, client, world)
    school.push_pupils(
        client,
        [
            pupil(1, "Ada", "Ash", "F", "Y3"),
            pupil(2, "Ben", "Birch", "M", "Y3"),
            pupil(3, "Cy", "Cedar", "M", "Y3"),
            pupil(4, "Di", "Dogwood", "F", "Y3"),
        ],
    )
    school.push_results(client, [_ks1(1, "EXS"), _ks1(2, "EXS"), _ks1(3, "WTS")])
    school.push_results(
        client,
        [
            result(1, "reading", "aut", "Y3S", scale="year_steps"),
            result(2, "reading", "aut", "Y3D", scale="year_steps"),
            result(3, "reading", "aut", "Y3E", scale="year_steps"),
            result(4, "reading", "aut", "Y3D", scale="year_steps"),
        ],
    )
    return school


def test_year_3s_transition_from_ks1_counts_each_pupil_from_their_ks1_standard(
    client: TestClient, world: World, db: Session
) -> None:
    school = _arranged(client, world, db)
    matrix = school.read(
        client, "head_a2", "transition", point_id=school.points["aut"], year_group="Y3",
        from_stage="ks1",
    )  # fmt: skip
    assert (matrix["from_point"]["code"], matrix["from_point"]["academic_year"]) == (
        "ks1",
        LAST_YEAR,
    )
    cells = {(c["from_row"], c["to_row"]): c["count"] for c in matrix["cells"]}
    assert cells == {("EXS", "Y3S"): 1, ("EXS", "Y3D"): 1, ("WTS", "Y3E"): 1}
    assert {"WTS", "EXS", "GDS"} <= {r["key"] for r in matrix["from_rows"]}


def test_the_same_matrix_comes_from_naming_the_ks1_point(
    client: TestClient, world: World, db: Session
) -> None:
    school = _arranged(client, world, db)
    by_stage = school.read(
        client, "head_a2", "transition", point_id=school.points["aut"], year_group="Y3",
        from_stage="ks1",
    )  # fmt: skip
    by_point = school.read(
        client, "head_a2", "transition", point_id=school.points["aut"], year_group="Y3",
        from_point_id=by_stage["from_point"]["id"],
    )  # fmt: skip
    assert by_stage == by_point


def test_a_statutory_start_that_cannot_be_found_is_refused_saying_why(
    client: TestClient, world: World, db: Session
) -> None:
    school = _arranged(client, world, db)
    aut = school.points["aut"]

    def refused(status: int, **params: Any) -> str:
        response = school.get(client, "head_a2", "transition", point_id=aut, **params)
        return str(assert_problem(response, status)["detail"])

    assert "needs year_group" in refused(422, from_stage="ks1")
    assert "not both" in refused(422, from_stage="ks1", year_group="Y3", from_point_id=aut)
    assert "not taken the KS2" in refused(422, from_stage="ks2", year_group="Y3")
    assert "No Multiplication tables check results" in refused(
        404, from_stage="mtc", year_group="Y4"
    )


def test_another_trust_cannot_start_from_this_trusts_ks1_results(
    client: TestClient, world: World, db: Session
) -> None:
    _arranged(client, world, db)
    response = client.get(
        f"/api/v1/schools/{world.schools['b1']}/tracking/transition",
        params={"year_group": "Y3", "from_stage": "ks1"},
        headers=world.headers("head_b1"),
    )
    assert response.status_code == 404
