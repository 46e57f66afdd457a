"""A small school worked out by hand: every number below was counted from the table of results
in this file, not by the code under test, and the endpoints must agree with it.

School A2, this year, autumn and summer points; scale ``year_steps`` (RE = 1 … Y3E = 13,
Y3D = 14, Y3S = 15, Y3M = 16, Y4E = 17, Y4D = 18, Y4S = 19, Y4M = 20, Y5E = 21 points).
The ARE is Y3E / Y4E in the autumn and Y3S / Y4S in the summer, so the expected gain from
autumn to summer is 2 points (Y3E → Y3S); the default flag rule has no tolerance.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from termwise.pupils.models import Pupil
from tests.tracking.school import School, pupil, result, school_a2, upn
from tests.world import World

# n, first name, last name, gender, year group, characteristics
PUPILS: list[tuple[int, str, str, str, str, dict[str, Any]]] = [
    (1, "Amy", "Archer", "F", "Y3", {"fsm": True}),
    (2, "Ben", "Baker", "M", "Y3", {}),
    (3, "Cat", "Carter", "F", "Y3", {"sen_status": "sen_support"}),
    (4, "Dan", "Dyer", "M", "Y3", {"fsm": True}),
    (5, "Eve", "Evans", "F", "Y3", {"eal": True}),
    (6, "Finn", "Fisher", "M", "Y3", {"fsm": True}),
    (7, "Gus", "Gray", "M", "Y4", {"fsm": True}),
    (8, "Hana", "Hart", "F", "Y4", {"eal": True}),
    (9, "Ivy", "Irwin", "F", "Y4", {"fsm": True}),
    (10, "Jack", "Jones", "M", "Y4", {}),
    (11, "Kira", "King", "F", "Y4", {}),
    (12, "Leo", "Lane", "M", "Y4", {"sen_status": "ehc_plan"}),
    (13, "Mia", "Moss", "F", "Y4", {}),
]

# (autumn, summer) per pupil; None: no result pushed; "2a" is on nc_levels, WTS/EXS on ks_ta.
READING: dict[int, tuple[str | None, str | None]] = {
    1: ("Y3E", "Y3M"),
    2: ("Y3E", "Y3S"),
    3: ("Y3E", "Y3E"),
    4: ("Y3E", "Y3D"),
    5: ("Y3S", "Y3M"),
    6: ("Y3D", None),
    7: ("Y4E", "absent"),
    8: ("Y3M", "Y4D"),
    9: ("Y4E", "Y4S"),
    10: ("Y4D", "Y5E"),
    11: ("2a", "Y4S"),
    12: ("WTS", "EXS"),
    13: ("Y4E", "Y4S"),
}
WRITING: dict[int, tuple[str | None, str | None]] = {
    1: ("Y3E", "Y3S"),
    2: ("Y3E", "Y3S"),
    3: ("Y3E", "Y3E"),
    4: ("Y3E", "Y3S"),
    5: ("Y3S", "Y3M"),
    6: ("Y3E", "Y3S"),
    7: ("Y4E", "Y4S"),
    8: ("Y4E", "Y4D"),
    9: ("Y4E", "Y4S"),
    10: ("Y4S", "Y4M"),
    11: ("Y4E", "Y4S"),
    12: ("WTS", "EXS"),
    13: ("Y4E", "Y4S"),
}
MATHS: dict[int, tuple[str | None, str | None]] = {
    1: ("Y3E", "Y3S"),
    2: ("Y3E", "Y3D"),
    3: ("Y3E", "Y3D"),
    4: ("Y3E", "Y3D"),
    5: ("Y3E", "Y3D"),
    6: ("Y3E", "Y3S"),
    7: ("Y4E", "Y4S"),
    8: ("Y4E", "Y4S"),
    9: ("Y4E", "Y4M"),
    10: ("Y4S", "Y5E"),
    11: ("Y4E", "Y4D"),
    12: ("WTS", "WTS"),
    13: ("Y4E", "Y4S"),
}
SCALES = {"2a": "nc_levels", "WTS": "ks_ta", "EXS": "ks_ta"}

YEAR_STEPS_HIGHEST_FIRST = [
    "Y6M", "Y6S", "Y6D", "Y6E", "Y5M", "Y5S", "Y5D", "Y5E", "Y4M", "Y4S", "Y4D", "Y4E",
    "Y3M", "Y3S", "Y3D", "Y3E", "Y2M", "Y2S", "Y2D", "Y2E", "Y1M", "Y1S", "Y1D", "Y1E",
    "RM", "RS", "RD", "RE",
]  # fmt: skip


def load(db: Session, client: TestClient, world: World) -> tuple[School, dict[int, int]]:
    """Push the pupils and all three subjects' results as the school's MIS; return the school
    and each pupil's id by their number."""
    school = school_a2(db, client, world)
    school.push_pupils(
        client,
        [
            pupil(n, first, last, gender, yg, **chars)
            for n, first, last, gender, yg, chars in PUPILS
        ],
    )
    rows = []
    for subject, table in (("reading", READING), ("writing", WRITING), ("maths", MATHS)):
        for n, pair in table.items():
            for point, value in zip(("aut", "sum"), pair, strict=True):
                if value is not None:
                    rows.append(result(n, subject, point, value, SCALES.get(value)))
    school.push_results(client, rows)
    upns = {upn(n): n for n, *_ in PUPILS}
    ids = {
        upns[str(u)]: pupil_id
        for pupil_id, u in db.execute(select(Pupil.id, Pupil.upn).where(Pupil.upn.in_(upns)))
    }
    assert len(ids) == len(PUPILS)
    return school, ids


@pytest.fixture
def loaded(db: Session, client: TestClient, world: World) -> tuple[School, dict[int, int]]:
    return load(db, client, world)


def cells(
    grid: dict[str, Any], ids: dict[int, int]
) -> dict[tuple[str, str], tuple[int, list[int]]]:
    """The grid's cells as (year group, row) → (count, pupil numbers)."""
    numbers = {pupil_id: n for n, pupil_id in ids.items()}
    found = {}
    for cell in grid["cells"]:
        assert cell["suppressed"] is False
        found[(cell["year_group"], cell["row"])] = (
            cell["count"],
            sorted(numbers[i] for i in cell["pupil_ids"]),
        )
    return found


def column(year_group: str, cohort: int, missing: int, other: int, are: str, at: int,
           percent: float) -> dict[str, Any]:  # fmt: skip
    return {
        "year_group": year_group,
        "cohort": cohort,
        "missing": missing,
        "other_scale": other,
        "are_row": are,
        "at_or_above": at,
        "percent_at_or_above": percent,
        "predicted_percent_at_or_above": None,
        "suppressed": False,
    }


def test_the_summer_reading_grid_matches_the_hand_count(
    client: TestClient, loaded: tuple[School, dict[int, int]]
) -> None:
    school, ids = loaded
    grid = school.read(client, "head_a2", "grid", subject="reading", point_id=school.points["sum"])

    assert grid["scale"] == "year_steps"
    assert grid["point"]["code"] == "sum"
    assert [r["key"] for r in grid["rows"]] == YEAR_STEPS_HIGHEST_FIRST
    assert grid["suppression_threshold"] is None
    assert grid["columns"] == [
        # Finn has no summer result; Gus was absent; Leo is on ks_ta (EXS: at ARE).
        column("Y3", cohort=6, missing=1, other=0, are="Y3S", at=3, percent=50.0),
        column("Y4", cohort=7, missing=1, other=1, are="Y4S", at=5, percent=71.4),
    ]
    assert cells(grid, ids) == {
        ("Y3", "Y3M"): (2, [1, 5]),
        ("Y3", "Y3S"): (1, [2]),
        ("Y3", "Y3D"): (1, [4]),
        ("Y3", "Y3E"): (1, [3]),
        ("Y4", "Y5E"): (1, [10]),
        ("Y4", "Y4S"): (3, [9, 11, 13]),
        ("Y4", "Y4D"): (1, [8]),
    }


def test_the_autumn_reading_grid_matches_the_hand_count(
    client: TestClient, loaded: tuple[School, dict[int, int]]
) -> None:
    school, ids = loaded
    grid = school.read(client, "head_a2", "grid", subject="reading", point_id=school.points["aut"])

    assert grid["columns"] == [
        column("Y3", cohort=6, missing=0, other=0, are="Y3E", at=6, percent=100.0),
        # Kira (2a, at the nc_levels ARE) and Leo (WTS, below) are on other scales.
        column("Y4", cohort=7, missing=0, other=2, are="Y4E", at=5, percent=71.4),
    ]
    assert cells(grid, ids) == {
        ("Y3", "Y3S"): (1, [5]),
        ("Y3", "Y3D"): (1, [6]),
        ("Y3", "Y3E"): (4, [1, 2, 3, 4]),
        ("Y4", "Y4D"): (1, [10]),
        ("Y4", "Y4E"): (3, [7, 9, 13]),
        ("Y4", "Y3M"): (1, [8]),
    }


# n → step now, step before, ARE now, attainment, distance, gain, expected gain, flag
READING_FLAGS: dict[int, tuple[Any, ...]] = {
    1: ("Y3M", "Y3E", "Y3S", "above", 1, 3.0, 2.0, "accelerated"),
    2: ("Y3S", "Y3E", "Y3S", "at", 0, 2.0, 2.0, "expected"),
    3: ("Y3E", "Y3E", "Y3S", "below", -2, 0.0, 2.0, "stuck"),
    4: ("Y3D", "Y3E", "Y3S", "below", -1, 1.0, 2.0, "falling_behind"),
    # Above ARE, but one step where two were expected.
    5: ("Y3M", "Y3S", "Y3S", "above", 1, 1.0, 2.0, "slow"),
    6: (None, "Y3D", None, "missing", None, None, None, "missing"),
    7: (None, "Y4E", None, "missing", None, None, None, "missing"),
    # Below ARE and still below, but made the expected two steps.
    8: ("Y4D", "Y3M", "Y4S", "below", -1, 2.0, 2.0, "expected"),
    9: ("Y4S", "Y4E", "Y4S", "at", 0, 2.0, 2.0, "expected"),
    10: ("Y5E", "Y4D", "Y4S", "above", 2, 3.0, 2.0, "accelerated"),
    # nc_levels in the autumn, year_steps in the summer: no gain can be measured.
    11: ("Y4S", "2a", "Y4S", "at", 0, None, None, "not_comparable"),
    # ks_ta expects a pupil to hold EXS (expected gain 0); WTS → EXS is one point more.
    12: ("EXS", "WTS", "EXS", "at", 0, 1.0, 0.0, "accelerated"),
    13: ("Y4S", "Y4E", "Y4S", "at", 0, 2.0, 2.0, "expected"),
}


def test_each_pupils_reading_attainment_and_flag_match_the_hand_worked_table(
    client: TestClient, loaded: tuple[School, dict[int, int]]
) -> None:
    school, ids = loaded
    body = school.read(client, "head_a2", "flags", subject="reading", point_id=school.points["sum"])

    assert body["point"]["code"] == "sum"
    assert body["from_point"]["code"] == "aut"
    numbers = {pupil_id: n for n, pupil_id in ids.items()}
    found = {
        numbers[item["pupil_id"]]: (
            item["step"],
            item["step_before"],
            item["are_step"],
            item["attainment"],
            item["distance"],
            item["gain"],
            item["expected_gain"],
            item["flag"],
        )
        for item in body["items"]
    }
    assert found == READING_FLAGS
    # Year group first, then surname; every flag quotes the rule and its tolerance.
    assert [numbers[item["pupil_id"]] for item in body["items"]] == list(range(1, 14))
    assert {(i["rule"], i["tolerance"]) for i in body["items"]} == {("progress-flags/1 v1", 0.0)}
    names = {n: (first, last) for n, first, last, *_ in PUPILS}
    assert all(
        (i["first_name"], i["last_name"]) == names[numbers[i["pupil_id"]]] for i in body["items"]
    )


def test_filtering_the_flags_keeps_only_the_pupils_with_those_flags(
    client: TestClient, loaded: tuple[School, dict[int, int]]
) -> None:
    school, ids = loaded
    body = school.read(
        client, "head_a2", "flags", subject="reading", point_id=school.points["sum"],
        flag=["stuck", "falling_behind", "slow"],
    )  # fmt: skip
    assert sorted(i["pupil_id"] for i in body["items"]) == sorted([ids[3], ids[4], ids[5]])


def measures(size: int, at: int, percent: float, good: float, gain: float) -> dict[str, Any]:
    return {
        "size": size,
        "at_or_above": at,
        "percent_at_or_above": percent,
        "percent_expected_or_better": good,
        "average_gain": gain,
        "suppressed": False,
    }


def test_the_reading_gap_table_matches_the_hand_count(
    client: TestClient, loaded: tuple[School, dict[int, int]]
) -> None:
    school, _ = loaded
    table = school.read(client, "head_a2", "gaps", subject="reading", point_id=school.points["sum"])

    assert table["from_point"]["code"] == "aut"
    gaps = {(g["year_group"], g["subgroup"]): g for g in table["gaps"]}
    # The whole school first, then each year group.
    assert list(dict.fromkeys(g["year_group"] for g in table["gaps"])) == ["all", "Y3", "Y4"]

    # Disadvantaged: Amy, Dan, Finn, Gus, Ivy. At ARE: Amy, Ivy. Judged: Amy (+3, accelerated),
    # Dan (+1, falling behind), Ivy (+2, expected). The rest: Ben, Cat, Eve, Hana, Jack, Kira,
    # Leo, Mia; at ARE all but Cat and Hana; judged all but Kira (not comparable), gains
    # 2 + 0 + 1 + 2 + 3 + 1 + 2 = 11 over 7, five of them expected or better.
    disadvantaged = gaps[("all", "disadvantaged")]
    assert disadvantaged["group"] == measures(5, 2, 40.0, 66.7, 2.0)
    assert disadvantaged["rest"] == measures(8, 6, 75.0, 71.4, 1.57)
    assert disadvantaged["gap_percent"] == -35.0
    # 6/8 of 5 pupils = 3.75 would be at ARE at the rest's rate; 2 are: about 2 short.
    assert disadvantaged["gap_pupils"] == 2

    # Girls: Amy, Cat, Eve, Hana, Ivy, Kira, Mia; at ARE: Amy, Eve, Ivy, Kira, Mia. Judged: all
    # but Kira, gains 3 + 0 + 1 + 2 + 2 + 2 = 10 over 6; good: Amy, Hana, Ivy, Mia. Boys: Ben,
    # Dan, Finn, Gus, Jack, Leo; at ARE: Ben, Jack, Leo; judged Ben, Dan, Jack, Leo (7 over 4).
    girls = gaps[("all", "girls")]
    assert girls["group"] == measures(7, 5, 71.4, 66.7, 1.67)
    assert girls["rest"] == measures(6, 3, 50.0, 75.0, 1.75)
    assert girls["gap_percent"] == 21.4
    # At the boys' rate 3.5 of 7 girls would be at ARE; 5 are: the girls are 1.5 (≈ 2) ahead.
    assert girls["gap_pupils"] == -2

    y3_disadvantaged = gaps[("Y3", "disadvantaged")]
    assert y3_disadvantaged["group"] == measures(3, 1, 33.3, 50.0, 2.0)
    assert y3_disadvantaged["rest"] == measures(3, 2, 66.7, 33.3, 1.0)
    assert y3_disadvantaged["gap_percent"] == -33.4
    assert y3_disadvantaged["gap_pupils"] == 1

    y4_girls = gaps[("Y4", "girls")]
    assert y4_girls["group"] == measures(4, 3, 75.0, 100.0, 2.0)
    assert y4_girls["rest"] == measures(3, 2, 66.7, 100.0, 2.0)
    assert y4_girls["gap_percent"] == 8.3
    assert y4_girls["gap_pupils"] == 0


def test_the_combined_map_matches_the_hand_count(
    client: TestClient, loaded: tuple[School, dict[int, int]]
) -> None:
    school, ids = loaded
    grid = school.read(client, "head_a2", "grid", subject="combined", point_id=school.points["sum"])

    assert [r["key"] for r in grid["rows"]] == ["all_three", "two", "one", "none"]
    assert grid["columns"] == [
        column("Y3", cohort=6, missing=1, other=0, are="all_three", at=1, percent=16.7),
        column("Y4", cohort=7, missing=1, other=0, are="all_three", at=3, percent=42.9),
    ]
    assert cells(grid, ids) == {
        ("Y3", "all_three"): (1, [1]),
        ("Y3", "two"): (2, [2, 5]),
        ("Y3", "one"): (1, [4]),
        ("Y3", "none"): (1, [3]),
        # Leo's EXS, EXS, WTS on ks_ta count as at, at, below: two.
        ("Y4", "all_three"): (3, [9, 10, 13]),
        ("Y4", "two"): (2, [11, 12]),
        ("Y4", "one"): (1, [8]),
    }


def transition(matrix: dict[str, Any], ids: dict[int, int]) -> dict[tuple[str, str], list[int]]:
    numbers = {pupil_id: n for n, pupil_id in ids.items()}
    found = {}
    for cell in matrix["cells"]:
        assert len(cell["pupil_ids"]) == cell["count"]
        found[(cell["from_row"], cell["to_row"])] = sorted(numbers[i] for i in cell["pupil_ids"])
    return found


def test_the_reading_transition_matrix_matches_the_hand_count(
    client: TestClient, loaded: tuple[School, dict[int, int]]
) -> None:
    school, ids = loaded
    matrix = school.read(
        client, "head_a2", "transition", subject="reading", point_id=school.points["sum"]
    )

    assert matrix["from_point"]["code"] == "aut"
    assert [r["key"] for r in matrix["from_rows"]] == YEAR_STEPS_HIGHEST_FIRST
    assert [c["key"] for c in matrix["to_columns"]] == YEAR_STEPS_HIGHEST_FIRST[::-1]
    # Finn and Gus have no summer step; Kira changed scale; Leo is on ks_ta throughout.
    assert transition(matrix, ids) == {
        ("Y3E", "Y3M"): [1],
        ("Y3E", "Y3S"): [2],
        ("Y3E", "Y3E"): [3],
        ("Y3E", "Y3D"): [4],
        ("Y3S", "Y3M"): [5],
        ("Y3M", "Y4D"): [8],
        ("Y4E", "Y4S"): [9, 13],
        ("Y4D", "Y5E"): [10],
    }

    year_4 = school.read(
        client, "head_a2", "transition", subject="reading", point_id=school.points["sum"],
        year_group="Y4",
    )  # fmt: skip
    assert year_4["year_group"] == "Y4"
    assert transition(year_4, ids) == {
        ("Y3M", "Y4D"): [8],
        ("Y4E", "Y4S"): [9, 13],
        ("Y4D", "Y5E"): [10],
    }


def test_the_gap_table_at_the_first_point_has_attainment_but_no_progress(
    client: TestClient, loaded: tuple[School, dict[int, int]]
) -> None:
    school, _ = loaded
    table = school.read(client, "head_a2", "gaps", subject="reading", point_id=school.points["aut"])

    # No earlier point: nobody is judged on progress.
    assert table["from_point"] is None
    girls = next(g for g in table["gaps"] if (g["year_group"], g["subgroup"]) == ("all", "girls"))
    # In the autumn all girls but Hana (Y3M, below Y4E) are at or above ARE; all boys but Leo
    # (WTS). At the boys' 5 of 6, 5.83 of the 7 girls would be; 6 are: no gap in pupils.
    assert girls["group"] == {
        "size": 7, "at_or_above": 6, "percent_at_or_above": 85.7,
        "percent_expected_or_better": None, "average_gain": None, "suppressed": False,
    }  # fmt: skip
    assert (girls["rest"]["size"], girls["rest"]["at_or_above"]) == (6, 5)
    assert girls["rest"]["percent_at_or_above"] == 83.3
    assert (girls["gap_percent"], girls["gap_pupils"]) == (2.4, 0)
