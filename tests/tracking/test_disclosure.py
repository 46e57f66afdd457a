"""Who sees what of the tracking measures: governors, external advisers and dashboard clients
read aggregates with every group under the suppression threshold withheld, and never a pupil;
staff who may see the school's pupils read every number and the pupils behind it.

The school is the hand-worked one (tests/tracking/test_hand_worked.py): Y3 has 6 pupils and
Y4 has 7; at the summer point the reading cells hold 1, 2 or 3 pupils.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.helpers import assert_problem
from tests.tracking.school import School
from tests.tracking.test_hand_worked import PUPILS, load
from tests.world import World

AGGREGATE_ONLY = ["governor_a2", "adviser_a", "dashboard_a"]
NAMES = [name for _, first, last, *_ in PUPILS for name in (first, last)]


@pytest.fixture
def loaded(db: Session, client: TestClient, world: World) -> tuple[School, dict[int, int]]:
    return load(db, client, world)


def pupils_named(body: dict[str, Any], text: str, ids: dict[int, int]) -> list[str]:
    """Every trace of a pupil in a response: a pupil_ids list, a pupil_id, or a name."""
    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key in ("pupil_ids", "pupil_id", "first_name", "last_name") and item:
                    found.append(f"{key}={item}")
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(body)
    found += [name for name in NAMES if name in text]
    return found


def every_aggregate_read(client: TestClient, school: School, who: str) -> list[Any]:
    sum_point = school.points["sum"]
    reads = [
        school.get(client, who, "grid", subject=subject, point_id=sum_point)
        for subject in ("reading", "writing", "maths", "combined")
    ]
    reads.append(school.get(client, who, "gaps", subject="reading", point_id=sum_point))
    reads.append(school.get(client, who, "transition", subject="reading", point_id=sum_point))
    for what in ("overview", "flags"):
        reads.append(
            client.get(
                f"/api/v1/trusts/{school.trust_id}/tracking/{what}",
                params={"subject": "reading", "point_id": sum_point},
                headers=school.headers(who),
            )
        )
    return reads


@pytest.mark.parametrize("who", AGGREGATE_ONLY)
def test_aggregate_only_readers_never_receive_a_pupil_id_or_name(
    client: TestClient, loaded: tuple[School, dict[int, int]], who: str
) -> None:
    school, ids = loaded
    for response in every_aggregate_read(client, school, who):
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["suppression_threshold"] == 5
        assert pupils_named(body, response.text, ids) == [], response.request.url


@pytest.mark.parametrize("who", AGGREGATE_ONLY)
def test_aggregate_only_readers_get_the_grid_with_groups_under_five_withheld(
    client: TestClient, loaded: tuple[School, dict[int, int]], who: str
) -> None:
    school, _ = loaded
    grid = school.read(client, who, "grid", subject="reading", point_id=school.points["sum"])

    # Each year group (6 and 7 pupils) is shown; its counts under 5 are not, nor a percentage
    # of one: Y3's 50% of 6 would say that 3 pupils are at ARE.
    y3, y4 = grid["columns"]
    assert (y3["cohort"], y3["percent_at_or_above"], y3["suppressed"]) == (6, None, False)
    assert (y3["missing"], y3["other_scale"], y3["at_or_above"]) == (None, None, None)
    # Y4: 5 at or above ARE would be enough to show, but it would leave 7 - 5 = 2 below the
    # line, Hana (Y4D) and Gus (no result): one each. So it is withheld, with its 71.4%.
    assert (y4["cohort"], y4["percent_at_or_above"], y4["suppressed"]) == (7, None, False)
    assert (y4["missing"], y4["other_scale"], y4["at_or_above"]) == (None, None, None)
    # Every cell holds fewer than 5 pupils: all withheld, but still placed on the grid.
    assert {(c["year_group"], c["row"]) for c in grid["cells"]} == {
        ("Y3", "Y3M"), ("Y3", "Y3S"), ("Y3", "Y3D"), ("Y3", "Y3E"),
        ("Y4", "Y5E"), ("Y4", "Y4S"), ("Y4", "Y4D"),
    }  # fmt: skip
    assert all(
        c["count"] is None and c["pupil_ids"] is None and c["suppressed"] for c in grid["cells"]
    )


def test_downloads_write_a_percentage_withheld_beside_a_shown_size_as_text(
    client: TestClient, loaded: tuple[School, dict[int, int]]
) -> None:
    school, _ = loaded
    response = school.get(
        client, "governor_a2", "grid/export", subject="reading", point_id=school.points["sum"]
    )
    assert response.status_code == 200, response.text
    rows = list(csv.reader(io.StringIO(response.text)))
    summary = {row[0]: row[1:] for row in rows}
    # Y4 is shown (7 pupils), but its 5 at ARE and their 71.4% are withheld (see above).
    assert summary["Cohort"] == ["6", "7"]
    assert summary["% at or above ARE"] == ["suppressed", "suppressed"]

    response = school.get(
        client, "governor_a2", "gaps/export", subject="reading", point_id=school.points["sum"]
    )
    header, *rows = list(csv.reader(io.StringIO(response.text)))
    row = next(dict(zip(header, r, strict=True)) for r in rows if r[:2] == ["all", "disadvantaged"])
    # Both sizes are shown; neither count at ARE, percentage nor the gap is (see below).
    assert (row["Group pupils"], row["Rest pupils"]) == ("5", "8")
    withheld = ["Group % at or above ARE", "Rest % at or above ARE", "Gap (percentage points)"]
    assert [row[c] for c in withheld] == ["suppressed"] * 3


@pytest.mark.parametrize("who", AGGREGATE_ONLY)
def test_aggregate_only_readers_get_gaps_only_for_groups_of_five_or_more(
    client: TestClient, loaded: tuple[School, dict[int, int]], who: str
) -> None:
    school, _ = loaded
    table = school.read(client, who, "gaps", subject="reading", point_id=school.points["sum"])
    gaps = {(g["year_group"], g["subgroup"]): g for g in table["gaps"]}

    # 5 disadvantaged pupils against 8 others: both sizes shown. The group's 2 at ARE are not,
    # nor their 40%, and so neither is the gap. Nor are the rest's 6 (75%): the school's 8 at
    # ARE (61.5% of 13 on the trust overview) less 6 would give the 2 away.
    disadvantaged = gaps[("all", "disadvantaged")]
    assert disadvantaged["group"]["size"] == 5 and not disadvantaged["group"]["suppressed"]
    assert disadvantaged["rest"]["size"] == 8 and not disadvantaged["rest"]["suppressed"]
    for side in ("group", "rest"):
        assert disadvantaged[side]["at_or_above"] is None
        assert disadvantaged[side]["percent_at_or_above"] is None
    assert (disadvantaged["gap_percent"], disadvantaged["gap_pupils"]) == (None, None)
    # 3 disadvantaged pupils in Y3 (and 3 others): nothing about either, and no gap.
    y3 = gaps[("Y3", "disadvantaged")]
    for side in (y3["group"], y3["rest"]):
        assert side == {
            "size": None,
            "at_or_above": None,
            "percent_at_or_above": None,
            "percent_expected_or_better": None,
            "average_gain": None,
            "suppressed": True,
        }
    assert (y3["gap_percent"], y3["gap_pupils"]) == (None, None)
    # 2 SEN pupils in the school: withheld, and so are the 11 others, since 13 - 11 = 2.
    sen = gaps[("all", "sen")]
    assert sen["group"]["suppressed"] and sen["group"]["size"] is None
    assert sen["rest"]["suppressed"] and sen["rest"]["size"] is None
    assert sen["gap_percent"] is None and sen["gap_pupils"] is None


@pytest.mark.parametrize("who", AGGREGATE_ONLY)
def test_aggregate_only_readers_get_the_transition_matrix_with_every_small_cell_withheld(
    client: TestClient, loaded: tuple[School, dict[int, int]], who: str
) -> None:
    school, _ = loaded
    matrix = school.read(
        client, who, "transition", subject="reading", point_id=school.points["sum"]
    )
    assert len(matrix["cells"]) == 8
    assert all(
        c["count"] is None and c["pupil_ids"] is None and c["suppressed"] for c in matrix["cells"]
    )


@pytest.mark.parametrize("who", ["adviser_a", "dashboard_a"])
def test_trust_wide_aggregate_readers_get_headlines_without_small_counts(
    client: TestClient, loaded: tuple[School, dict[int, int]], who: str
) -> None:
    school, _ = loaded
    params = {"subject": "reading", "point_id": school.points["sum"]}
    headers = school.headers(who)
    trust = f"/api/v1/trusts/{school.trust_id}/tracking"
    overview = client.get(f"{trust}/overview", params=params, headers=headers).json()
    schools = {s["school_id"]: s for s in overview["schools"]}

    # School A1 has one pupil on roll (the world's): everything about it is withheld.
    a1 = schools[school.world.schools["a1"]]
    assert a1["suppressed"] and a1["cohort"] is None and a1["percent_at_or_above"] is None
    # School A2: 8 of 13 at ARE; 7 of the 10 judged made expected progress or better; one
    # pupil stuck, one falling behind and two missing are each too few to show.
    a2 = schools[school.id]
    assert a2 == {
        "school_id": school.id,
        "school_name": "School A2",
        "cohort": 13,
        "percent_at_or_above": 61.5,
        "percent_expected_or_better": 70.0,
        "stuck": None,
        "falling_behind": None,
        "missing": None,
        "suppressed": False,
    }
    flags = client.get(f"{trust}/flags", params=params, headers=headers).json()
    assert flags["counts"] and all(c["count"] is None and c["suppressed"] for c in flags["counts"])


def test_a_trust_leader_gets_every_count_of_the_trust_but_no_pupils(
    client: TestClient, loaded: tuple[School, dict[int, int]]
) -> None:
    school, _ = loaded
    params = {"subject": "reading", "point_id": school.points["sum"]}
    headers = school.headers("trust_leader_a")
    trust = f"/api/v1/trusts/{school.trust_id}/tracking"
    overview = client.get(f"{trust}/overview", params=params, headers=headers).json()
    a2 = next(s for s in overview["schools"] if s["school_id"] == school.id)
    assert (a2["cohort"], a2["stuck"], a2["falling_behind"], a2["missing"]) == (13, 1, 1, 2)

    flags = client.get(f"{trust}/flags", params=params, headers=headers).json()
    assert flags["suppression_threshold"] is None
    counts = {(c["school_id"], c["year_group"], c["flag"]): c["count"] for c in flags["counts"]}
    a1, a2_id = school.world.schools["a1"], school.id
    assert counts == {
        (a1, "R", "missing"): 1,
        (a2_id, "Y3", "accelerated"): 1,
        (a2_id, "Y3", "expected"): 1,
        (a2_id, "Y3", "slow"): 1,
        (a2_id, "Y3", "stuck"): 1,
        (a2_id, "Y3", "falling_behind"): 1,
        (a2_id, "Y3", "missing"): 1,
        (a2_id, "Y4", "accelerated"): 2,
        (a2_id, "Y4", "expected"): 3,
        (a2_id, "Y4", "missing"): 1,
        (a2_id, "Y4", "not_comparable"): 1,
    }


def test_staff_who_may_see_pupils_get_every_count_and_the_pupils(
    client: TestClient, loaded: tuple[School, dict[int, int]]
) -> None:
    school, ids = loaded
    sum_point = school.points["sum"]
    grid = school.read(client, "head_a2", "grid", subject="reading", point_id=sum_point)
    assert grid["suppression_threshold"] is None
    assert all(not c["suppressed"] for c in grid["columns"])
    assert all(c["count"] == len(c["pupil_ids"]) and not c["suppressed"] for c in grid["cells"])
    placed = sorted(i for c in grid["cells"] for i in c["pupil_ids"])
    # Everyone but Finn (no result), Gus (absent) and Leo (another scale) is placed.
    assert placed == sorted(ids[n] for n in ids if n not in (6, 7, 12))

    gaps = school.read(client, "head_a2", "gaps", subject="reading", point_id=sum_point)
    sen = next(g for g in gaps["gaps"] if (g["year_group"], g["subgroup"]) == ("all", "sen"))
    assert sen["group"]["size"] == 2 and sen["group"]["percent_at_or_above"] == 50.0

    matrix = school.read(client, "head_a2", "transition", point_id=sum_point)
    assert sum(c["count"] for c in matrix["cells"]) == 9
    assert all(c["pupil_ids"] for c in matrix["cells"])


@pytest.mark.parametrize("who", AGGREGATE_ONLY)
def test_the_flags_list_and_class_tracker_refuse_aggregate_only_readers(
    client: TestClient, loaded: tuple[School, dict[int, int]], who: str
) -> None:
    school, _ = loaded
    headers = school.headers(who)
    assert_problem(school.get(client, who, "flags", point_id=school.points["sum"]), 403)
    assert_problem(school.get(client, who, "flags", class_id=school.classes["Y3"]), 403)
    tracker = client.get(f"/api/v1/classes/{school.classes['Y3']}/tracking", headers=headers)
    assert_problem(tracker, 403)
    # Nor may they cut the grid by a pupil characteristic.
    assert_problem(school.get(client, who, "grid", subgroup="disadvantaged"), 403)


def test_a_class_teacher_tracks_their_own_class_by_name(
    client: TestClient, loaded: tuple[School, dict[int, int]]
) -> None:
    school, ids = loaded
    response = client.get(
        f"/api/v1/classes/{school.classes['Y3']}/tracking",
        params={"subject": "reading"},
        headers=school.headers("teacher_a2_y3"),
    )
    assert response.status_code == 200, response.text
    tracker = response.json()
    assert [p["code"] for p in tracker["points"]] == ["aut", "sum"]
    by_pupil = {p["pupil_id"]: p for p in tracker["pupils"]}
    assert sorted(by_pupil) == sorted(ids[n] for n in range(1, 7))
    eve = by_pupil[ids[5]]
    assert (eve["first_name"], eve["last_name"]) == ("Eve", "Evans")
    assert [(p["step"], p["attainment"], p["flag"]) for p in eve["placements"]] == [
        ("Y3S", "above", None),
        ("Y3M", "above", "slow"),
    ]
    flags = school.read(
        client, "teacher_a2_y3", "flags", class_id=school.classes["Y3"],
        point_id=school.points["sum"],
    )  # fmt: skip
    assert sorted(i["pupil_id"] for i in flags["items"]) == sorted(ids[n] for n in range(1, 7))


def test_a_lower_threshold_in_settings_shows_groups_of_that_size(
    client: TestClient,
    threshold_3_client: TestClient,
    loaded: tuple[School, dict[int, int]],
) -> None:
    school, _ = loaded
    grid = school.read(threshold_3_client, "governor_a2", "grid", point_id=school.points["aut"])
    assert grid["suppression_threshold"] == 3
    shown = {(c["year_group"], c["row"]): c["count"] for c in grid["cells"] if not c["suppressed"]}
    # In the autumn Y4E (Gus, Ivy, Mia) reaches 3, and is shown: Jack (Y4D), Hana (Y3M) and
    # the 2 on other scales make 4 withheld between three parts. Y3E's 4 would be too, but
    # all 6 of Y3 are at ARE, and 6 - 4 would say Eve (Y3S) and Finn (Y3D) are one each.
    assert shown == {("Y4", "Y4E"): 3}
    assert all(c["pupil_ids"] is None for c in grid["cells"])
    y3, y4 = grid["columns"]
    assert (y3["at_or_above"], y3["percent_at_or_above"], y3["missing"]) == (6, 100.0, None)
    # Y4's 5 at ARE would leave 2 below the line, Hana and Leo (WTS): one each.
    assert (y4["at_or_above"], y4["percent_at_or_above"]) == (None, None)

    gaps = school.read(threshold_3_client, "governor_a2", "gaps", point_id=school.points["sum"])
    by_group = {(g["year_group"], g["subgroup"]): g for g in gaps["gaps"]}
    # Girls (5 of 7 at ARE) against boys (3 of 6): both reach 3, so the gap is shown.
    girls = by_group[("all", "girls")]
    assert (girls["gap_percent"], girls["gap_pupils"]) == (21.4, -2)
    # Y3's 3 girls and 3 boys are shown, but not their 2 and 1 at ARE.
    y3_girls = by_group[("Y3", "girls")]
    assert (y3_girls["group"]["size"], y3_girls["rest"]["size"]) == (3, 3)
    assert y3_girls["group"]["percent_at_or_above"] is None
    assert y3_girls["gap_percent"] is None
    # Y3's 3 disadvantaged pupils are not: Y4's 2 are withheld, and the school's 5 less Y3's 3
    # would give them away.
    assert by_group[("Y3", "disadvantaged")]["group"]["suppressed"]
    assert by_group[("all", "disadvantaged")]["group"]["size"] == 5
