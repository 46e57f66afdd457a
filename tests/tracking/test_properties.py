"""Properties of the tracking measures over random small cohorts and random results, each
example pushed through the API into School A2 and rolled back before the next.

- The grid accounts for every pupil: in each year group's column the cells, the missing and
  the results on another scale add up to the cohort.
- A flag depends on the results, not on the order they were pushed in.
- The flags are the ones rule ``progress-flags/1`` gives, worked out here independently.
- No number withheld from a governor can be worked out from the grids and gap tables they see.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Connection
from sqlalchemy.orm import Session

from tests.tracking.recovery import gap_leaks, grid_leaks
from tests.tracking.school import School, pupil, result, school_a2
from tests.world import World

# The shipped year_steps scale: RE = 1 point … Y6M = 28, one point a step.
YEAR_STEPS = [f"{y}{s}" for y in ("R", "Y1", "Y2", "Y3", "Y4", "Y5", "Y6") for s in "EDSM"]
POINTS = {code: float(n) for n, code in enumerate(YEAR_STEPS, start=1)}
# The shipped ks_ta scale near the expected standard (EXS is the ARE at every point).
TA_POINTS = {"PK6": 7.0, "WTS": 8.0, "EXS": 9.0, "GDS": 10.0}
NEAR = YEAR_STEPS[YEAR_STEPS.index("Y2S") : YEAR_STEPS.index("Y5D") + 1]

results = st.one_of(
    st.none(),  # no result pushed
    st.just("absent"),
    st.sampled_from(NEAR),
    st.sampled_from(sorted(TA_POINTS)),
)
pupils = st.tuples(
    st.sampled_from(["Y3", "Y4"]),
    st.sampled_from(["F", "M"]),
    st.booleans(),  # fsm
    results,  # reading, autumn
    results,  # reading, summer
)
cohorts = st.lists(pupils, min_size=1, max_size=9)
SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
Cohort = list[tuple[str, str, bool, str | None, str | None]]


@contextmanager
def rolled_back(connection: Connection, db: Session) -> Iterator[None]:
    """Whatever the block writes, through the API or ``db``, is undone afterwards."""
    savepoint = connection.begin_nested()
    try:
        yield
    finally:
        # The session's own savepoint sits inside ours: end it first.
        db.rollback()
        savepoint.rollback()


def pupil_rows(cohort: Cohort) -> list[dict[str, Any]]:
    return [
        pupil(n, f"Pupil{n}", f"Prop{n:02d}", gender, year_group, fsm=fsm)
        for n, (year_group, gender, fsm, _, _) in enumerate(cohort, start=1)
    ]


def result_rows(cohort: Cohort) -> list[dict[str, Any]]:
    rows = []
    for n, (*_, autumn, summer) in enumerate(cohort, start=1):
        for point, value in (("aut", autumn), ("sum", summer)):
            if value is not None:
                scale = "ks_ta" if value in TA_POINTS else None
                rows.append(result(n, "reading", point, value, scale))
    return rows


def push(client: TestClient, school: School, pupils: list[Any], batches: list[list[Any]]) -> None:
    school.push_pupils(client, pupils)
    for batch in batches:
        if batch:
            school.push_results(client, batch)


def flags_by_name(client: TestClient, school: School) -> dict[str, tuple[Any, ...]]:
    body = school.read(client, "head_a2", "flags", subject="reading", point_id=school.points["sum"])
    return {
        item["last_name"]: (
            item["step"],
            item["step_before"],
            item["attainment"],
            item["distance"],
            item["gain"],
            item["expected_gain"],
            item["flag"],
        )
        for item in body["items"]
    }


@SETTINGS
@given(cohort=cohorts)
def test_every_grid_column_accounts_for_its_whole_cohort(
    db: Session, client: TestClient, world: World, connection: Connection, cohort: Cohort
) -> None:
    with rolled_back(connection, db):
        school = school_a2(db, client, world)
        push(client, school, pupil_rows(cohort), [result_rows(cohort)])
        sizes = {yg: sum(1 for p in cohort if p[0] == yg) for yg in ("Y3", "Y4")}
        for point in ("aut", "sum"):
            grid = school.read(
                client, "head_a2", "grid", subject="reading", point_id=school.points[point]
            )
            assert {c["year_group"]: c["cohort"] for c in grid["columns"]} == {
                yg: size for yg, size in sizes.items() if size
            }
            for c in grid["columns"]:
                placed = sum(
                    cell["count"] for cell in grid["cells"] if cell["year_group"] == c["year_group"]
                )
                assert placed + c["missing"] + c["other_scale"] == c["cohort"], (point, grid)


@SETTINGS
@given(
    cohort=cohorts,
    order=st.randoms(use_true_random=False),
    split=st.integers(min_value=0, max_value=20),
)
def test_flags_do_not_depend_on_the_order_results_were_pushed_in(
    db: Session,
    client: TestClient,
    world: World,
    connection: Connection,
    cohort: Cohort,
    order: Any,
    split: int,
) -> None:
    pupils_in, rows = pupil_rows(cohort), result_rows(cohort)
    with rolled_back(connection, db):
        school = school_a2(db, client, world)
        push(client, school, pupils_in, [rows])
        first = flags_by_name(client, school)
    # The pupils and results shuffled, and the results sent in two requests (summer first).
    shuffled_pupils, shuffled_rows = list(pupils_in), list(rows)
    order.shuffle(shuffled_pupils)
    order.shuffle(shuffled_rows)
    summer_first = sorted(shuffled_rows, key=lambda r: r["point"] != "sum")
    at = min(split, len(summer_first))
    with rolled_back(connection, db):
        school = school_a2(db, client, world)
        push(client, school, shuffled_pupils, [summer_first[:at], summer_first[at:]])
        second = flags_by_name(client, school)
    assert len(first) == len(cohort)
    assert second == first


def expected_flag(
    year_group: str, autumn: str | None, summer: str | None
) -> tuple[str, str, float | None, float | None]:
    """Attainment now, the flag, gain and expected gain by rule progress-flags/1 (tolerance 0)."""
    steps = (autumn, summer)
    if summer is None or summer == "absent":
        attainment = "missing"
    elif summer in TA_POINTS:
        attainment = _compare(TA_POINTS[summer], TA_POINTS["EXS"])
    else:
        attainment = _compare(POINTS[summer], POINTS[f"{year_group}S"])
    if any(s is None or s == "absent" for s in steps):
        # The expected gain is how far the ARE moved on the scale of the result now, if any.
        moved = None if attainment == "missing" else 0.0 if summer in TA_POINTS else 2.0
        return attainment, "missing", None, moved
    assert autumn is not None and summer is not None
    if (autumn in TA_POINTS) != (summer in TA_POINTS):
        return attainment, "not_comparable", None, None
    if summer in TA_POINTS:
        gain, expected = TA_POINTS[summer] - TA_POINTS[autumn], 0.0
    else:
        # The ARE moves from YnE in the autumn to YnS in the summer: 2 points.
        gain = POINTS[summer] - POINTS[autumn]
        expected = POINTS[f"{year_group}S"] - POINTS[f"{year_group}E"]
    if gain <= 0 and expected > 0:
        flag = "stuck"
    elif attainment == "below" and gain < expected:
        flag = "falling_behind"
    elif gain < expected:
        flag = "slow"
    elif gain > expected:
        flag = "accelerated"
    else:
        flag = "expected"
    return attainment, flag, gain, expected


def _compare(points: float, are: float) -> str:
    return "below" if points < are else "at" if points == are else "above"


@SETTINGS
@given(cohort=cohorts)
def test_every_flag_is_the_one_the_rule_gives(
    db: Session, client: TestClient, world: World, connection: Connection, cohort: Cohort
) -> None:
    with rolled_back(connection, db):
        school = school_a2(db, client, world)
        push(client, school, pupil_rows(cohort), [result_rows(cohort)])
        found = flags_by_name(client, school)
    expected = {
        f"Prop{n:02d}": expected_flag(year_group, autumn, summer)
        for n, (year_group, _, _, autumn, summer) in enumerate(cohort, start=1)
    }
    assert {
        name: (attainment, flag, gain, expected_gain)
        for name, (_, _, attainment, _, gain, expected_gain, flag) in found.items()
    } == expected


# Results on a few steps either side of the ARE, so that cells of every size turn up.
clustered = st.one_of(
    st.none(),
    st.just("absent"),
    st.sampled_from(["Y3D", "Y3S", "Y3M", "Y4D", "Y4S", "Y4M"]),
    st.sampled_from(["WTS", "EXS"]),
)
larger_cohorts = st.lists(
    st.tuples(
        st.sampled_from(["Y3", "Y4"]),
        st.sampled_from(["F", "M"]),
        st.booleans(),
        clustered,
        clustered,
    ),
    min_size=1,
    max_size=40,
)


@SETTINGS
@given(cohort=larger_cohorts)
def test_no_number_withheld_from_a_governor_can_be_worked_out(
    db: Session, client: TestClient, world: World, connection: Connection, cohort: Cohort
) -> None:
    with rolled_back(connection, db):
        school = school_a2(db, client, world)
        push(client, school, pupil_rows(cohort), [result_rows(cohort)])
        for point in ("aut", "sum"):
            params = {"subject": "reading", "point_id": school.points[point]}
            for view, leaks in (("grid", grid_leaks), ("gaps", gap_leaks)):
                seen = school.read(client, "governor_a2", view, **params)
                full = school.read(client, "head_a2", view, **params)
                assert leaks(seen, full, 5) == [], (point, view, seen, full)
