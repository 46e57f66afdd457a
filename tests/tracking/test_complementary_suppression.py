"""Complementary suppression, worked out by hand: where a view shows a total and its parts, a
withheld small part is withheld with at least one more, so that the total minus the shown parts
does not give it away.

School A2 here has 32 pupils with the same summer result in reading, writing and maths (ARE:
Y3S in Y3, Y4S in Y4) and no autumn results:

- Y3, 14 pupils: 5 on Y3M, 6 on Y3S (at or above ARE: 11), 3 on Y3D;
- Y4, 18 pupils: 5 on Y4M, 5 on Y4S (at or above: 10), 2 on Y4D, 6 on Y4E; three of them
  (two on Y4D, one on Y4E) have SEN support, the only SEN pupils in the school.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.tracking import test_hand_worked
from tests.tracking.recovery import gap_leaks, grid_leaks
from tests.tracking.school import School, pupil, result, school_a2
from tests.world import World

# Pupil numbers on each summer step, by year group.
STEPS = {
    "Y3": {"Y3M": range(1, 6), "Y3S": range(6, 12), "Y3D": range(12, 15)},
    "Y4": {"Y4M": range(15, 20), "Y4S": range(20, 25), "Y4D": range(25, 27), "Y4E": range(27, 33)},
}
SEN = {25, 26, 27}
SUBJECTS = ("reading", "writing", "maths")


def load_larger(db: Session, client: TestClient, world: World) -> School:
    school = school_a2(db, client, world)
    pupils, results = [], []
    for year_group, steps in STEPS.items():
        for step, numbers in steps.items():
            for n in numbers:
                sen = "sen_support" if n in SEN else "none"
                gender = "F" if n % 2 else "M"
                pupils.append(pupil(n, f"Pupil{n}", f"Larger{n:02d}", gender, year_group,
                                    sen_status=sen))  # fmt: skip
                results += [result(n, subject, "sum", step) for subject in SUBJECTS]
    school.push_pupils(client, pupils)
    school.push_results(client, results)
    return school


@pytest.fixture
def larger(db: Session, client: TestClient, world: World) -> School:
    return load_larger(db, client, world)


def columns(grid: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["year_group"]: c for c in grid["columns"]}


def shown_cells(grid: dict[str, Any], year_group: str) -> dict[str, int | None]:
    return {c["row"]: c["count"] for c in grid["cells"] if c["year_group"] == year_group}


def test_a_column_with_one_small_cell_has_the_smallest_other_cell_below_the_line_withheld(
    client: TestClient, larger: School
) -> None:
    grid = larger.read(client, "governor_a2", "grid", subject="reading",
                       point_id=larger.points["sum"])  # fmt: skip
    # Y4D's 2 pupils are withheld. With 10 of 18 shown at or above ARE, 8 are below the line,
    # on Y4D and Y4E: shown, Y4E's 6 would give the 2 away, so it is withheld too. The 8 could
    # then be 2 + 6 or 3 + 5 or 4 + 4 …; above the line nothing is withheld.
    assert shown_cells(grid, "Y4") == {"Y4M": 5, "Y4S": 5, "Y4D": None, "Y4E": None}
    y4 = columns(grid)["Y4"]
    assert (y4["cohort"], y4["at_or_above"], y4["percent_at_or_above"]) == (18, 10, 55.6)
    assert [c["suppressed"] for c in grid["cells"] if c["row"] in ("Y4D", "Y4E")] == [True, True]


def test_a_small_cell_alone_below_the_line_withholds_the_count_at_are_and_one_more_cell(
    client: TestClient, larger: School
) -> None:
    grid = larger.read(client, "governor_a2", "grid", subject="reading",
                       point_id=larger.points["sum"])  # fmt: skip
    # Y3D's 3 pupils are the only ones below the line: 14 - 11 at ARE would give them away,
    # so the 11 (and 78.6%) is withheld. Then 14 - 5 - 6 still would: the smaller of the
    # shown cells, Y3M's 5, is withheld with them, leaving 8 between Y3M and Y3D.
    assert shown_cells(grid, "Y3") == {"Y3M": None, "Y3S": 6, "Y3D": None}
    y3 = columns(grid)["Y3"]
    assert (y3["cohort"], y3["at_or_above"], y3["percent_at_or_above"]) == (14, None, None)
    assert not y3["suppressed"]


def test_the_combined_map_withholds_the_other_band_beside_a_small_one(
    client: TestClient, larger: School
) -> None:
    grid = larger.read(client, "governor_a2", "grid", subject="combined",
                       point_id=larger.points["sum"])  # fmt: skip
    # Y3: 11 at ARE in all three, 3 in none. The 3 is withheld, and 14 - 11 would give it:
    # both bands are withheld, with the count at ARE (which is the first band) and its %.
    assert shown_cells(grid, "Y3") == {"all_three": None, "none": None}
    y3 = columns(grid)["Y3"]
    assert (y3["cohort"], y3["at_or_above"], y3["percent_at_or_above"]) == (14, None, None)
    # Y4: 10 and 8, neither small: all shown.
    assert shown_cells(grid, "Y4") == {"all_three": 10, "none": 8}
    assert (columns(grid)["Y4"]["at_or_above"], columns(grid)["Y4"]["percent_at_or_above"]) == (
        10,
        55.6,
    )


def test_a_small_subgroup_withholds_the_rest_of_its_year_group_and_school(
    client: TestClient, larger: School
) -> None:
    table = larger.read(client, "governor_a2", "gaps", subject="reading",
                        point_id=larger.points["sum"])  # fmt: skip
    sen = {g["year_group"]: g for g in table["gaps"] if g["subgroup"] == "sen"}
    # Y4 has 18 pupils (the grid says so, and so does any subgroup shown in full): its 15
    # pupils without SEN would tell that 3 have it. Both sides are withheld, and the same for
    # the school's 3 of 32.
    for row in ("Y4", "all"):
        assert sen[row]["group"]["suppressed"] and sen[row]["rest"]["suppressed"], row
        assert (sen[row]["rest"]["size"], sen[row]["rest"]["percent_at_or_above"]) == (None, None)
    # Y3 has no SEN pupils: a zero gives nothing away, so its 14 others are shown, 11 at ARE.
    assert (sen["Y3"]["rest"]["size"], sen["Y3"]["rest"]["at_or_above"]) == (14, 11)
    assert sen["Y3"]["rest"]["percent_at_or_above"] == 78.6


def test_staff_who_may_see_pupils_still_get_every_number(
    client: TestClient, larger: School
) -> None:
    grid = larger.read(client, "head_a2", "grid", subject="reading", point_id=larger.points["sum"])
    assert grid["suppression_threshold"] is None
    assert shown_cells(grid, "Y3") == {"Y3M": 5, "Y3S": 6, "Y3D": 3}
    assert shown_cells(grid, "Y4") == {"Y4M": 5, "Y4S": 5, "Y4D": 2, "Y4E": 6}
    assert not any(c["suppressed"] for c in grid["cells"] + grid["columns"])
    assert [(c["cohort"], c["missing"], c["other_scale"], c["at_or_above"],
             c["percent_at_or_above"]) for c in grid["columns"]] == [
        (14, 0, 0, 11, 78.6),
        (18, 0, 0, 10, 55.6),
    ]  # fmt: skip
    table = larger.read(client, "head_a2", "gaps", subject="reading",
                        point_id=larger.points["sum"])  # fmt: skip
    sen = {g["year_group"]: g for g in table["gaps"] if g["subgroup"] == "sen"}
    assert [(sen[row]["group"]["size"], sen[row]["rest"]["size"]) for row in ("all", "Y4")] == [
        (3, 29),
        (3, 15),
    ]
    # All three SEN pupils are below ARE; the others in Y4 are 10 of 15.
    assert (sen["Y4"]["group"]["at_or_above"], sen["Y4"]["rest"]["at_or_above"]) == (0, 10)
    assert sen["Y4"]["gap_percent"] == -66.7


@pytest.mark.parametrize("threshold", [5, 3])
@pytest.mark.parametrize("school_of", ["larger", "hand_worked"])
def test_no_withheld_number_can_be_worked_out_from_a_grid_or_gap_table(
    db: Session,
    client: TestClient,
    threshold_3_client: TestClient,
    world: World,
    school_of: str,
    threshold: int,
) -> None:
    if school_of == "larger":
        school = load_larger(db, client, world)
    else:
        school, _ = test_hand_worked.load(db, client, world)
    reader = client if threshold == 5 else threshold_3_client
    for point in ("aut", "sum"):
        for subject in (*SUBJECTS, "combined"):
            params = {"subject": subject, "point_id": school.points[point]}
            seen = school.read(reader, "governor_a2", "grid", **params)
            assert seen["suppression_threshold"] == threshold
            full = school.read(client, "head_a2", "grid", **params)
            assert grid_leaks(seen, full, threshold) == [], (point, subject, seen)
            if subject == "combined":
                continue
            seen = school.read(reader, "governor_a2", "gaps", **params)
            full = school.read(client, "head_a2", "gaps", **params)
            assert gap_leaks(seen, full, threshold) == [], (point, subject, seen)
