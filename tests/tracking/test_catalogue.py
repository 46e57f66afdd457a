"""The catalogue of measures agrees with the grid, the gap table and the flag list for the same
cohort, subject and point, on the hand-worked school; it refuses a binding it cannot work out
naming the parameter; aggregate-only readers get no small numbers and no pupils."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.helpers import assert_problem
from tests.tracking.school import School
from tests.tracking.test_hand_worked import load
from tests.world import World

Loaded = tuple[School, dict[int, int]]


@pytest.fixture
def loaded(db: Any, client: TestClient, world: World) -> Loaded:
    return load(db, client, world)


def measure(client: TestClient, school: School, code: str, who: str = "head_a2",
            **params: Any) -> dict[str, Any]:  # fmt: skip
    response = client.get(
        f"/api/v1/schools/{school.id}/measures/{code}",
        params=params,
        headers=school.headers(who),
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_the_catalogue_lists_each_measure_with_its_unit_and_direction(
    client: TestClient, world: World
) -> None:
    listed = client.get("/api/v1/measures", headers=world.headers("head_a1")).json()
    by_code = {m["code"]: m for m in listed}
    assert {
        "pct_at_are", "pct_above_are", "pct_expected_progress", "pct_accelerated", "stuck",
        "falling_behind", "average_gain", "gap_percent", "gap_pupils", "target_group_pct_at_are",
    } <= set(by_code)  # fmt: skip
    assert (by_code["pct_at_are"]["unit"], by_code["pct_at_are"]["better"]) == ("percent", "higher")
    assert (by_code["stuck"]["unit"], by_code["stuck"]["better"]) == ("count", "lower")
    assert by_code["stuck"]["needs"] == ["earlier_point"]
    assert by_code["gap_pupils"]["needs"] == ["subgroup"]
    assert by_code["pct_at_are"]["takes_combined"] and not by_code["stuck"]["takes_combined"]


@pytest.mark.parametrize("subject", ["reading", "writing", "maths", "combined"])
@pytest.mark.parametrize("point", ["aut", "sum"])
def test_pct_at_are_for_each_year_group_is_the_grids_column(
    client: TestClient, loaded: Loaded, subject: str, point: str
) -> None:
    school, _ = loaded
    point_id = school.points[point]
    grid = school.read(client, "head_a2", "grid", subject=subject, point_id=point_id)
    for column in grid["columns"]:
        read = measure(client, school, "pct_at_are", subject=subject, point_id=point_id,
                       year_group=column["year_group"])  # fmt: skip
        assert read["value"] == column["percent_at_or_above"], (subject, point, column)
        assert read["cohort"] == column["cohort"]
        assert read["counted"] == column["at_or_above"]
        at_ids = sorted(
            i
            for cell in grid["cells"]
            if cell["year_group"] == column["year_group"]
            and _at_or_above(grid, column, cell["row"])
            for i in cell["pupil_ids"]
        )
        if column["other_scale"] == 0:
            assert read["pupil_ids"] == at_ids


def _at_or_above(grid: dict[str, Any], column: dict[str, Any], row: str) -> bool:
    """Rows at or above the column's ARE row (rows are highest first)."""
    keys = [r["key"] for r in grid["rows"]]
    return column["are_row"] is not None and keys.index(row) <= keys.index(column["are_row"])


def test_the_whole_school_is_the_year_groups_together(client: TestClient, loaded: Loaded) -> None:
    school, _ = loaded
    sum_point = school.points["sum"]
    both = measure(client, school, "pct_at_are", point_id=sum_point, year_group=["Y3", "Y4"])
    everyone = measure(client, school, "pct_at_are", point_id=sum_point)
    assert both["value"] == everyone["value"]
    assert both["cohort"] == everyone["cohort"] == 13


@pytest.mark.parametrize(
    ("year_group", "subgroup"),
    [(None, "disadvantaged"), (None, "girls"), ("Y3", "disadvantaged"), ("Y4", "girls")],
)
def test_gaps_and_progress_measures_are_the_gap_tables(
    client: TestClient, loaded: Loaded, year_group: str | None, subgroup: str
) -> None:
    school, _ = loaded
    sum_point = school.points["sum"]
    table = school.read(client, "head_a2", "gaps", subject="reading", point_id=sum_point)
    row = next(
        g
        for g in table["gaps"]
        if g["year_group"] == (year_group or "all") and g["subgroup"] == subgroup
    )
    cohort = {"point_id": sum_point} | ({"year_group": year_group} if year_group else {})
    gap = measure(client, school, "gap_percent", subgroup=subgroup, **cohort)
    assert gap["value"] == row["gap_percent"]
    pupils = measure(client, school, "gap_pupils", subgroup=subgroup, **cohort)
    assert pupils["value"] == row["gap_pupils"]
    # The subgroup's own progress, as the gap table's "group" side shows it.
    group_params = cohort | {"subgroup": subgroup}
    good = measure(client, school, "pct_expected_progress", **group_params)
    assert good["value"] == row["group"]["percent_expected_or_better"]
    gain = measure(client, school, "average_gain", **group_params)
    assert gain["value"] == row["group"]["average_gain"]


@pytest.mark.parametrize("flag", ["stuck", "falling_behind"])
def test_flag_counts_are_the_flag_lists(client: TestClient, loaded: Loaded, flag: str) -> None:
    school, _ = loaded
    sum_point = school.points["sum"]
    listed = school.read(client, "head_a2", "flags", subject="reading", point_id=sum_point,
                         flag=flag, include_muted=True)  # fmt: skip
    read = measure(client, school, flag, point_id=sum_point)
    assert read["value"] == len(listed["items"])
    assert read["pupil_ids"] == sorted(p["pupil_id"] for p in listed["items"])


def test_a_target_groups_share_at_are_counts_its_members_only(
    client: TestClient, loaded: Loaded
) -> None:
    school, ids = loaded
    made = client.post(
        f"/api/v1/schools/{school.id}/target-groups",
        json={
            "name": "Y3 readers",
            "subject": "reading",
            "term": "sum",
            "pupil_ids": [ids[3], ids[4]],
        },
        headers=school.headers("head_a2"),
    )
    assert made.status_code == 201, made.text
    read = measure(client, school, "target_group_pct_at_are", point_id=school.points["sum"],
                   target_group_id=made.json()["id"])  # fmt: skip
    # Cat (Y3E, below the summer ARE Y3S) and Dan (Y3D, below): none at ARE.
    assert (read["value"], read["cohort"], read["pupil_ids"]) == (0.0, 2, [])


def test_a_binding_the_catalogue_cannot_work_out_is_refused_naming_the_parameter(
    client: TestClient, loaded: Loaded, world: World
) -> None:
    school, _ = loaded
    url = f"/api/v1/schools/{school.id}/measures"
    headers = school.headers("head_a2")

    def refused(code: str, status: int = 422, **params: Any) -> str:
        body = assert_problem(client.get(f"{url}/{code}", params=params, headers=headers), status)
        return str(body["errors"][0]["pointer"]) if status == 422 else str(body["detail"])

    aut = school.points["aut"]
    assert "no_such" in refused("no_such", 404)
    assert refused("stuck", point_id=aut) == "/query/point_id"  # nothing earlier than autumn
    assert refused("gap_percent", point_id=aut) == "/query/subgroup"
    assert refused("stuck", subject="combined") == "/query/subject"
    assert refused("pct_at_are", year_group="Y99") == "/query/year_groups"
    assert refused("target_group_pct_at_are") == "/query/target_group_id"
    assert refused("pct_at_are", class_id=world.classes["b1_r"]) == "/query/class_id"
    assert refused("pct_at_are", point_id=world.point_a + 10_000) == "/query/point_id"


def test_a_governor_gets_no_pupils_and_no_small_numbers(client: TestClient, loaded: Loaded) -> None:
    school, _ = loaded
    sum_point = school.points["sum"]
    head = measure(client, school, "pct_at_are", point_id=sum_point)
    governor = measure(client, school, "pct_at_are", "governor_a2", point_id=sum_point)
    assert governor["pupil_ids"] is None and head["pupil_ids"]
    assert governor["suppression_threshold"] is not None
    # 13 pupils, 8 at ARE, 5 not: none under the threshold, so the value stands.
    assert governor["value"] == head["value"] and not governor["suppressed"]
    # Year 3's 6 pupils hold small numbers: withheld, with the cohort.
    small = measure(client, school, "pct_at_are", "governor_a2", point_id=sum_point,
                    year_group="Y3")  # fmt: skip
    assert (small["value"], small["cohort"], small["suppressed"]) == (None, None, True)
    grid = school.read(client, "governor_a2", "grid", subject="reading", point_id=sum_point)
    y3 = next(c for c in grid["columns"] if c["year_group"] == "Y3")
    assert y3["percent_at_or_above"] is None


def test_another_trusts_leader_cannot_read_this_schools_measures(
    client: TestClient, loaded: Loaded, world: World
) -> None:
    school, _ = loaded
    response = client.get(
        f"/api/v1/schools/{school.id}/measures/pct_at_are",
        headers=world.headers("trust_leader_b"),
    )
    assert response.status_code in (403, 404)
